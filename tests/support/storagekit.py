"""Storage faults for real: a tiny filled-up filesystem, a read-only database file, a busy site.

Each fault is a real one, made with `unshare --user --map-root-user --mount` (no privileges
needed where unprivileged user namespaces are on, as on the machines here): inside that
namespace a command sees a small tmpfs mounted over a test's folder, or the database file
bind-mounted read-only. A read-only bind mount is used rather than `chmod 0444` because root
(and the namespace's own root) writes through file modes. The mount lives as long as the
command; what a test inspects afterwards is copied out by the same shell.

`BulkSite` is a news site on 127.0.0.1 with one RSS feed of many long articles: enough to fill
a small filesystem part-way through a crawl.
"""

from __future__ import annotations

import json
import random
import shlex
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any

from tests.support.cli import write_loopback_config
from tests.support.paths import ROOT

UNSHARE = ["unshare", "--user", "--map-root-user", "--mount", "--"]
_WORDS = ("province district police officials said attack convoy market road village town "
          "court ministry council election budget harvest river bridge school hospital "
          "minister spokesman residents reporters statement week morning evening security "
          "forces checkpoint highway station port trade farmers water power grid").split()


# -- namespaces ------------------------------------------------------------------------------


def small_fs_script(mount: Path, size_kb: int, free_kb: int, seed_files: Sequence[Path] = (),
                    after: str = "") -> str:
    """Shell lines: mount a `size_kb` tmpfs on `mount`, copy `seed_files` in, then fill it up to
    `free_kb` free with `mount/filler`; `after` runs once the command has ended."""
    copies = "".join(f"cp {shlex.quote(str(f))} {shlex.quote(str(mount))}/ && " for f in seed_files)
    filler = shlex.quote(str(mount / "filler"))
    return (
        f"mount -t tmpfs -o size={size_kb}k tmpfs {shlex.quote(str(mount))} && {copies}"
        f"{{ dd if=/dev/zero of={filler} bs=4096 2>/dev/null; true; }} && "
        f"truncate -s -{free_kb * 1024} {filler} && "
        + (f'"$@"; rc=$?; {after}; exit $rc' if after else 'exec "$@"')
    )


def read_only_script(path: Path, after: str = "") -> str:
    """Shell lines: bind-mount the file `path` over itself read-only (its folder stays writable)."""
    quoted = shlex.quote(str(path))
    return (f"mount --bind {quoted} {quoted} && mount -o remount,bind,ro {quoted} && "
            + (f'"$@"; rc=$?; {after}; exit $rc' if after else 'exec "$@"'))


def in_namespace(script: str, command: Sequence[str]) -> list[str]:
    """The argv running `script` in a new user and mount namespace, then `command` ("$@")."""
    return [*UNSHARE, "sh", "-c", script, "sh", *command]


def copy_out(files: Sequence[Path], target: Path) -> str:
    """Shell lines copying `files` (those that exist) into `target` (run inside the namespace)."""
    return "; ".join(f"[ -e {shlex.quote(str(f))} ] && cp {shlex.quote(str(f))} "
                     f"{shlex.quote(str(target))}/" for f in files)


def run_in_namespace(script: str, command: Sequence[str], timeout: float = 180,
                     env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `command` under `script` in a fresh namespace and capture its output."""
    return subprocess.run(in_namespace(script, command), capture_output=True, text=True,
                          timeout=timeout, env=env, stdin=subprocess.DEVNULL)


def health(port: int) -> tuple[int, dict[str, Any]] | None:
    """The daemon's health answer (status code, document), or None while nothing listens."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())
    except OSError:
        return None


# -- the site --------------------------------------------------------------------------------


def _paragraphs(index: int, count: int) -> list[str]:
    rng = random.Random(index)
    return [" ".join(rng.choice(_WORDS) for _ in range(60)).capitalize() + "."
            for _ in range(count)]


class BulkSite:
    """One RSS feed of `articles` long stories on 127.0.0.1, with an ETag on the feed.

    `stories` (title, paragraphs) replace the generated ones when given.
    """

    def __init__(self, articles: int = 60, paragraphs: int = 12,
                 stories: Sequence[tuple[str, list[str]]] = ()) -> None:
        self.stories = list(stories) or [
            (f"Report number {i} from the district", _paragraphs(i, paragraphs))
            for i in range(articles)]
        self.articles = len(self.stories)
        self._server: ThreadingHTTPServer | None = None
        self.requests: list[str] = []

    @property
    def url(self) -> str:
        """The base URL (no trailing slash)."""
        assert self._server is not None, "the site is not running"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def feed_url(self) -> str:
        """The feed's URL."""
        return self.url + "/feed.xml"

    def __enter__(self) -> BulkSite:
        """Listen on a free port in a daemon thread."""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                site.requests.append(self.path)
                status, ctype, body, headers = site.respond(self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def grow(self, count: int) -> None:
        """Publish `count` more stories (at the top of the feed)."""
        start = len(self.stories)
        self.stories.extend((f"Report number {i} from the district", _paragraphs(i, 12))
                            for i in range(start, start + count))
        self.articles = len(self.stories)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def respond(self, path: str) -> tuple[int, str, bytes, dict[str, str]]:
        """Status, content type, body and extra headers for a path."""
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n", {}
        if path == "/feed.xml":
            return 200, "application/rss+xml", self.feed().encode(), {
                "ETag": f'"bulk-v{self.articles}"'}
        if path.startswith("/a/") and path.endswith(".html") and path[3:-5].isdigit():
            index = int(path[3:-5])
            if index < self.articles:
                return 200, "text/html; charset=utf-8", self.page(index).encode(), {}
        return 404, "text/plain", b"not found", {}

    def feed(self) -> str:
        """The RSS 2.0 feed, newest first."""
        items = "".join(
            f"<item><title>{escape(self.stories[i][0])}</title>"
            f"<link>{self.url}/a/{i}.html</link><guid>{self.url}/a/{i}.html</guid>"
            f"<pubDate>Mon, 0{1 + i % 9} Sep 2025 0{i % 10}:00:00 +0000</pubDate>"
            f"<description>Summary of report {i}.</description></item>"
            for i in reversed(range(self.articles)))
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Bulk</title><link>{self.url}/</link><description>d</description>"
                f"{items}</channel></rss>")

    def page(self, index: int) -> str:
        """An article page: the story's title and paragraphs."""
        title, paragraphs = self.stories[index]
        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        return (f"<html><head><title>{escape(title)}</title></head><body><article>"
                f"<h1>{escape(title)}</h1>{body}</article></body></html>")


def seed_report(number: str) -> tuple[str, list[str]]:
    """A seed report of seeds/demo/reports (e.g. "001") as (title, paragraphs)."""
    path = next((ROOT / "seeds" / "demo" / "reports").glob(f"{number}_*.txt"))
    # Each report starts with a " date YYYY-MM-DD" token that is not part of the text.
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split(" ", 3)[-1]
                  .split("\n\n") if p.strip()]
    return paragraphs[0][:90], paragraphs


def write_bulk_config(directory: Path, site: BulkSite, database: Path, **sections: Any) -> Path:
    """A config crawling the bulk site into `database` (any path, e.g. on a small tmpfs)."""
    sources = [{"name": "bulk", "url": site.feed_url, "language": "en"}]
    return write_loopback_config(directory, str(database), sources, {"workers": 1}, sections)

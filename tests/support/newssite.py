"""The test suite's news site: the demo site plus faults, publishing and a request log.

`NewsSite` serves what crawler.demo.site.DemoSite serves, and can be told at run time to fail,
hang, redirect, serve arbitrary bytes, ignore conditional requests or publish new stories; raw
feeds and scripted behaviours come from its manifest (tests/support/sitemanifest.py). Every
request is logged, so tests and benchmarks can wait for one. With ``control=True`` the same is
reachable as ``POST /_control/<action>`` (tests/support/sitecontrol.py), so a site running in
another process (``python -m tests.support.newssite --control``) can be driven too.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from crawler.demo.manifest import Entry, ManifestError, parse_article
from crawler.demo.render import render_status_page
from crawler.demo.site import (
    DEFAULT_MANIFEST,
    DemoSite,
    FeedInfo,
    Request,
    Response,
    conditional,
    etag,
)
from tests.support.sitecontrol import answer_control
from tests.support.sitemanifest import load_site_manifest

LOGGED_HEADERS = ("If-None-Match", "If-Modified-Since", "User-Agent", "Accept",
                  "Accept-Encoding", "Referer")

_T = TypeVar("_T")

__all__ = ["DEFAULT_MANIFEST", "ManifestError", "NewsSite", "RequestRecord", "SiteFeed", "main"]


@dataclass(frozen=True)
class SiteFeed(FeedInfo):
    """A feed the site serves; `raw` when its body is a fixed file."""

    raw: bool = False


@dataclass(frozen=True)
class RequestRecord:
    """One request as the site saw it; `status` 0 means it was dropped without an answer."""

    method: str
    path: str
    headers: dict[str, str]
    status: int
    time: float


@dataclass
class _Fail:
    """Answer `status` to the next `remaining` requests (None: for ever)."""

    status: int
    remaining: int | None
    headers: dict[str, str]


@dataclass(frozen=True)
class _Raw:
    """Fixed bytes served at a path."""

    body: bytes
    content_type: str
    status: int = 200


class NewsSite(DemoSite):
    """The demo site with faults on demand; start() it, point a crawler at feeds(), stop() it."""

    def __init__(self, manifest: Path | None = None, control: bool = False) -> None:
        """Load the manifest (default: the demo site's); nothing listens until start()."""
        loaded = load_site_manifest(manifest or DEFAULT_MANIFEST)
        super().__init__(loaded.manifest)
        self.raw_feeds = loaded.raw_feeds
        self.behaviours = loaded.behaviours
        self.control = control
        self._logged = threading.Condition(self._lock)
        self._log: list[RequestRecord] = []
        self._stopping = threading.Event()
        # Run-time state, rebuilt from the manifest by _reset_state().
        self._touched: dict[str, datetime]  # feed name -> last runtime change
        self._fails: dict[str, _Fail]
        self._hangs: dict[str, float]
        self._redirects: dict[str, tuple[str, int]]
        self._raws: dict[str, _Raw]
        self._unconditional: set[str]
        self._reset_state()

    def start(self, port: int = 0) -> str:
        """Listen on 127.0.0.1 (port 0: any free port); return the base URL."""
        self._stopping.clear()
        return super().start(port)

    def stop(self) -> None:
        """Wake hanging requests (they end unanswered), then stop as the demo site does."""
        self._stopping.set()
        super().stop()

    def feeds(self) -> list[SiteFeed]:
        """Every feed, rendered ones first, then the raw ones, with absolute URLs."""
        rendered = [SiteFeed(**asdict(f)) for f in super().feeds()]
        raw = [SiteFeed(f.name, f.outlet, self.url + f.path, f.format, f.path, raw=True)
               for f in self.raw_feeds]
        return rendered + raw

    # -- request log -----------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first (control requests are not logged)."""
        with self._lock:
            return list(self._log)

    def count(self, path_prefix: str = "/") -> int:
        """How many logged requests had a path (with query) starting with `path_prefix`."""
        with self._lock:
            return sum(1 for r in self._log if r.path.startswith(path_prefix))

    def wait_for(self, path_prefix: str, count: int = 1, timeout: float = 5.0) -> bool:
        """Block until `count` requests under `path_prefix` were logged; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._logged:
            while self.count(path_prefix) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._logged.wait(left)
        return True

    def clear_log(self) -> None:
        """Forget every logged request."""
        with self._lock:
            self._log.clear()

    # -- behaviours ------------------------------------------------------------------------

    def fail(self, path: str, status: int = 500, times: int | None = None,
             headers: dict[str, str] | None = None) -> None:
        """Answer `status` (with `headers`, e.g. Retry-After) to `times` requests, or for ever."""
        with self._lock:
            self._fails[path] = _Fail(int(status), None if times is None else int(times),
                                      dict(headers or {}))

    def hang(self, path: str, seconds: float) -> None:
        """Delay answers at `path` by `seconds` (other requests are unaffected)."""
        with self._lock:
            self._hangs[path] = float(seconds)

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        """Redirect `path` to `location` (a site path or an absolute URL)."""
        with self._lock:
            self._redirects[path] = (location, int(status))

    def serve_raw(self, path: str, body: bytes, content_type: str, status: int = 200) -> None:
        """Serve exactly these bytes at `path` (a broken feed, HTML at a feed URL, ...)."""
        with self._lock:
            self._raws[path] = _Raw(bytes(body), content_type, int(status))

    def ignore_conditional(self, path: str) -> None:
        """Always answer `path` with 200 and the full body, whatever the validators say."""
        with self._lock:
            self._unconditional.add(path)

    def clear(self, path: str) -> None:
        """Remove every runtime behaviour set on `path`."""
        with self._lock:
            for rules in (self._fails, self._hangs, self._redirects, self._raws):
                rules.pop(path, None)
            self._unconditional.discard(path)

    def publish(self, feed_name: str, article: dict[str, Any]) -> str:
        """Add (or replace, by id) an article at the top of a feed; return its page path."""
        with self._lock:
            feed = self.manifest.feeds.get(feed_name)
            if feed is None:
                raise ManifestError(f"no rendered feed named {feed_name!r}")
            stamp = self._next_stamp(feed_name)
            raw = dict(article)
            if raw.get("published") is None:
                raw["published"] = stamp
            new = parse_article(raw, self.manifest.outlets, self.manifest.reports_dir,
                                default_outlet=feed.outlet)
            self._articles[new.id] = new
            self._paths = {a.path: a.id for a in self._articles.values()}
            entries = [e for e in self._entries[feed_name] if e.article != new.id]
            self._entries[feed_name] = [Entry(article=new.id), *entries]
            self._touched[feed_name] = stamp
            self._cache.clear()
            return new.path

    def reset(self) -> None:
        """Back to the manifest: drop runtime behaviours and articles, clear the request log."""
        with self._lock:
            self._reset_state()
            self._log.clear()

    # -- answering -------------------------------------------------------------------------

    def handle(self, request: Request) -> Response | None:
        """Control actions, then hang if told to, answer, and log the request."""
        if self.control and request.path.startswith("/_control/"):
            return answer_control(self, request)
        if request.method not in ("GET", "HEAD"):
            return super().handle(request)
        seconds = self._hang_seconds(request.path)
        if seconds and self._stopping.wait(seconds):
            # Stopped while hanging: drop the connection without an answer.
            self._record(request, 0)
            return None
        response = self.respond(request)
        # Logged before the answer is written: a client holding its response can rely on the
        # log already counting the request.
        self._record(request, response.status)
        return response

    def respond(self, request: Request) -> Response:
        """A behaviour set on the path if any, else the demo site's answer."""
        path = request.path
        with self._lock:
            failing = _match(self._fails, path)
            if failing is not None:
                return self._failure(failing)
            redirect = _match(self._redirects, path)
            if redirect is not None:
                return self._redirect(*redirect)
            raw = _match(self._raws, path)
            if raw is not None:
                response = Response(raw.status, raw.body, raw.content_type)
                response.etag = etag(raw.body) if raw.status == 200 else None
            else:
                response = self.resource(path)
            if path in self._unconditional:
                return response
            return conditional(response, request.headers)

    def feed_updated(self, feed_name: str) -> datetime:
        """The feed's Last-Modified: its newest item or its last runtime change."""
        newest = super().feed_updated(feed_name)
        touched = self._touched.get(feed_name)
        return newest if touched is None else max(newest, touched)

    # -- internals -------------------------------------------------------------------------

    def _reset_state(self) -> None:
        """(Re)build the mutable state from the manifest, including its behaviours."""
        m = self.manifest
        self._articles = dict(m.articles)
        self._paths = {a.path: a.id for a in m.articles.values()}
        self._entries = {name: list(f.entries) for name, f in m.feeds.items()}
        self._touched = {}
        self._fails = {}
        self._hangs = {}
        self._redirects = {}
        self._raws = {f.path: _Raw(f.body, f.content_type) for f in self.raw_feeds}
        self._unconditional = set()
        self._cache.clear()
        for b in self.behaviours:
            self._apply_behaviour(b.path, b.action, b.options)

    def _apply_behaviour(self, path: str, action: str, o: dict[str, Any]) -> None:
        """Install one manifest behaviour."""
        if action == "fail":
            self.fail(path, int(o["fail"]), o.get("times"), o.get("headers"))
        elif action == "hang":
            self.hang(path, float(o["hang"]))
        elif action == "redirect":
            self.redirect(path, str(o["redirect"]), int(o.get("status", 302)))
        elif action in ("raw", "raw_file"):
            body = o["raw_file"].read_bytes() if action == "raw_file" else str(o["raw"]).encode()
            ctype = str(o.get("content_type", "application/octet-stream"))
            self.serve_raw(path, body, ctype, int(o.get("status", 200)))
        elif action == "ignore_conditional":
            self.ignore_conditional(path)

    def _next_stamp(self, feed_name: str) -> datetime:
        """Now, but strictly after the feed's last change, so Last-Modified always moves."""
        now = datetime.now(UTC).replace(microsecond=0)
        return max(now, self.feed_updated(feed_name) + timedelta(seconds=1))

    def _record(self, request: Request, status: int) -> None:
        """Append to the log and wake wait_for()."""
        kept = {name: request.headers[name] for name in LOGGED_HEADERS if name in request.headers}
        with self._logged:
            self._log.append(RequestRecord(request.method, request.target, kept, status,
                                           time.time()))
            self._logged.notify_all()

    def _hang_seconds(self, path: str) -> float:
        """How long to hold a request for `path` before answering."""
        with self._lock:
            return _match(self._hangs, path) or 0.0

    def _failure(self, rule: _Fail) -> Response:
        """Count down a fail rule and answer with its status."""
        if rule.remaining is not None:
            rule.remaining -= 1
            if rule.remaining <= 0:
                # Drop the exhausted rule wherever it was registered (exact or prefix key).
                for key in [k for k, v in self._fails.items() if v is rule]:
                    del self._fails[key]
        page = render_status_page(rule.status, "Error")
        return Response(rule.status, page.body, page.content_type, list(rule.headers.items()))

    def _redirect(self, location: str, status: int) -> Response:
        """A redirect to a site path (made absolute) or an absolute URL."""
        absolute = self.url + location if location.startswith("/") else location
        page = render_status_page(status, "Moved")
        return Response(status, page.body, page.content_type, [("Location", absolute)])


def _match(rules: dict[str, _T], path: str) -> _T | None:
    """The rule for `path`: an exact key, else the longest `prefix*` key that matches."""
    if path in rules:
        return rules[path]
    prefixes = [k for k in rules if k.endswith("*") and path.startswith(k[:-1])]
    return rules[max(prefixes, key=len)] if prefixes else None


def main(argv: list[str] | None = None) -> int:
    """Run the site until SIGTERM/SIGINT, after printing its base URL as the only stdout line."""
    parser = argparse.ArgumentParser(prog="python -m tests.support.newssite", description=__doc__)
    parser.add_argument("--manifest", type=Path, default=None, help="site manifest (YAML)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free)")
    parser.add_argument("--control", action="store_true", help="enable POST /_control/<action>")
    args = parser.parse_args(argv)
    try:
        site = NewsSite(args.manifest, control=args.control)
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    print(site.start(args.port), flush=True)
    try:
        while not done.wait(0.5):
            pass
    finally:
        site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A 304 Not Modified to a request that sent no validators is the server's error, not news.

On a first poll the crawler has nothing cached; a 304 then (with a body, even) would read as
"nothing new" for ever. It is recorded as a failure with its cause; a real 304 to a
conditional request stays `not_modified`.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import run_cli


def _feed(link: str) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f"<link>http://x/</link><description>d</description><item><title>Story</title>"
            f"<link>{link}</link><description>Summary from the feed</description></item>"
            f"</channel></rss>").encode()


class _Handler(BaseHTTPRequestHandler):
    """/stale.xml and /page.html answer 304 with a body, whatever was asked; /fresh.xml is a
    feed linking to /page.html; robots.txt is 404."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        self.server.seen.append((self.path, dict(self.headers.items())))
        page = f"{self.server.url}/page.html"
        status, body = {"/stale.xml": (304, _feed(page)), "/fresh.xml": (200, _feed(page)),
                        "/page.html": (304, b"<html><p>stale page</p></html>")
                        }.get(self.path, (404, b""))
        self.send_response(status)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", '"stale"')
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)  # a 304 has no body; this server sends one anyway


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, dict[str, str]]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def server() -> Iterator[_Server]:
    with _Server() as running:
        thread = threading.Thread(target=running.serve_forever, daemon=True)
        thread.start()
        yield running
        running.shutdown()


def test_a_304_to_a_request_without_validators_is_a_failure_with_its_cause(
    server: _Server, tmp_path: Path,
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "database": "watchpost.db",
        "sources": [{"name": "liar", "url": f"{server.url}/stale.xml"},
                    {"name": "honest", "url": f"{server.url}/fresh.xml"}],
        "crawl": {"delay": 0, "timeout": 5, "retries": 0, "allow_hosts": ["127.0.0.1"]},
    }))
    run = run_cli("crawl", "--config", str(config))
    assert run.returncode == 0, run.stderr
    asked = {path: headers for path, headers in server.seen}
    for path in ("/stale.xml", "/page.html"):  # first requests: no validators were sent
        assert not {"If-None-Match", "If-Modified-Since"} & set(asked[path])

    line = next(x for x in run.stdout.splitlines() if x.startswith("liar"))
    assert line.split()[1] == "failed" and "304" in line
    conn = sqlite3.connect(tmp_path / "watchpost.db")
    status, error, etag = conn.execute(
        "SELECT last_status, last_error, etag FROM feed_state WHERE source = 'liar'").fetchone()
    assert status == "failed"
    assert "304" in error and "no validators" in error
    assert etag is None  # nothing to send next time: the next poll asks afresh
    # An article answering 304 keeps the feed's text and says why.
    article, detail = conn.execute(
        "SELECT status, status_detail FROM articles WHERE url LIKE '%/page.html'").fetchone()
    conn.close()
    assert article == "feed_only" and "304" in detail and "no validators" in detail

"""The offline news site that `watchpost demo` crawls: a stdlib HTTP server on 127.0.0.1.

It serves what a manifest (crawler.demo.manifest) describes, rendered by crawler.demo.render:
feeds in four formats (RSS 2.0, RSS 1.0, Atom, JSON Feed), article pages, outlet index pages and
robots.txt, each with the validators a real site sends (ETag, Last-Modified) and a 304 answer to
a conditional request that still matches. One request is one `handle` call (a `Request` in, a
`Response` out), so a subclass can wrap the answers without touching the HTTP plumbing.
"""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from crawler.demo.manifest import Article, Entry, Feed, Manifest, load_manifest
from crawler.demo.render import (
    FeedItem,
    Rendered,
    http_date,
    render_article,
    render_feed,
    render_index,
    render_status_page,
)
from crawler.resources import seed

DEMO_DIR = seed("demo")
DEFAULT_MANIFEST = DEMO_DIR / "site.yaml"
ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"
FEED_MIME = {"rss2": "application/rss+xml", "rss1": "application/rdf+xml",
             "atom": "application/atom+xml", "jsonfeed": "application/feed+json"}
_EMPTY_FEED_DATE = datetime(2024, 1, 1, tzinfo=UTC)

__all__ = ["DEFAULT_MANIFEST", "DEMO_DIR", "DemoSite", "FeedInfo", "Request", "Response"]


@dataclass(frozen=True)
class FeedInfo:
    """A feed the site serves: enough for a crawler config."""

    name: str
    outlet: str
    url: str
    format: str
    path: str


@dataclass(frozen=True)
class Request:
    """One HTTP request as the site sees it (`target` keeps the query string)."""

    method: str
    target: str
    headers: Message
    body: bytes = b""

    @property
    def path(self) -> str:
        """The target's path, without query or fragment."""
        return urlsplit(self.target).path or "/"


@dataclass
class Response:
    """What the handler writes back."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    etag: str | None = None
    last_modified: datetime | None = None


class DemoSite:
    """The demo news site; start() it, point a crawler at feeds(), stop() it."""

    def __init__(self, manifest: Path | Manifest | None = None) -> None:
        """Load the manifest (default: the demo site's); nothing listens until start()."""
        if not isinstance(manifest, Manifest):
            manifest = load_manifest(manifest or DEFAULT_MANIFEST)
        self.manifest: Manifest = manifest
        self._lock = threading.RLock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        # What is served, by path; a subclass may change these (under the lock) at run time.
        self._articles: dict[str, Article] = dict(manifest.articles)
        self._paths: dict[str, str] = {a.path: a.id for a in manifest.articles.values()}
        self._entries: dict[str, list[Entry]] = {n: list(f.entries)
                                                 for n, f in manifest.feeds.items()}
        self._feed_paths: dict[str, str] = {f.path: n for n, f in manifest.feeds.items()}
        self._cache: dict[str, tuple[Rendered, datetime | None, str]] = {}  # body, LM, ETag

    # -- lifecycle -------------------------------------------------------------------------

    def start(self, port: int = 0) -> str:
        """Listen on 127.0.0.1 (port 0: any free port) in a daemon thread; return the base URL."""
        if self._server is not None:
            return self.url
        self._server = _Server(("127.0.0.1", port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
            name="demo-site", daemon=True,
        )
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop listening and close open connections."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        server.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> DemoSite:
        """Start on entering a `with` block."""
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Stop on leaving the `with` block."""
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, e.g. http://127.0.0.1:40123 (no trailing slash)."""
        if self._server is None:
            raise RuntimeError("the news site is not running: call start() first")
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def feeds(self) -> Sequence[FeedInfo]:
        """Every feed in the manifest, with absolute URLs."""
        return [FeedInfo(f.name, f.outlet, self.url + f.path, f.format, f.path)
                for f in self.manifest.feeds.values()]

    def article_url(self, article_id: str) -> str:
        """The absolute URL of an article's page."""
        with self._lock:
            return self.url + self._articles[article_id].path

    # -- answering -------------------------------------------------------------------------

    def handle(self, request: Request) -> Response | None:
        """The answer to one request; None drops the connection without one."""
        if request.method not in ("GET", "HEAD"):
            return Response(405, b"method not allowed\n", "text/plain", [("Allow", "GET, HEAD")])
        return self.respond(request)

    def respond(self, request: Request) -> Response:
        """A GET/HEAD: the resource at the path, or 304 when the client's copy is current."""
        with self._lock:
            return conditional(self.resource(request.path), request.headers)

    def resource(self, path: str) -> Response:
        """A rendered resource (feed, article, index, robots.txt) or a 404 page."""
        if path == "/robots.txt":
            return Response(200, ROBOTS_TXT, "text/plain; charset=utf-8", etag=etag(ROBOTS_TXT))
        with self._lock:
            if path not in self._cache:
                built = self._build(path)
                if built is None:
                    page = render_status_page(404, "Not Found")
                    return Response(404, page.body, page.content_type)
                self._cache[path] = (*built, etag(built[0].body))
            rendered, modified, tag = self._cache[path]
        return Response(200, rendered.body, rendered.content_type, etag=tag,
                        last_modified=modified)

    def feed_updated(self, feed_name: str) -> datetime:
        """The feed's Last-Modified: its newest item's date."""
        dates = [self._articles[e.article].published for e in self._entries[feed_name]]
        return max(dates, default=_EMPTY_FEED_DATE)

    # -- rendering -------------------------------------------------------------------------

    def _build(self, path: str) -> tuple[Rendered, datetime | None] | None:
        """Render whatever lives at `path`, with its last-modified time."""
        if path in self._feed_paths:
            name = self._feed_paths[path]
            return self._render_feed(self.manifest.feeds[name]), self.feed_updated(name)
        article_id = self._paths.get(path)
        if article_id is not None and self._articles[article_id].serve:
            article = self._articles[article_id]
            return self._render_article(article), article.published
        if path == "/":
            links = [(o.name, o.prefix) for o in self.manifest.outlets.values()]
            return render_index(self.manifest.title, links, None), None
        for outlet in self.manifest.outlets.values():
            if path == outlet.prefix:
                links = [(a.title, a.path) for a in self._articles.values()
                         if a.outlet == outlet.id and a.serve and a.path.startswith(outlet.prefix)]
                return render_index(outlet.name, links, outlet), None
        return None

    def _render_feed(self, feed: Feed) -> Rendered:
        """A feed's body with absolute links built from this server's base URL."""
        items = []
        for entry in self._entries[feed.name]:
            article = self._articles[entry.article]
            link = entry.link or article.path
            if link.startswith("/"):
                link = self.url + link
            items.append(FeedItem(article, link + entry.suffix, f"urn:watchpost-site:{article.id}"))
        outlet = self.manifest.outlets[feed.outlet]
        return render_feed(feed, outlet, items, self.url + feed.path, self.url + outlet.prefix,
                           self.feed_updated(feed.name))

    def _render_article(self, article: Article) -> Rendered:
        """An article page with related stories from the same outlet."""
        outlet = self.manifest.outlets[article.outlet]
        related = [(a.title, a.path) for a in self._articles.values()
                   if a.outlet == article.outlet and a.id != article.id and a.serve][:5]
        feed_links = [(f.title, self.url + f.path, FEED_MIME[f.format])
                      for f in self.manifest.feeds.values() if f.outlet == article.outlet]
        return render_article(article, outlet, self.url + article.path, related, feed_links)


def etag(body: bytes) -> str:
    """A strong validator: a hash of the body."""
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def conditional(response: Response, headers: Message) -> Response:
    """`response`, or an empty 304 carrying its validators when the client's copy matches."""
    if not _not_modified(response, headers):
        return response
    return Response(304, b"", response.content_type, response.headers, etag=response.etag,
                    last_modified=response.last_modified)


def _not_modified(response: Response, headers: Message) -> bool:
    """RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since counts only without it."""
    if response.status != 200:
        return False
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        if response.etag is None:
            return False
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or response.etag in tags
    since = headers.get("If-Modified-Since")
    if since is None or response.last_modified is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    # HTTP dates have one-second resolution: compare at that resolution.
    return response.last_modified.replace(microsecond=0) <= when


class _Server(ThreadingHTTPServer):
    """A threading server that knows its site and can cut open connections on stop."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: DemoSite) -> None:
        """Bind; connections are tracked so stop() can close idle keep-alive sockets."""
        self.site = site
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        """Track the connection while a thread serves it."""
        with self._connections_lock:
            self._connections.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._connections_lock:
                self._connections.discard(request)

    def close_connections(self) -> None:
        """Shut every open connection down so its thread ends now."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client hanging up mid-answer is normal here, not worth a traceback."""


class _Handler(BaseHTTPRequestHandler):
    """Maps HTTP requests onto the site's `handle`."""

    protocol_version = "HTTP/1.1"
    server_version = "WatchpostNewsSite/1.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections give up eventually
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: no per-request lines on stderr."""

    def do_GET(self) -> None:  # noqa: N802
        """Serve a page or feed."""
        self._serve()

    def do_HEAD(self) -> None:  # noqa: N802
        """Like GET without the body."""
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        """The demo site takes no POST; the site's `handle` decides what to answer."""
        self._serve()

    def _serve(self) -> None:
        """Read the request, ask the site, write its answer (or drop the connection)."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        response = self.server.site.handle(Request(self.command, self.path, self.headers, body))
        if response is None:
            self.close_connection = True
            return
        self._send(response, head=self.command == "HEAD")

    def _send(self, response: Response, head: bool) -> None:
        """Write status, headers and (unless HEAD or 304) the body."""
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        if response.etag:
            self.send_header("ETag", response.etag)
        if response.last_modified:
            self.send_header("Last-Modified", http_date(response.last_modified))
        for name, value in response.headers:
            self.send_header(name, value)
        if response.status == 304:
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

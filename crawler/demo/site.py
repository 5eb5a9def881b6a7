"""An offline news site on 127.0.0.1 (stdlib HTTP server): feeds and articles from a manifest.

It backs `watchpost demo`, the crawler's end-to-end tests and the benchmarks. Besides serving
rendered feeds (RSS 2.0, RSS 1.0, Atom, JSON Feed), article pages and robots.txt, it can be told
at runtime to fail, hang, redirect, serve arbitrary bytes, ignore conditional requests or publish
new stories; with ``control=True`` the same is reachable as ``POST /_control/<action>`` (JSON),
so a site running in another process (``python -m crawler.demo.site --control``) can be driven too.

Over 400 lines on purpose: one class and its request handler share the site's state and lock;
the manifest reader and the renderers already live in their own modules.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

from crawler.demo.manifest import (
    Article,
    Entry,
    Feed,
    Manifest,
    ManifestError,
    load_manifest,
    parse_article,
)
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
LOGGED_HEADERS = ("If-None-Match", "If-Modified-Since", "User-Agent", "Accept",
                  "Accept-Encoding", "Referer")
_EMPTY_FEED_DATE = datetime(2024, 1, 1, tzinfo=UTC)
_FEED_MIME = {"rss2": "application/rss+xml", "rss1": "application/rdf+xml",
              "atom": "application/atom+xml", "jsonfeed": "application/feed+json"}

_T = TypeVar("_T")
CONTROL_ACTIONS = ("fail", "hang", "redirect", "serve_raw", "ignore_conditional", "clear",
                   "publish", "reset", "clear_log", "requests", "count", "feeds")

__all__ = ["DEFAULT_MANIFEST", "FeedInfo", "ManifestError", "NewsSite", "RequestRecord", "main"]


@dataclass(frozen=True)
class FeedInfo:
    """A feed the site serves: enough for a crawler config."""

    name: str
    outlet: str
    url: str
    format: str
    path: str
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
class _Response:
    """What the handler writes back."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)
    etag: str | None = None
    last_modified: datetime | None = None


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


class NewsSite:
    """The offline news site; start() it, point a crawler at feeds(), stop() it."""

    def __init__(self, manifest: Path | None = None, control: bool = False) -> None:
        """Load the manifest (default: the demo site); nothing listens until start()."""
        self.manifest: Manifest = load_manifest(manifest or DEFAULT_MANIFEST)
        self.control = control
        self._lock = threading.RLock()
        self._logged = threading.Condition(self._lock)
        self._log: list[RequestRecord] = []
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        # Mutable site state, rebuilt from the manifest by _reset_state().
        self._articles: dict[str, Article]
        self._paths: dict[str, str]  # page path -> article id
        self._entries: dict[str, list[Entry]]  # feed name -> entries, top first
        self._feed_paths: dict[str, str]  # feed path -> feed name
        self._touched: dict[str, datetime]  # feed name -> last runtime change
        self._fails: dict[str, _Fail]
        self._hangs: dict[str, float]
        self._redirects: dict[str, tuple[str, int]]
        self._raws: dict[str, _Raw]
        self._unconditional: set[str]
        self._cache: dict[str, tuple[Rendered, datetime | None, str]]  # path -> body, LM, ETag
        self._reset_state()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self, port: int = 0) -> str:
        """Listen on 127.0.0.1 (port 0: any free port) in a daemon thread; return the base URL."""
        if self._server is not None:
            return self.url
        self._stopping.clear()
        self._server = _Server(("127.0.0.1", port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
            name="newssite", daemon=True,
        )
        self._thread.start()
        return self.url

    def stop(self) -> None:
        """Stop listening, wake hanging requests and close open connections."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        server.close_connections()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> NewsSite:
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

    def feeds(self) -> list[FeedInfo]:
        """Every feed in the manifest, with absolute URLs."""
        return [FeedInfo(f.name, f.outlet, self.url + f.path, f.format, f.path,
                         raw=f.raw_file is not None) for f in self.manifest.feeds.values()]

    def article_url(self, article_id: str) -> str:
        """The absolute URL of an article's page."""
        with self._lock:
            return self.url + self._articles[article_id].path

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
            if feed is None or feed.raw_file is not None:
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

    # -- internals -------------------------------------------------------------------------

    def _reset_state(self) -> None:
        """(Re)build the mutable state from the manifest, including its behaviours."""
        m = self.manifest
        self._articles = dict(m.articles)
        self._paths = {a.path: a.id for a in m.articles.values()}
        self._entries = {name: list(f.entries) for name, f in m.feeds.items()}
        self._feed_paths = {f.path: name for name, f in m.feeds.items()}
        self._touched = {}
        self._fails = {}
        self._hangs = {}
        self._redirects = {}
        self._raws = {}
        self._unconditional = set()
        self._cache = {}
        for feed in m.feeds.values():
            if feed.raw_file is not None:
                ctype = feed.content_type or _FEED_MIME[feed.format]
                self._raws[feed.path] = _Raw(feed.raw_file.read_bytes(), ctype)
        for b in m.behaviours:
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
        last = self._feed_updated(feed_name)
        return max(now, last + timedelta(seconds=1))

    def _feed_updated(self, feed_name: str) -> datetime:
        """The feed's Last-Modified: its newest item or its last runtime change."""
        dates = [self._articles[e.article].published for e in self._entries[feed_name]]
        if feed_name in self._touched:
            dates.append(self._touched[feed_name])
        return max(dates, default=_EMPTY_FEED_DATE)

    def _record(self, record: RequestRecord) -> None:
        """Append to the log and wake wait_for()."""
        with self._logged:
            self._log.append(record)
            self._logged.notify_all()

    def _hang_seconds(self, path: str) -> float:
        """How long to hold a request for `path` before answering."""
        with self._lock:
            return _match(self._hangs, path) or 0.0

    def _respond(self, target: str, headers: dict[str, str]) -> _Response:
        """Route a GET/HEAD (after any hang) to a behaviour or a page."""
        path = urlsplit(target).path or "/"
        with self._lock:
            failing = _match(self._fails, path)
            if failing is not None:
                return self._failure(failing)
            redirect = _match(self._redirects, path)
            if redirect is not None:
                location, status = redirect
                absolute = self.url + location if location.startswith("/") else location
                page = render_status_page(status, "Moved")
                return _Response(status, page.body, page.content_type, [("Location", absolute)])
            raw = _match(self._raws, path)
            if raw is not None:
                response = _Response(raw.status, raw.body, raw.content_type)
                response.etag = _etag(raw.body) if raw.status == 200 else None
            else:
                response = self._page(path)
            if path not in self._unconditional and _not_modified(response, headers):
                return _Response(304, b"", response.content_type, response.headers,
                                 etag=response.etag, last_modified=response.last_modified)
            return response

    def _failure(self, rule: _Fail) -> _Response:
        """Count down a fail rule and answer with its status."""
        if rule.remaining is not None:
            rule.remaining -= 1
            if rule.remaining <= 0:
                # Drop the exhausted rule wherever it was registered (exact or prefix key).
                for key in [k for k, v in self._fails.items() if v is rule]:
                    del self._fails[key]
        page = render_status_page(rule.status, "Error")
        return _Response(rule.status, page.body, page.content_type, list(rule.headers.items()))

    def _page(self, path: str) -> _Response:
        """A rendered resource (feed, article, index, robots.txt) or a 404 page."""
        if path == "/robots.txt":
            return _Response(200, ROBOTS_TXT, "text/plain; charset=utf-8", etag=_etag(ROBOTS_TXT))
        if path not in self._cache:
            built = self._build(path)
            if built is None:
                page = render_status_page(404, "Not Found")
                return _Response(404, page.body, page.content_type)
            self._cache[path] = (*built, _etag(built[0].body))
        rendered, modified, etag = self._cache[path]
        extra: list[tuple[str, str]] = []
        if path in self._feed_paths:
            extra = list(self.manifest.feeds[self._feed_paths[path]].headers)
        return _Response(200, rendered.body, rendered.content_type, extra,
                         etag=etag, last_modified=modified)

    def _build(self, path: str) -> tuple[Rendered, datetime | None] | None:
        """Render whatever lives at `path`, with its last-modified time."""
        if path in self._feed_paths:
            name = self._feed_paths[path]
            return self._render_feed(self.manifest.feeds[name]), self._feed_updated(name)
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
                           self._feed_updated(feed.name))

    def _render_article(self, article: Article) -> Rendered:
        """An article page with related stories from the same outlet."""
        outlet = self.manifest.outlets[article.outlet]
        related = [(a.title, a.path) for a in self._articles.values()
                   if a.outlet == article.outlet and a.id != article.id and a.serve][:5]
        feed_links = [(f.title, self.url + f.path, _FEED_MIME[f.format])
                      for f in self.manifest.feeds.values()
                      if f.outlet == article.outlet and f.raw_file is None]
        return render_article(article, outlet, self.url + article.path, related, feed_links)

    # -- control API -----------------------------------------------------------------------

    def _control(self, action: str, payload: dict[str, Any]) -> Any:
        """Run one control action from `POST /_control/<action>`; the result becomes JSON."""
        actions: dict[str, Callable[[], Any]] = {
            "fail": lambda: self.fail(payload["path"], payload.get("status", 500),
                                      payload.get("times"), payload.get("headers")),
            "hang": lambda: self.hang(payload["path"], payload["seconds"]),
            "redirect": lambda: self.redirect(payload["path"], payload["location"],
                                              payload.get("status", 302)),
            "serve_raw": lambda: self.serve_raw(
                payload["path"], _payload_body(payload),
                payload.get("content_type", "application/octet-stream"),
                payload.get("status", 200)),
            "ignore_conditional": lambda: self.ignore_conditional(payload["path"]),
            "clear": lambda: self.clear(payload["path"]),
            "publish": lambda: {"path": self.publish(payload["feed"], payload["article"])},
            "reset": self.reset,
            "clear_log": self.clear_log,
            "requests": lambda: [asdict(r) for r in self.requests],
            "count": lambda: {"count": self.count(payload.get("prefix", "/"))},
            "feeds": lambda: [asdict(f) for f in self.feeds()],
        }
        return actions[action]()


def _payload_body(payload: dict[str, Any]) -> bytes:
    """A control payload's body: `body_b64` (any bytes) or `body` (text, UTF-8)."""
    if "body_b64" in payload:
        return base64.b64decode(payload["body_b64"])
    return str(payload.get("body", "")).encode("utf-8")


def _match(rules: dict[str, _T], path: str) -> _T | None:
    """The rule for `path`: an exact key, else the longest `prefix*` key that matches."""
    if path in rules:
        return rules[path]
    prefixes = [k for k in rules if k.endswith("*") and path.startswith(k[:-1])]
    return rules[max(prefixes, key=len)] if prefixes else None


def _etag(body: bytes) -> str:
    """A strong validator: a hash of the body."""
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def _not_modified(response: _Response, headers: dict[str, str]) -> bool:
    """RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since counts only without it."""
    if response.status != 200:
        return False
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        if response.etag is None:
            return False
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or response.etag in tags
    since = headers.get("if-modified-since")
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

    def __init__(self, address: tuple[str, int], site: NewsSite) -> None:
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
    """Maps HTTP requests onto the NewsSite."""

    protocol_version = "HTTP/1.1"
    server_version = "WatchpostNewsSite/1.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections give up eventually
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: no per-request lines on stderr (the site keeps its own log)."""

    def do_GET(self) -> None:  # noqa: N802
        """Serve a page, feed or behaviour."""
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        """Like GET without the body."""
        self._serve(head=True)

    def do_POST(self) -> None:  # noqa: N802
        """Only the control API accepts POST."""
        site = self.server.site
        path = urlsplit(self.path).path
        if site.control and path.startswith("/_control/"):
            self._control(path.removeprefix("/_control/"))
            return
        self._send(_Response(405, b"method not allowed\n", "text/plain", [("Allow", "GET, HEAD")]))

    def _serve(self, head: bool) -> None:
        """Hang if told to, answer, and log the request."""
        site = self.server.site
        path = urlsplit(self.path).path
        if site.control and path.startswith("/_control/"):
            self._control(path.removeprefix("/_control/"))
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        seconds = site._hang_seconds(path)
        if seconds and site._stopping.wait(seconds):
            # Stopped while hanging: drop the connection without an answer.
            self.close_connection = True
            site._record(self._record(0))
            return
        response = site._respond(self.path, headers)
        # Logged before the answer is written: a client holding its response can rely on the
        # log already counting the request.
        site._record(self._record(response.status))
        self._send(response, head=head)

    def _control(self, action: str) -> None:
        """Run a control action; answer its JSON result, 400 on bad input, 404 if unknown."""
        site = self.server.site
        if action not in CONTROL_ACTIONS:
            self._send(_json_response(404, {"error": f"unknown action {action!r}"}))
            return
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        try:
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length)) if length else dict(query)
            if not isinstance(payload, dict):
                raise ValueError("the JSON body must be an object")
            result = site._control(action, payload)
        except KeyError as exc:
            self._send(_json_response(400, {"error": f"missing field {exc}"}))
            return
        except (ValueError, TypeError, ManifestError) as exc:
            self._send(_json_response(400, {"error": str(exc)}))
            return
        self._send(_json_response(200, {"ok": True} if result is None else result))

    def _send(self, response: _Response, head: bool = False) -> None:
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

    def _record(self, status: int) -> RequestRecord:
        """A log record for the current request."""
        kept = {name: self.headers[name] for name in LOGGED_HEADERS if name in self.headers}
        return RequestRecord(self.command, self.path, kept, status, time.time())


def _json_response(status: int, data: Any) -> _Response:
    """A JSON answer for the control API."""
    return _Response(status, json.dumps(data).encode("utf-8"), "application/json")


def main(argv: list[str] | None = None) -> int:
    """Run the site until SIGTERM/SIGINT, after printing its base URL as the only stdout line."""
    parser = argparse.ArgumentParser(prog="python -m crawler.demo.site", description=__doc__)
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

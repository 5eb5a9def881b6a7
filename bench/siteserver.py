"""A minimal, fast HTTP/1.1 server for benchmark sites, run as its own process.

The fixture NewsSite renders every response on request in a thread per connection, which is
right for tests; a benchmark needs a server that costs the crawl little CPU, so every body is
rendered up front and served from memory by one asyncio loop, with keep-alive and conditional GET.

    python -m bench.siteserver crawl --pages 2000 --feeds 40    # prints its base URL when ready
    python -m bench.siteserver idle --feeds 1000
GET /_stats answers request counts as JSON; GET /_ignore_conditional makes every feed answer
200 with its (unchanged) body whatever the validators say; GET /_reset zeroes the counts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
from collections import Counter

from bench.sitegen import SEED, Page, article_page, feed_page, feed_path, make_article, site

_REASONS = {200: b"OK", 304: b"Not Modified", 404: b"Not Found"}


class Site:
    """Everything served, by path, and what was asked for."""

    def __init__(self, pages: dict[str, Page]) -> None:
        self.pages = pages
        self.counts: Counter[str] = Counter()
        self.ignore_conditional = False

    def respond(self, path: str, if_none_match: str | None) -> bytes:
        """The full response bytes for one GET."""
        if path.startswith("/_"):
            return self._control(path)
        page = self.pages.get(path.split("?", 1)[0])
        kind = "robots" if path == "/robots.txt" else "feed" if "/feeds/" in path else "article"
        self.counts["requests"] += 1
        self.counts[kind] += 1
        if page is None:
            self.counts["not_found"] += 1
            return _response(404, b"not found", "text/plain", None)
        if kind == "feed" and if_none_match and not self.ignore_conditional:
            if page.etag in {t.strip() for t in if_none_match.split(",")}:
                self.counts["not_modified"] += 1
                return _response(304, b"", None, page.etag)
        return _response(200, page.body, page.content_type, page.etag)

    def _control(self, path: str) -> bytes:
        if path == "/_ignore_conditional":
            self.ignore_conditional = True
        elif path == "/_reset":
            self.counts.clear()
        body = json.dumps(dict(self.counts)).encode()
        return _response(200, body, "application/json", None)


def _response(status: int, body: bytes, content_type: str | None, etag: str | None) -> bytes:
    head = [b"HTTP/1.1 %d %s" % (status, _REASONS[status]),
            b"Content-Length: %d" % len(body), b"Connection: keep-alive"]
    if content_type:
        head.append(b"Content-Type: " + content_type.encode())
    if etag:
        head.append(b"ETag: " + etag.encode())
    return b"\r\n".join(head) + b"\r\n\r\n" + body


class _Connection(asyncio.Protocol):
    """One keep-alive connection: GET requests in, responses out, in order."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            parts = lines[0].split(" ")
            path = parts[1] if len(parts) > 1 else "/"
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            assert self.transport is not None
            self.transport.write(self.site.respond(path, headers.get("if-none-match")))
            if headers.get("connection", "").lower() == "close":
                self.transport.close()
                return


def build(mode: str, pages: int, feeds: int, base_url: str, seed: int) -> dict[str, Page]:
    """The bodies of a crawl site, or of an idle site (many feeds, three shared articles)."""
    if mode == "crawl":
        return dict(site(pages, feeds, base_url, seed))
    served = {"/robots.txt": Page(b"User-agent: *\nAllow: /\n", "text/plain", '"r"')}
    for index in range(3):
        served[make_article(index, seed)[0].path] = article_page(index, base_url, seed, 3)
    for feed in range(feeds):
        served[feed_path(feed)] = feed_page(feed, [0, 1, 2], base_url, seed)
    return served


async def serve(mode: str, pages: int, feeds: int, seed: int) -> None:
    """Bind, render the site for the bound URL, print the URL, serve until killed."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    state = Site(build(mode, pages, feeds, base_url, seed))
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Connection(state), sock=sock, backlog=512)
    print(base_url, flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    """Command line: the mode and size of the site."""
    parser = argparse.ArgumentParser(description="benchmark site server")
    parser.add_argument("mode", choices=("crawl", "idle"))
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(args.mode, args.pages, args.feeds, args.seed))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

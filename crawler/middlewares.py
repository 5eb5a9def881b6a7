"""Scrapy downloader middlewares: the URL guard on every hop, and robots.txt per RFC 9309."""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler

from crawler.errors import UnsafeURL
from crawler.urlguard import URLGuard

log = logging.getLogger(__name__)


class URLGuardMiddleware:
    """Refuse any request (feed, article, robots.txt, redirect hop) to a non-public address."""

    def __init__(self, guard: URLGuard, stats: Any) -> None:
        self.guard = guard
        self.stats = stats
        self._verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read the allow-list once from settings."""
        allow = crawler.settings.getlist("WATCHPOST_ALLOW_HOSTS")
        return cls(URLGuard(allow), crawler.stats)

    def process_request(self, request: Request, spider: Any = None) -> None:
        """Raise IgnoreRequest, with the reason, for a URL the guard refuses."""
        key = _origin(request.url)
        if key not in self._verdicts:
            try:
                self.guard.check_resolved(request.url)
                self._verdicts[key] = None
            except UnsafeURL as exc:
                self._verdicts[key] = str(exc)
        if request.url.split(":", 1)[0].lower() not in ("http", "https"):
            self._verdicts[key] = f"{request.url!r}: scheme is not http/https"
        reason = self._verdicts[key]
        if reason:
            self.stats.inc_value("watchpost/urlguard/refused")
            log.warning("URL guard refused %s", reason)
            raise IgnoreRequest(f"unsafe URL: {reason}")


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return scheme.lower() + "://" + rest.split("/", 1)[0].lower()


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt handling, except a 5xx or unreachable robots.txt disallows everything.

    RFC 9309 2.3.1.4: a server error on robots.txt means the crawler must assume complete
    disallow; Scrapy parses the error page instead, which usually allows all.
    """

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500:
            self._stats.inc_value("watchpost/robots/server_error")
            response = response.replace(body=b"User-agent: *\nDisallow: /\n")
        elif response.status >= 400:
            response = response.replace(body=b"")  # "unavailable": no rules, crawl allowed
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value("watchpost/robots/unreachable")
        deferred = self._parsers[netloc]
        parser = build_from_crawler(self._parserimpl, self.crawler, b"User-agent: *\nDisallow: /\n")
        self._parsers[netloc] = parser
        deferred.callback(parser)  # type: ignore[union-attr]

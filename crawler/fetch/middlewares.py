"""Scrapy downloader middlewares: the URL guard on every hop, and robots.txt per RFC 9309."""

from __future__ import annotations

import logging
import re
import time
from typing import Any, Self

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from crawler.errors import Unresolvable, UnsafeURL
from crawler.fetch.causes import RobotsUnreachable, UnresolvableRequest, describe_exception
from crawler.net.guard import URLGuard

log = logging.getLogger(__name__)
retry_log = logging.getLogger("crawler.fetch.retry")


class UnsafeRequest(IgnoreRequest):
    """A request refused by the URL guard: its URL, the address it resolved to, or the peer."""


class URLGuardMiddleware:
    """Refuse any request (feed, article, robots.txt, redirect hop) to a non-public address."""

    def __init__(self, guard: URLGuard, stats: Any) -> None:
        self.guard = guard
        self.stats = stats
        # Per origin: None (allowed), or the URL first checked and the guard's error.
        self._verdicts: dict[str, tuple[str, UnsafeURL] | None] = {}

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
            except UnsafeURL as refused:
                self._verdicts[key] = (request.url, refused)
        if request.url.split(":", 1)[0].lower() not in ("http", "https"):
            self._verdicts[key] = (request.url, UnsafeURL(
                f"{request.url!r}: scheme is not http/https"))
        verdict = self._verdicts[key]
        if verdict is None:
            return
        first, problem = verdict
        if isinstance(problem, Unresolvable):
            # No guard decision: the name does not resolve. Said as such, not as "unsafe".
            host = urlparse_cached(request).hostname
            raise UnresolvableRequest(
                f"DNS: cannot resolve {host} ({problem.__cause__ or problem})")
        # The verdict is the origin's; the message names this request's own URL.
        reason = str(problem).replace(first, request.url)
        self.stats.inc_value("watchpost/urlguard/refused")
        log.warning("URL guard refused %s", reason)
        raise UnsafeRequest(f"unsafe URL: {reason}")


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return scheme.lower() + "://" + rest.split("/", 1)[0].lower()


# RFC 9309 2.4: a cached robots.txt should not be used for more than 24 hours.
ROBOTS_MAX_AGE = 24 * 3600.0
# Host -> (fetched at, monotonic; rules), shared by every crawl of the process: the daemon's
# crawl engine runs a crawl per batch of due sources and would otherwise fetch robots.txt
# again for each one.
_ROBOTS: dict[str, tuple[float, Any]] = {}


class StrictRobotsTxtMiddleware:
    """robots.txt per RFC 9309: fetched once per host (for a day, across the process's crawls),
    and a 5xx or unreachable file disallows all.

    Written in full rather than subclassing Scrapy's middleware for two reasons found here:
    Scrapy parses a 5xx error page as rules (usually "allow all"), and its requests waiting
    for a robots.txt in flight share one Deferred whose result the first waiter consumes, so
    the others see no rules and are let through.
    """

    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.user_agent: str = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings[
            "USER_AGENT"
        ]
        self._parser_class = load_object(crawler.settings.get("ROBOTSTXT_PARSER"))
        self._waiting: dict[str, list[Deferred[Any]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read ROBOTSTXT_OBEY, the user agent and the parser class once."""
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        """Raise IgnoreRequest for a URL the host's robots.txt disallows."""
        if request.meta.get("dont_obey_robotstxt"):
            return
        rules = await self._rules_for(urlparse_cached(request))
        if isinstance(rules, UnsafeRequest):
            # The guard refused the host's robots.txt (its name resolved to an internal
            # address, say): every request to the host is refused for that same reason, not
            # reported as "forbidden by robots.txt".
            self.stats.inc_value("watchpost/urlguard/refused")
            raise UnsafeRequest(str(rules))
        if isinstance(rules, UnresolvableRequest):
            raise UnresolvableRequest(str(rules))
        if isinstance(rules, RobotsUnreachable):
            self.stats.inc_value("robotstxt/forbidden")
            raise RobotsUnreachable(str(rules))
        if not rules.allowed(request.url, self.user_agent):
            self.stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")

    async def _rules_for(self, url: Any) -> Any:
        netloc = url.netloc
        cached = _ROBOTS.get(netloc)
        if cached is not None and time.monotonic() - cached[0] < ROBOTS_MAX_AGE:
            return cached[1]
        if netloc in self._waiting:
            # One Deferred per waiter: a shared one hands its result to the first only.
            waiter: Deferred[Any] = Deferred()
            self._waiting[netloc].append(waiter)
            return await maybe_deferred_to_future(waiter)
        self._waiting[netloc] = []
        rules = await self._fetch(f"{url.scheme}://{netloc}/robots.txt")
        if not isinstance(rules, UnsafeRequest):  # the guard keeps its own verdicts
            _ROBOTS[netloc] = (time.monotonic(), rules)
        for waiter in self._waiting.pop(netloc):
            waiter.callback(rules)
        return rules

    async def _fetch(self, robots_url: str) -> Any:
        request = Request(robots_url, priority=self.DOWNLOAD_PRIORITY,
                          meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
        self.stats.inc_value("robotstxt/request_count")
        try:
            response = await self.crawler.engine.download_async(request)  # type: ignore[union-attr]
        except (UnsafeRequest, UnresolvableRequest) as exc:
            return exc
        except Exception as exc:  # unreachable: timeout, DNS, connection refused
            # RFC 9309: nothing on the host is crawled; the reason given is the real one.
            self.stats.inc_value("watchpost/robots/unreachable")
            cause = describe_exception(exc, robots_url)
            log.info("robots.txt unreachable at %s (%s): disallowing the host", robots_url,
                     cause)
            return RobotsUnreachable(f"{cause} (at its robots.txt: nothing on the host is "
                                     "crawled until it answers)")
        self.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if response.status >= 500:
            self.stats.inc_value("watchpost/robots/server_error")
            return RobotsUnreachable(f"robots.txt answered HTTP {response.status}: nothing on "
                                     "the host is crawled until it answers (RFC 9309)")
        if response.status >= 400:
            return self._parse(b"")  # "unavailable": no rules, crawling allowed
        return self._parse(response.body)

    def _parse(self, body: bytes) -> Any:
        return build_from_crawler(self._parser_class, self.crawler, body)



# What a <meta http-equiv="refresh"> looks like in the bytes Scrapy's check reads (4,096
# characters of decoded text: at most 16 KB of UTF-8).
_META_REFRESH = re.compile(rb"http-equiv\s*=\s*[\"']?\s*refresh", re.IGNORECASE)


class QuickMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, checked only on pages that can contain one.

    The stock check decodes every whole page (encoding detection included) to read its first
    4,096 characters: 0.2 ms of the reactor per article, for a tag news pages almost never
    carry. A byte search over the same span finds every page it could act on.
    """

    def process_response(self, request: Request, response: Response,
                         spider: Spider | None = None) -> Request | Response:
        """Skip pages without a refresh tag; hand the rest to Scrapy's middleware."""
        head = response.body[:16384]
        # A case-blind substring test first (C speed); the regex only where it could match.
        if b"refresh" not in head.lower() or not _META_REFRESH.search(head):
            return response
        return super().process_response(request, response)


class _BySource(logging.LoggerAdapter):  # type: ignore[type-arg]
    """Prefixes a record with the source its request belongs to."""

    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        """`source NAME: <message>`."""
        source = str((self.extra or {}).get("source", "-")).replace("%", "%%")
        return f"source {source}: {msg}", kwargs


class SourceRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, logged by the source they are for: each retry at DEBUG, the give-up
    (RETRY_GIVE_UP_LOG_LEVEL) naming the source, not only the URL."""

    def _retry(self, request: Request, reason: str | Exception | type[Exception]
               ) -> Request | None:
        assert self.crawler.spider is not None, "a retry before the spider opened"
        meta = request.meta
        return get_retry_request(
            request, reason=reason, spider=self.crawler.spider,
            max_retry_times=meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=meta.get("give_up_log_level", self.give_up_log_level),
            logger=_BySource(retry_log, {"source": meta.get("source", "-")}),  # type: ignore[arg-type]
        )

"""The URL guard where connections are made: every DNS answer checked, every peer checked.

URLGuardMiddleware checks a request's host when the request is scheduled; by the time Scrapy
connects, the name may resolve elsewhere (DNS rebinding: a zero-TTL name answering a public
address to the check and 127.0.0.1 to the connection). Two layers close that gap:

- GuardedResolver, Scrapy's TWISTED_DNS_RESOLVER: Twisted asks it for the address of every
  connection (robots.txt, feeds, articles, redirect hops alike). It resolves in the reactor's
  thread pool, refuses the host when any answer is not public, and keeps its verdict for a
  while, so the address it checked is the address connected to. A refused connection is
  never opened, so not one byte of the request reaches the internal service.
- PeerGuardMiddleware checks response.ip_address, the address the connection reached, before
  any other downloader middleware sees the response (decompression, redirects and meta
  refresh read it after this). It catches whatever does not connect through the resolver
  (another download handler resolves on its own). It also gives a refused lookup its reason:
  Twisted reports every failed lookup as "no results".
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Sequence
from typing import Any, Self

from scrapy import Request
from scrapy.exceptions import CannotResolveHostError
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred, fail, succeed
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IResolverSimple
from twisted.internet.threads import deferToThreadPool
from twisted.python.failure import Failure
from zope.interface import implementer

from crawler.errors import UnsafeURL
from crawler.fetch.middlewares import UnsafeRequest
from crawler.net.guard import URLGuard, resolve

__all__ = ["GuardedResolver", "PeerGuardMiddleware", "RefusedAddress"]

log = logging.getLogger(__name__)

# How long a host's checked address (or its refusal) is reused. One crawl rarely lasts longer;
# a long-lived process re-resolves, and re-checks, after it.
VERDICT_SECONDS = 600.0


class RefusedAddress(DNSLookupError):
    """A host whose answers the guard refused (a lookup error to Twisted, so it logs nothing)."""


def _lookup_ipv4(host: str) -> list[str]:
    # IPv4 only, as Scrapy's own resolver: Twisted's simple-resolver interface carries one
    # IPv4 address.
    return resolve(host, None, socket.AF_INET)


@implementer(IResolverSimple)
class GuardedResolver:
    """Resolves for Twisted, handing out only addresses the URL guard accepts."""

    def __init__(self, reactor: Any, guard: URLGuard, timeout: float,
                 lookup: Callable[[str], list[str]] = _lookup_ipv4) -> None:
        self.reactor = reactor
        self.guard = guard
        self.timeout = timeout
        self._lookup = lookup
        # host -> (valid until, checked address or None, refusal reason or None)
        self._verdicts: dict[str, tuple[float, str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> Self:
        """Read the allow-list and DNS_TIMEOUT (Scrapy passes its CrawlerProcess here)."""
        settings = crawler.settings
        return cls(reactor, URLGuard(settings.getlist("WATCHPOST_ALLOW_HOSTS")),
                   settings.getfloat("DNS_TIMEOUT"))

    def install_on_reactor(self) -> None:
        """Become the reactor's resolver (called once by Scrapy at start-up)."""
        self.reactor.installResolver(self)

    def refusal(self, host: str) -> str | None:
        """Why connections to `host` are refused, if they currently are."""
        verdict = self._verdict(host)
        return verdict[2] if verdict else None

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802
        """The checked address of `name`, or a RefusedAddress failure saying why."""
        host = name.lower().rstrip(".")
        verdict = self._verdict(host)
        if verdict is not None:
            _, address, reason = verdict
            return succeed(address) if address else fail(RefusedAddress(host, reason))
        pool = self.reactor.getThreadPool()
        lookup: Deferred[list[str]] = deferToThreadPool(self.reactor, pool, self._lookup, host)
        lookup.addTimeout(self.timeout, self.reactor)
        return lookup.addCallbacks(self._check, self._lookup_failed,
                                   callbackArgs=(host,), errbackArgs=(host,))

    def check(self, host: str, addresses: Sequence[str]) -> str:
        """Check a host's answers and remember the verdict; the address to connect to.

        Raises RefusedAddress with the guard's reason.
        """
        until = self.reactor.seconds() + VERDICT_SECONDS
        try:
            self.guard.check_connect(host, addresses)
        except UnsafeURL as exc:
            # Logged and counted by PeerGuardMiddleware, once per request it refuses.
            self._verdicts[host] = (until, None, str(exc))
            raise RefusedAddress(host, str(exc)) from exc
        self._verdicts[host] = (until, addresses[0], None)
        return addresses[0]

    def _check(self, addresses: list[str], host: str) -> str:
        return self.check(host, addresses)

    @staticmethod
    def _lookup_failed(failure: Failure, host: str) -> Failure:
        # Not remembered: a name that failed to resolve may resolve on the next try.
        if failure.check(DNSLookupError):
            return failure
        return Failure(DNSLookupError(host, failure.getErrorMessage() or failure.type.__name__))

    def _verdict(self, host: str) -> tuple[float, str | None, str | None] | None:
        verdict = self._verdicts.get(host)
        if verdict is None or verdict[0] < self.reactor.seconds():
            return None
        return verdict


def _installed_refusals(host: str) -> str | None:
    """The refusal reason the reactor's GuardedResolver holds for `host`, if it is installed."""
    from twisted.internet import reactor  # noqa: PLC0415 - the installed reactor, at call time

    resolver = getattr(reactor, "resolver", None)
    return resolver.refusal(host) if isinstance(resolver, GuardedResolver) else None


class PeerGuardMiddleware:
    """Refuse a response from an address the guard refuses, before anything reads its body.

    Installed last in DOWNLOADER_MIDDLEWARES (the highest number), so its process_response
    runs first and its process_exception sees download errors before the retry middleware.
    """

    def __init__(self, guard: URLGuard, stats: Any,
                 refusals: Callable[[str], str | None] = _installed_refusals) -> None:
        self.guard = guard
        self.stats = stats
        self._refusals = refusals

    @classmethod
    def from_crawler(cls, crawler: Any) -> Self:
        """Read the allow-list once from settings."""
        return cls(URLGuard(crawler.settings.getlist("WATCHPOST_ALLOW_HOSTS")), crawler.stats)

    def process_response(self, request: Request, response: Response,
                         spider: Any = None) -> Response:
        """Pass the response on only if it came from an address the guard accepts."""
        host = urlparse_cached(request).hostname or ""
        try:
            self.guard.check_peer(host, response.ip_address)
        except UnsafeURL as exc:
            raise self._refused(f"{request.url!r}: {exc}") from exc
        return response

    def process_exception(self, request: Request, exception: BaseException,
                          spider: Any = None) -> None:
        """A lookup the resolver refused becomes a refusal with the resolver's reason."""
        if isinstance(exception, (CannotResolveHostError, DNSLookupError)):
            reason = self._refusals(urlparse_cached(request).hostname or "")
            if reason:
                raise self._refused(f"{request.url!r}: {reason}") from exception

    def _refused(self, reason: str) -> UnsafeRequest:
        self.stats.inc_value("watchpost/urlguard/refused")
        log.warning("URL guard refused %s", reason)
        return UnsafeRequest(f"unsafe URL: {reason}")

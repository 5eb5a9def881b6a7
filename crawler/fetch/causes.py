"""Why a request failed, in the words a user acts on: DNS, refused, timeout, TLS, HTTP status,
robots.txt, or the URL guard (with the setting that allows a host).

Scrapy and Twisted hand back exception classes (DNSLookupError, ConnectionRefusedError,
ResponseNeverReceived wrapping an OpenSSL error, TimeoutError with a long text); a report that
printed those, or the first check that happened to stop the request, named the wrong cause:
a DNS failure read as "unsafe URL", a host that refused connections as "Forbidden by
robots.txt".
"""

from __future__ import annotations

from urllib.parse import urlsplit

from OpenSSL import SSL
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet import defer, error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

# A peer the guard refused is private, loopback or reserved: the one setting that allows it.
GUARD_HINT = "(to crawl it, add the host to crawl.allow_hosts)"


class RobotsUnreachable(IgnoreRequest):
    """The host's robots.txt could not be fetched: RFC 9309 says crawl nothing there."""


class UnresolvableRequest(IgnoreRequest):
    """A request whose host name does not resolve (a DNS failure, not a guard refusal)."""


def describe(failure: Failure, url: str) -> str:
    """The cause of a failed request for `url`, one line: what went wrong, then the URL."""
    return f"{describe_exception(failure.value, url)} ({url})"


def describe_exception(exc: BaseException, url: str) -> str:
    """The cause of `exc`, raised for a request to `url`, without the URL itself."""
    where = _host_port(url)
    if isinstance(exc, (RobotsUnreachable, UnresolvableRequest)):
        return str(exc)
    if isinstance(exc, IgnoreRequest):
        return _ignored(str(exc), url)
    if tls := _tls_error(exc):
        return f"TLS: handshake with {where} failed: {tls}"
    if isinstance(exc, (CannotResolveHostError, error.DNSLookupError)):
        return f"DNS: cannot resolve {urlsplit(url).hostname or where}"
    if isinstance(exc, (DownloadConnectionRefusedError, error.ConnectionRefusedError)):
        return f"connection refused by {where}"
    if isinstance(exc, (DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError,
                        defer.TimeoutError)):
        return f"timeout: {where} did not answer in time"
    if isinstance(exc, (ResponseDataLossError, ResponseNeverReceived, ResponseFailed,
                        error.ConnectionLost, error.ConnectionDone)):
        return f"connection to {where} closed before a full answer"
    if isinstance(exc, error.ConnectError):
        return f"cannot connect to {where}: {exc.osError or exc}"
    text = str(exc).strip() or type(exc).__name__
    return f"{type(exc).__name__}: {text}"


def _ignored(message: str, url: str) -> str:
    if message.startswith("unsafe URL:"):
        # The URL is said once, after the cause.
        reason = message.removeprefix("unsafe URL:").strip()
        reason = reason.replace(f"{url!r}: ", "").replace(f"{url}: ", "")
        hint = f" {GUARD_HINT}" if "not public" in reason else ""
        return f"URL guard: {reason}{hint}"
    if message == "Forbidden by robots.txt":
        return "robots.txt of the host disallows this URL"
    return message


def _tls_error(exc: BaseException) -> str | None:
    """The OpenSSL reason behind a failed handshake, if that is what `exc` carries (itself,
    as its cause, or among a Twisted error's reasons)."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 8:
        chain.append(seen)
        chain += [r.value for r in getattr(seen, "reasons", None) or []
                  if isinstance(r, Failure)]
        seen = seen.__cause__ or seen.__context__
    for reason in chain:
        if isinstance(reason, SSL.Error):
            parts = [str(a[2]) for a in reason.args[0] if isinstance(a, tuple) and len(a) > 2] \
                if reason.args and isinstance(reason.args[0], list) else []
            return ", ".join(p for p in parts if p) or str(reason) or "TLS error"
    return None


def _host_port(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"{parts.hostname}:{port}"

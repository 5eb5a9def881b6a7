"""What the spider asks (statuses it handles, feed types it accepts) and what an HTTP answer tells
it: validators sent, guard refusals, cache and retry hints.

Plain functions over Scrapy's Response and Failure, kept apart from the spider's flow so each
rule can be read (and tested) on its own.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.errors import UnsafeURL
from crawler.net.retry_after import parse_retry_after
from crawler.parse.canonical import canonical_url, is_web_link

# Every status reaches the callbacks, so each is recorded, not dropped by HttpErrorMiddleware.
# (handle_httpstatus_all would also switch redirects off, so the list is spelled out.)
ALL_STATUSES = [304, *range(400, 600)]
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
# A 304 means "your cached copy is still good": to a request that named no cached copy it is a
# server error, and taken at its word it would hide the feed for good.
UNSOLICITED_304 = ("HTTP 304 Not Modified, but the request sent no validators "
                    "(If-None-Match/If-Modified-Since): the server answered with nothing to read")


def sent_validators(response: Response) -> bool:
    """Whether the request this answers (its last redirect hop) was conditional."""
    headers = response.request.headers if response.request is not None else {}
    return bool(headers.get(b"If-None-Match") or headers.get(b"If-Modified-Since"))


def shorten(url: str, keep: int = 120) -> str:
    """A URL as a message shows it: its first characters, marked when cut."""
    return url if len(url) <= keep else url[:keep] + "..."


def refusal(failure: Failure) -> str | None:
    """Why an article request's link may not be stored: the URL guard refused it or a redirect
    hop (its IgnoreRequest, or UnsafeURL raised at connection time), or the page redirects to
    a URL that is not http(s) (Scrapy does not follow it, and hands back the 3xx). None for a
    failed fetch: a host name that does not resolve, a timeout, a 404."""
    message = failure.getErrorMessage()
    if failure.check(UnsafeURL):
        return message
    if failure.check(IgnoreRequest) and message.startswith("unsafe URL:"):
        return None if "cannot resolve" in message else message
    response = getattr(failure.value, "response", None)
    if response is not None and 300 <= response.status < 400:
        location = header(response, b"Location") or ""
        target = urljoin(response.url, location.strip())
        if location and not is_web_link(target):
            return f"redirects to {target[:120]!r}, not an http(s) URL"
    return None


def final_url(url: str) -> str | None:
    """Where the page was found after redirects, when that is a web address to store."""
    final = canonical_url(url)
    return final if is_web_link(final) else None


def header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def max_age(response: Response) -> float | None:
    """Cache-Control max-age: the server's own word on how soon a re-poll is worth it."""
    for part in (header(response, b"Cache-Control") or "").split(","):
        name, _, value = part.strip().partition("=")
        if name.lower() == "max-age" and value.strip().isdigit():
            return float(value.strip())
    return None


def retry_after(response: Response) -> float | None:
    return parse_retry_after(header(response, b"Retry-After"))

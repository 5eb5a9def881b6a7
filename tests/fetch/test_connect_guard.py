"""The URL guard where connections are made: the resolver Twisted connects through, the peer
check every response passes first, and the settings that put both in place.

The crawl-level proof is test_rebinding.py (a real crawl behind a rebinding name service);
these check each part on its own, with Twisted's own test clock as the reactor.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError
from twisted.internet.task import Clock
from twisted.python.failure import Failure

from crawler.config import load_config
from crawler.fetch.connect_guard import (
    VERDICT_SECONDS,
    GuardedResolver,
    PeerGuardMiddleware,
    RefusedAddress,
)
from crawler.fetch.middlewares import UnsafeRequest
from crawler.fetch.settings import scrapy_settings
from crawler.net.guard import URLGuard

ALLOW = ["127.0.0.1"]
PUBLIC = "93.184.215.14"


def _no_lookup(host: str) -> list[str]:
    raise AssertionError(f"{host} was looked up again instead of using the checked answer")


def _result(deferred: Any) -> Any:
    """What an already-fired Deferred holds (a Failure for an error)."""
    results: list[Any] = []
    deferred.addBoth(results.append)
    assert results, "the Deferred has not fired"
    return results[0]


def test_the_resolver_hands_out_the_address_it_checked_and_refuses_the_rest() -> None:
    clock = Clock()
    resolver = GuardedResolver(clock, URLGuard(ALLOW), timeout=5, lookup=_no_lookup)
    assert resolver.check("news.example", [PUBLIC, "93.184.215.15"]) == PUBLIC
    with pytest.raises(RefusedAddress):
        resolver.check("feed.rebind.test", ["127.0.0.1"])  # allow-listed address, but a name
    # Later connections use the verdicts: no second lookup that could answer differently.
    assert _result(resolver.getHostByName("NEWS.example.")) == PUBLIC
    refused = _result(resolver.getHostByName("feed.rebind.test"))
    assert isinstance(refused, Failure) and refused.check(DNSLookupError)
    assert "127.0.0.1 is not public" in str(refused.value)
    assert "127.0.0.1 is not public" in (resolver.refusal("feed.rebind.test") or "")
    assert resolver.refusal("news.example") is None


def test_verdicts_expire_so_a_long_lived_process_checks_again() -> None:
    clock = Clock()
    resolver = GuardedResolver(clock, URLGuard(), timeout=5, lookup=_no_lookup)
    with pytest.raises(RefusedAddress):
        resolver.check("feed.rebind.test", ["10.0.0.1"])
    clock.advance(VERDICT_SECONDS + 1)
    assert resolver.refusal("feed.rebind.test") is None


def test_the_resolver_is_what_scrapy_installs(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("sources:\n  - name: a\n    url: http://127.0.0.1:9/feed.xml\n"
                    "crawl:\n  allow_hosts: ['127.0.0.1']\n")
    settings = Settings(scrapy_settings(load_config(path)))
    # Scrapy builds the resolver from its CrawlerProcess, of which it reads only the settings.
    resolver = GuardedResolver.from_crawler(SimpleNamespace(settings=settings), Clock())
    assert settings["TWISTED_DNS_RESOLVER"] == "crawler.fetch.connect_guard.GuardedResolver"
    assert resolver.check("127.0.0.1", ["127.0.0.1"]) == "127.0.0.1"
    # Proxies would make every check land on the proxy; other schemes have no handler at all.
    assert settings.getbool("HTTPPROXY_ENABLED") is False
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    assert all(handlers[scheme] is None for scheme in ("file", "data", "ftp", "s3"))
    # The peer check runs before any other middleware's process_response (highest number).
    order = settings.get_component_priority_dict_with_base("DOWNLOADER_MIDDLEWARES")
    enabled = {path: prio for path, prio in order.items() if prio is not None}
    assert max(enabled, key=enabled.__getitem__).endswith("PeerGuardMiddleware")


def _middleware(refusals: Any = lambda host: None) -> PeerGuardMiddleware:
    crawler = get_crawler()
    crawler.stats.open_spider()  # type: ignore[union-attr]
    return PeerGuardMiddleware(URLGuard(ALLOW), crawler.stats, refusals)


def _response(url: str, peer: str | None) -> tuple[Request, HtmlResponse]:
    request = Request(url)
    ip = ipaddress.ip_address(peer) if peer else None
    return request, HtmlResponse(url, body=b"<p>secret</p>", request=request, ip_address=ip)


@pytest.mark.parametrize(("url", "peer", "allowed"), [
    ("http://news.example/a", PUBLIC, True),
    ("http://127.0.0.1:8080/a", "127.0.0.1", True),
    ("http://page.rebind.test:8080/a", "127.0.0.1", False),
    ("http://news.example/a", "169.254.169.254", False),
    ("http://news.example/a", None, False),
])
def test_a_response_from_a_refused_peer_never_reaches_the_other_middlewares(
    url: str, peer: str | None, allowed: bool,
) -> None:
    middleware = _middleware()
    request, response = _response(url, peer)
    if allowed:
        assert middleware.process_response(request, response) is response
    else:
        with pytest.raises(UnsafeRequest, match="unsafe URL"):
            middleware.process_response(request, response)
        assert middleware.stats.get_value("watchpost/urlguard/refused") == 1


def test_a_refused_lookup_becomes_a_refusal_with_the_resolver_reason() -> None:
    resolver = GuardedResolver(Clock(), URLGuard(ALLOW), timeout=5, lookup=_no_lookup)
    with pytest.raises(RefusedAddress):
        resolver.check("page.rebind.test", ["127.0.0.1"])
    middleware = _middleware(resolver.refusal)
    request = Request("http://page.rebind.test:8080/internal")
    with pytest.raises(UnsafeRequest, match="127.0.0.1 is not public"):
        middleware.process_exception(request, CannotResolveHostError("no results"))
    # A name that merely failed to resolve, or another error, is left to Scrapy.
    assert middleware.process_exception(Request("http://gone.example/"),
                                        CannotResolveHostError("no results")) is None
    assert middleware.process_exception(request, TimeoutError()) is None

"""`watchpost watches test URL` fetches one page through the URL guard, on its socket too."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from crawler.errors import UnsafeURL
from crawler.net.guard import URLGuard
from crawler.parse.docfile import fetch_document
from tests.support.newssite import NewsSite
from tests.support.receivers import Receiver

NAME = "page.rebind.test"


@pytest.fixture
def rebinding(monkeypatch: pytest.MonkeyPatch) -> None:
    """A made-up name that answers a public address once, then loopback (never real DNS)."""
    answers = iter(["93.184.216.34"])
    real = socket.getaddrinfo

    def fake(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != NAME:
            return real(host, port, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def test_a_page_whose_name_rebinds_to_loopback_is_never_read(rebinding: None) -> None:
    with Receiver() as server:
        port = server.url.rsplit(":", 1)[1]
        with pytest.raises(UnsafeURL, match="not public"):
            fetch_document(f"http://{NAME}:{port}/secret", URLGuard(["127.0.0.1"]), timeout=5)
        assert server.requests == []


def test_an_allow_listed_address_is_fetched_and_extracted(site: NewsSite) -> None:
    article = next(a for a in site.manifest.articles.values() if a.serve)
    document = fetch_document(site.article_url(article.id), URLGuard(["127.0.0.1"]), timeout=5)
    assert article.paragraphs[0][:60] in document.text

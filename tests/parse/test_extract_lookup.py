"""The extraction workers' C-level lxml element lookup gives exactly the default's text."""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
import pytest
import requests
from trafilatura.utils import HTML_PARSER

from bench.sitegen import article_bodies
from crawler.demo.site import DemoSite
from crawler.parse.extract import Extracted, extract_article, use_c_element_lookup
from crawler.parse.feeds import parse_feed

HOSTILE = [
    b"<html><body><form><label for=a>Name</label><input id=a value=x><select><option>1"
    b"</select><textarea>typed</textarea></form><p>" + b"A paragraph of real text. " * 12
    + b"</p></body></html>",
    b"<html><body>" + b"<div>" * 300 + b"<p>deep</p>" + b"</div>" * 300 + b"</body></html>",
    b"<html><body><!-- a comment --><?pi x?><p>" + b"Entities &amp; text &nbsp; here. " * 10
    + b"</p></body></html>",
]


@pytest.fixture
def default_lookup() -> Iterator[None]:
    """Restore lxml.html's own lookup on trafilatura's parser whatever the test did."""
    HTML_PARSER.set_element_class_lookup(lxml.html.HtmlElementClassLookup())
    yield
    HTML_PARSER.set_element_class_lookup(lxml.html.HtmlElementClassLookup())


def _extract_all(pages: list[tuple[str, bytes]]) -> list[tuple[Extracted, Extracted]]:
    """Each page extracted fast and in full (metadata included)."""
    return [(extract_article(body, url, fast=True, with_metadata=False),
             extract_article(body, url)) for url, body in pages]


def _demo_pages() -> list[tuple[str, bytes]]:
    with DemoSite() as site:
        urls = []
        for feed in site.feeds():
            response = requests.get(feed.url, timeout=5)
            urls += [e.url for e in parse_feed(response.content, feed.url,
                                               dict(response.headers)).entries]
        return [(url, requests.get(url, timeout=5).content) for url in dict.fromkeys(urls)]


def test_c_lookup_extracts_the_same_text_as_lxml_default(default_lookup: None) -> None:
    pages = _demo_pages()
    assert len(pages) >= 20  # the demo site's articles, not an empty feed parse
    pages += [(f"http://127.0.0.1/bench/{i}", body)
              for i, body in enumerate(article_bodies(40, "http://127.0.0.1:1"))]
    pages += [(f"http://127.0.0.1/hostile/{i}", body) for i, body in enumerate(HOSTILE)]
    before = _extract_all(pages)
    assert HTML_PARSER.makeelement("div").__class__ is lxml.html.HtmlElement
    use_c_element_lookup()
    form = lxml.html.fromstring(b"<form></form>", parser=HTML_PARSER)
    assert type(form) is lxml.html.HtmlElement  # the C lookup is the one in use
    after = _extract_all(pages)
    assert after == before
    assert sum(fast.ok for fast, _ in after) >= len(pages) - 2

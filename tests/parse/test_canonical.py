"""canonical_url: one URL per story, whatever trackers, case, ports or fragments it came with."""

from __future__ import annotations

import pytest

from crawler.parse.canonical import canonical_url


@pytest.mark.parametrize(
    ("raw", "base", "expected"),
    [
        ("HTTP://Example.COM/a", None, "http://example.com/a"),
        ("https://example.com:443/a", None, "https://example.com/a"),
        ("http://example.com:8080/a", None, "http://example.com:8080/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y&id=7", None, "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=1&gclid=2&msclkid=3", None, "https://example.com/a"),
        ("https://example.com/a#comments", None, "https://example.com/a"),
        ("https://example.com", None, "https://example.com/"),
        ("/news/x?b=2&a=1", "https://example.com/feed", "https://example.com/news/x?b=2&a=1"),
        ("../y", "https://example.com/news/feed/", "https://example.com/news/y"),
        ("  https://example.com/z  ", None, "https://example.com/z"),
        ("https://example.com./a", None, "https://example.com/a"),
        ("https://example.com/a?page=2&utm_campaign=c", None, "https://example.com/a?page=2"),
    ],
)
def test_canonical_url(raw: str, base: str | None, expected: str) -> None:
    assert canonical_url(raw, base) == expected


def test_keeps_meaningful_query_order() -> None:
    # Reordering could merge distinct pages on sites that care; only trackers go.
    assert canonical_url("https://e.com/?b=1&a=2") == "https://e.com/?b=1&a=2"

"""parse_feed over one self-describing fixture per case (tests/fixtures/feeds/cases.yaml)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.parse.feeds import parse_feed
from tests.support.paths import TESTS

FIXTURES = TESTS / "fixtures" / "feeds"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((FIXTURES / "cases.yaml").read_text())
NOW = datetime(2026, 11, 22, tzinfo=UTC)


@pytest.mark.parametrize("name", sorted(CASES))
def test_feed_case(name: str) -> None:
    case = CASES[name]
    parsed = parse_feed((FIXTURES / name).read_bytes(), case["base"], now=NOW)
    if "error" in case:
        assert not parsed.ok
        assert case["error"] in (parsed.error or "")
        assert parsed.entries == ()
        return
    assert parsed.ok, parsed.error
    assert parsed.format == case["format"]
    assert [e.url for e in parsed.entries] == case["urls"]
    if "title" in case:
        assert parsed.title == case["title"]
    if "ttl_minutes" in case:
        assert parsed.ttl_minutes == case["ttl_minutes"]
    first = parsed.entries[0]
    if "first_title" in case:
        assert first.title == case["first_title"]
    if "first_summary" in case:
        assert first.summary == case["first_summary"]
    if "first_published" in case:
        expected = case["first_published"]
        assert (first.published.isoformat() if first.published else None) == expected
    if "first_author" in case:
        assert first.author == case["first_author"]
    assert len(parsed.problems) == case.get("problems", 0), parsed.problems


def test_every_fixture_has_a_case() -> None:
    files = {p.name for p in FIXTURES.iterdir() if p.name != "cases.yaml"}
    assert files == set(CASES)


def test_string_bodies_are_never_read_as_paths(tmp_path: Path) -> None:
    # feedparser reads a str as a URL or file name; parse_feed takes bytes only.
    secret = tmp_path / "secret.xml"
    secret.write_text((FIXTURES / "rss2.xml").read_text())
    parsed = parse_feed(str(secret).encode(), "https://x.example.com/feed", now=NOW)
    assert not parsed.ok


def test_empty_body_is_an_error() -> None:
    assert parse_feed(b"  \n", "https://x.example.com/feed").error == "empty body"


def test_entity_expansion_is_refused_fast() -> None:
    # 2 levels here; a real attack nests 10. Either way nothing is expanded.
    body = (FIXTURES / "entities.xml").read_bytes()
    parsed = parse_feed(body, "https://x.example.com/feed")
    assert parsed.error and "entit" in parsed.error


def test_relative_entry_links_resolve_against_the_feed_and_xml_base() -> None:
    rss = (b'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
           b"<link>/news/1</link><description>&lt;a href=&quot;/x&quot;&gt;see&lt;/a&gt; "
           b"&lt;script&gt;alert(1)&lt;/script&gt;</description></item></channel></rss>")
    parsed = parse_feed(rss, "https://a.example/feeds/main.xml", {})
    assert [e.url for e in parsed.entries] == ["https://a.example/news/1"]
    assert parsed.entries[0].summary == "see"  # tags gone, script content too
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://b.example/a/">'
            b'<title>t</title><entry><title>x</title><id>1</id><link href="n/2"/></entry></feed>')
    parsed = parse_feed(atom, "https://c.example/feed", {})
    assert [e.url for e in parsed.entries] == ["https://b.example/a/n/2"]

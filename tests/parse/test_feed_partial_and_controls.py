"""A feed cut short keeps what parsed and says it is partial; control characters never reach
stored text, and never reach a terminal raw."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from crawler.parse.extract import extract_article
from crawler.parse.feeds import parse_feed
from crawler.parse.textnorm import printable, strip_controls

NOW = datetime(2025, 7, 1, tzinfo=UTC)
BASE = "https://a.example.com/feed"


def _rss(count: int) -> str:
    items = "".join(f"<item><title>Story {i}</title><link>https://a.example.com/{i}</link>"
                    f"<description>Text of story {i}.</description></item>" for i in range(count))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>")


def _atom(count: int) -> str:
    entries = "".join(f'<entry><title>Story {i}</title><id>urn:{i}</id>'
                      f'<link href="https://a.example.com/{i}"/></entry>' for i in range(count))
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            f"{entries}</feed>")


# (feed, where it is cut: just after this text)
CUTS = [
    (_rss(4), "<title>Story 3"),                  # inside the last item's title
    (_rss(4), "https://a.example.com/3</link>"),  # after the last link, item still open
    (_rss(4), "story 2.</description></item>"),   # between items
    (_rss(4), "</item></channel>"),               # only the root left open
    (_atom(4), "<entry><title>Story 3"),
    (_atom(4), 'href="https://a.example.com/2"/></entry>'),
]


@pytest.mark.parametrize(("feed", "cut"), CUTS, ids=[f"cut-{i}" for i in range(len(CUTS))])
def test_a_feed_cut_short_keeps_what_parsed_and_is_partial(feed: str, cut: str) -> None:
    body = feed[: feed.index(cut) + len(cut)].encode()
    parsed = parse_feed(body, BASE, now=NOW)
    assert parsed.ok and parsed.partial is not None
    assert "cut short" in parsed.partial and parsed.problems[0] == parsed.partial
    urls = [e.url for e in parsed.entries]
    assert urls[:3] == [f"https://a.example.com/{i}" for i in range(3)]


@pytest.mark.parametrize("feed", [_rss(4), _atom(4)], ids=["rss2", "atom"])
def test_a_whole_feed_is_not_partial(feed: str) -> None:
    parsed = parse_feed(feed.encode(), BASE, now=NOW)
    assert parsed.partial is None and len(parsed.entries) == 4 and parsed.problems == ()


def test_a_feed_cut_before_any_entry_is_still_a_failure() -> None:
    feed = _rss(2)
    parsed = parse_feed(feed[: feed.index("<item>") + 12].encode(), BASE, now=NOW)
    assert not parsed.ok and parsed.entries == ()


# -- control characters -------------------------------------------------------------------------
CONTROL_TITLES = [
    ("Blast\x00 in Quetta", "Blast in Quetta"),
    ("\x1b[2J\x1b[31mThree killed\x1b[0m in Turbat", "[2J[31mThree killed[0m in Turbat"),
    ("Attack\x01 on\x02 convoy\x7f", "Attack on convoy"),
    ("Title\x1b]0;owned\x07 here", "Title]0;owned here"),
    ("C1\x9b31m controls\x85 too", "C131m controls too"),
    ("Lone surrogate \ud800 dropped", "Lone surrogate dropped"),
    ("Tabs\tand\nbreaks become spaces", "Tabs and breaks become spaces"),
    ("Urdu keeps its joiners: می\u200cخواهم", "Urdu keeps its joiners: می\u200cخواهم"),
]


@pytest.mark.parametrize(("raw", "clean"), CONTROL_TITLES)
def test_json_feed_text_is_stored_without_control_characters(raw: str, clean: str) -> None:
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [
        {"id": "1", "url": "https://a.example.com/1", "title": raw, "summary": raw,
         "authors": [{"name": raw}]}]}).encode()
    entry = parse_feed(body, BASE, now=NOW).entries[0]
    assert entry.title == clean and entry.summary == clean and entry.author == clean


def test_xml_feed_titles_with_raw_control_bytes_are_cleaned() -> None:
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item>'
            b"<title>Blast\x00 in\x01 Quetta \x1b[31mkills three</title>"
            b"<link>https://a.example.com/1</link><author>Desk\x1b[8m</author>"
            b"<description>Three\x07 killed.</description></item></channel></rss>")
    entry = parse_feed(body, BASE, now=NOW).entries[0]
    assert entry.title == "Blast in Quetta [31mkills three"
    assert entry.summary == "Three killed." and entry.author == "Desk[8m"


def test_extracted_text_carries_no_control_characters() -> None:
    body = (b"<html><head><title>Blast\x1b[31m in Quetta</title></head><body><article>"
            b"<p>Three\x00 people were\x01 killed\x1b[2J in a blast near the market in "
            b"Quetta on Sunday, police said.</p></article></body></html>")
    extracted = extract_article(body, "https://a.example.com/1", 10, 10)
    for value in (extracted.title, extracted.text):
        assert value and not any(ord(c) < 32 and c not in "\t\n" for c in value), repr(value)


@pytest.mark.parametrize(("raw", "clean"), CONTROL_TITLES)
def test_strip_controls_keeps_text_and_line_breaks(raw: str, clean: str) -> None:
    stripped = strip_controls(raw)
    assert not any(0 < ord(c) < 32 and c not in "\t\n\r" for c in stripped)
    assert "\x00" not in stripped and "\ud800" not in stripped
    assert " ".join(stripped.split()) == clean


@pytest.mark.parametrize(("raw", "shown"), [
    ("Blast\x1b[2J in Quetta", "Blast\\x1b[2J in Quetta"),
    ("NUL\x00 and BEL\x07", "NUL\\x00 and BEL\\x07"),
    ("two\nlines\r\nhere", "two lines here"),
    ("C1 \x9b31m", "C1 \\x9b31m"),
    ("line\u2028separator", "line separator"),
    ("plain and naïve, کوئٹہ", "plain and naïve, کوئٹہ"),
])
def test_printable_escapes_what_would_drive_a_terminal(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_printable_keeps_line_breaks_of_a_multi_line_field() -> None:
    assert printable("a\r\nb\nc\rd\x1b", one_line=False) == "a\nb\nc\\x0dd\\x1b"

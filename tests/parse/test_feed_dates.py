"""Feed dates read strictly: an impossible date is None with its raw string kept, never another
date; a date hours after the fetch is clamped to the fetch time and flagged."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from crawler.parse.dates import read_date
from crawler.parse.docfile import DocumentError, document_from_text
from crawler.parse.feeds import parse_feed

NOW = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)

IMPOSSIBLE = [
    "2024-13-45T25:61:00Z",               # every field out of range
    "2025-13-01T10:00:00Z",               # month 13
    "2025-02-30",                         # 30 February
    "2025-02-29T10:00:00Z",               # not a leap year
    "2025-06-31T10:00:00+05:00",          # 31 June
    "2025-01-06T25:00:00Z",               # hour 25
    "2025-01-06T10:61:00Z",               # minute 61
    "2025-01-06T10:00:00+25:00",          # offset of 25 h
    "2025-01-06T10:00:00+05:75",          # 75 minutes
    "2025-01-06T10:00:00-15:00",          # beyond any real zone
    "Mon, 06 Jan 2025 10:00:00 +2500",
    "Mon, 06 Jan 2025 10:00:00 +0575",
    "Mon, 06 Jan 2025 25:00:00 GMT",
    "Mon, 06 Jan 2025 10:61:00 GMT",
    "Sun, 30 Feb 2025 10:00:00 GMT",
    "Tue, 32 Jan 2025 10:00:00 GMT",
    "TUE, 31 APR 2025 10:00:00 GMT",
    "06 Foo 2025 10:00:00 GMT",           # no such month
]
# (raw, the instant it is)
POSSIBLE = [
    ("Mon, 06 Jan 2025 10:00:00 +0530", "2025-01-06T04:30:00+00:00"),
    ("Mon, 06 Jan 2025 10:00:00 +0500", "2025-01-06T05:00:00+00:00"),
    ("mon, 06 JAN 2025 10:00:00 gmt", "2025-01-06T10:00:00+00:00"),
    ("6 Jan 25 10:00 EST", "2025-01-06T15:00:00+00:00"),
    ("Monday, 06-Jan-25 10:00:00 GMT", "2025-01-06T10:00:00+00:00"),
    ("Mon, 06 January 2025 10:00:00 -1200", "2025-01-06T22:00:00+00:00"),
    ("2025-01-06T10:00:00Z", "2025-01-06T10:00:00+00:00"),
    ("2025-01-06t10:00:00z", "2025-01-06T10:00:00+00:00"),
    ("2025-01-06T10:00:00.250+14:00", "2025-01-05T20:00:00.250000+00:00"),
    ("2025-01-06 10:00:00", "2025-01-06T10:00:00+00:00"),
    ("2025-01-06T10:00+0545", "2025-01-06T04:15:00+00:00"),
    ("2025-01-06T24:00:00Z", "2025-01-07T00:00:00+00:00"),
    ("2024-02-29T23:59:60Z", "2024-02-29T23:59:59+00:00"),
    ("2025-01-06", "2025-01-06T00:00:00+00:00"),
]


@pytest.mark.parametrize("raw", IMPOSSIBLE)
def test_an_impossible_date_is_none_with_the_raw_string_and_a_reason(raw: str) -> None:
    date = read_date(f"  {raw} ", None, NOW)
    assert date.value is None and date.raw == raw and date.flag == "impossible"
    assert raw in (date.problem or "")


@pytest.mark.parametrize(("raw", "instant"), POSSIBLE)
def test_a_possible_date_is_read_exactly(raw: str, instant: str) -> None:
    date = read_date(raw, None, NOW)
    assert date.value is not None and date.value.isoformat() == instant
    assert date.raw == raw and date.flag is None and date.problem is None


@pytest.mark.parametrize("hours", [3.5, 6, 30, 47, 24 * 365 * 60])
def test_a_date_hours_after_the_fetch_is_clamped_to_it(hours: float) -> None:
    raw = format_datetime(NOW + timedelta(hours=hours), usegmt=True)
    date = read_date(raw, None, NOW)
    assert date.value == NOW and date.flag == "future" and date.raw == raw


@pytest.mark.parametrize("hours", [0, 1, 2.9])
def test_a_date_within_clock_skew_is_kept(hours: float) -> None:
    date = read_date((NOW + timedelta(hours=hours)).isoformat(), None, NOW)
    assert date.value == NOW + timedelta(hours=hours) and date.flag is None


def test_dates_before_1990_and_unreadable_ones_are_none_with_the_raw_string() -> None:
    old = read_date("Thu, 01 Jan 1970 00:00:00 GMT", None, NOW)
    assert old.value is None and old.flag == "too_old" and old.raw.startswith("Thu")
    unreadable = read_date("sometime last week", None, NOW)
    assert unreadable.value is None and unreadable.flag == "unreadable"
    assert read_date("", None, NOW) == read_date(None, None, NOW)
    assert read_date(None, None, NOW).value is None


def test_a_shape_only_feedparser_knows_keeps_its_reading() -> None:
    parsed = datetime(2025, 1, 6, 10, tzinfo=UTC).timetuple()
    date = read_date("2025년 01월 06일 10:00:00", parsed, NOW)
    assert date.value == datetime(2025, 1, 6, 10, tzinfo=UTC) and date.flag is None


# -- through parse_feed: RSS, Atom and JSON Feed ------------------------------------------------


def _rss(dates: list[str]) -> bytes:
    items = "".join(f"<item><title>{i}</title><link>https://a.example.com/{i}</link>"
                    f"<pubDate>{d}</pubDate></item>" for i, d in enumerate(dates))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>").encode()


def _atom(dates: list[str]) -> bytes:
    entries = "".join(f'<entry><title>{i}</title><id>urn:{i}</id><link href="https://a.example.'
                      f'com/{i}"/><updated>{d}</updated></entry>' for i, d in enumerate(dates))
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            f"{entries}</feed>").encode()


def _json(dates: list[str]) -> bytes:
    items = [{"id": str(i), "url": f"https://a.example.com/{i}", "date_published": d}
             for i, d in enumerate(dates)]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t",
                       "items": items}).encode()


@pytest.mark.parametrize("build", [_rss, _atom, _json], ids=["rss2", "atom", "json"])
def test_feeds_store_no_impossible_or_future_date(build: Callable[[list[str]], bytes]) -> None:
    future = (NOW + timedelta(hours=30)).isoformat()
    raws = ["2024-13-45T25:61:00Z", "2025-01-06T25:00:00Z", "2025-01-06T10:00:00+25:00",
            future, "2025-01-06T10:00:00+05:30"]
    parsed = parse_feed(build(raws), "https://a.example.com/feed", now=NOW)
    published = [e.published.isoformat() if e.published else None for e in parsed.entries]
    assert published == [None, None, None, NOW.isoformat(), "2025-01-06T04:30:00+00:00"]
    assert [e.published_flag for e in parsed.entries] == [
        "impossible", "impossible", "impossible", "future", None]
    assert [e.published_raw for e in parsed.entries] == raws
    assert sum("impossible date" in p for p in parsed.problems) == 3


def test_rss_offsets_and_hours_out_of_range_are_refused() -> None:
    raws = ["Mon, 06 Jan 2025 10:00:00 +2500", "Mon, 06 Jan 2025 25:00:00 GMT",
            "Mon, 06 Jan 2025 10:00:00 +0500"]
    parsed = parse_feed(_rss(raws), "https://a.example.com/feed", now=NOW)
    assert [e.published for e in parsed.entries] == [
        None, None, datetime(2025, 1, 6, 5, tzinfo=UTC)]
    assert [e.published_raw for e in parsed.entries] == raws


def test_a_document_with_an_impossible_date_prefix_is_refused_with_the_reason() -> None:
    with pytest.raises(DocumentError, match="impossible date '2025-13-45'"):
        document_from_text(" date 2025-13-45 Blast in Quetta\nThree killed.", url="report.txt")
    ok = document_from_text(" date 2025-02-28 Blast in Quetta\nThree killed.")
    assert ok.published == datetime(2025, 2, 28, tzinfo=UTC)

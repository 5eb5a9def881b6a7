"""Feed parsing from raw bytes: RSS 2.0, RSS 1.0/RDF and Atom via feedparser, JSON Feed by hand."""

from __future__ import annotations

import calendar
import io
import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
from w3lib.html import remove_tags, replace_entities

from crawler.models import FeedEntry, ParsedFeed
from crawler.parse.canonical import canonical_url

log = logging.getLogger(__name__)

# Entity expansion ("billion laughs") needs a declaration; a feed never needs one.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[)?", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html)", re.IGNORECASE | re.DOTALL)
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_FUTURE_SLACK = timedelta(days=2)


def parse_feed(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> ParsedFeed:
    """Parse a feed body; a body that is not a usable feed comes back with `error` set."""
    now = now or datetime.now(UTC)
    if not body.strip():
        return ParsedFeed(entries=(), error="empty body")
    head = body.lstrip()[:1]
    if head in (b"{", b"["):
        return _parse_json_feed(body, url, now)
    if _ENTITY_DECL.search(body):
        return ParsedFeed(entries=(), error="feed declares XML entities (refused: entity expansion)")
    doctype = _DOCTYPE.search(body[:4096])
    if doctype and doctype.group(1):
        return ParsedFeed(entries=(), error="feed has a DOCTYPE internal subset (refused)")
    return _parse_xml_feed(body, url, headers or {}, now)


def _parse_xml_feed(
    body: bytes, url: str, headers: Mapping[str, str], now: datetime
) -> ParsedFeed:
    response_headers = {k.lower(): v for k, v in headers.items()}
    # Relative links resolve against the feed's own URL, as a browser would.
    response_headers["content-location"] = url
    # Entry links still resolve; resolve_relative_uris only rewrites links inside summary
    # HTML, which is reduced to text here: a quarter of feedparser's time, for nothing.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=response_headers,
                              resolve_relative_uris=False)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        if _HTML_START.match(body):
            return ParsedFeed(entries=(), error="not a feed (an HTML page)")
        reason = parsed.get("bozo_exception") or "unrecognised format"
        return ParsedFeed(entries=(), error=f"not a feed ({reason})")
    problems: list[str] = []
    malformed = _malformation(parsed)
    if malformed:
        problems.append(f"feed is malformed: {malformed}")
    entries = []
    for index, raw in enumerate(parsed.entries):
        entry = _xml_entry(raw, url, now, problems, index)
        if entry is not None:
            entries.append(entry)
    if malformed and not entries:
        return ParsedFeed(entries=(), error=f"broken feed: {malformed}", format=version)
    feed_meta = parsed.get("feed", {})
    ttl = _int_or_none(feed_meta.get("ttl"))
    return ParsedFeed(
        entries=tuple(entries),
        title=_clean_text(feed_meta.get("title", "")),
        format=version,
        ttl_minutes=ttl,
        problems=tuple(problems),
    )


def _malformation(parsed: Mapping[str, Any]) -> str | None:
    """The parse error worth reporting; a wrong or missing content type is harmless noise."""
    exc = parsed.get("bozo_exception")
    if not parsed.get("bozo") or exc is None:
        return None
    if type(exc).__name__ in ("CharacterEncodingOverride", "NonXMLContentType"):
        return None
    return str(exc)


def _xml_entry(
    raw: Mapping[str, Any], url: str, now: datetime, problems: list[str], index: int
) -> FeedEntry | None:
    link = raw.get("link") or ""
    entry_id = raw.get("id") or raw.get("guid") or ""
    if not link and entry_id.startswith(("http://", "https://")):
        link = entry_id
    if not link:
        problems.append(f"entry {index}: no link")
        return None
    published = _struct_date(raw.get("published_parsed") or raw.get("updated_parsed"))
    published = _sane_date(published, now, problems, index)
    summary = raw.get("summary") or ""
    if not summary and raw.get("content"):
        summary = raw["content"][0].get("value", "")
    return FeedEntry(
        url=canonical_url(link, url),
        entry_id=str(entry_id or link),
        title=_clean_text(raw.get("title", "")),
        summary=_clean_text(summary),
        published=published,
        author=_clean_text(raw.get("author", "")) or None,
    )


def _parse_json_feed(body: bytes, url: str, now: datetime) -> ParsedFeed:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        return ParsedFeed(entries=(), error=f"broken JSON feed: {exc}")
    if not isinstance(data, dict) or "jsonfeed.org/version" not in str(data.get("version", "")):
        return ParsedFeed(entries=(), error="not a feed (JSON without a JSON Feed version)")
    items = data.get("items")
    if not isinstance(items, list):
        return ParsedFeed(entries=(), error="broken JSON feed: 'items' is not a list")
    problems: list[str] = []
    entries = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"entry {index}: not an object")
            continue
        link = item.get("url") or item.get("external_url") or ""
        if not isinstance(link, str) or not link:
            problems.append(f"entry {index}: no url")
            continue
        published = _iso_date(item.get("date_published") or item.get("date_modified"))
        published = _sane_date(published, now, problems, index)
        summary = item.get("summary") or item.get("content_text") or item.get("content_html") or ""
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        author = authors[0].get("name") if authors and isinstance(authors[0], dict) else None
        entries.append(
            FeedEntry(
                url=canonical_url(link, url),
                entry_id=str(item.get("id") or link),
                title=_clean_text(str(item.get("title") or "")),
                summary=_clean_text(str(summary)),
                published=published,
                author=_clean_text(author) if author else None,
            )
        )
    return ParsedFeed(
        entries=tuple(entries),
        title=_clean_text(str(data.get("title") or "")),
        format="json" + str(data.get("version", "")).rsplit("/", 1)[-1],
        problems=tuple(problems),
    )


def _struct_date(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _iso_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _sane_date(
    value: datetime | None, now: datetime, problems: list[str], index: int
) -> datetime | None:
    """feedparser turns nonsense into plausible dates: drop those far outside reality."""
    if value is None:
        return None
    if value < _EARLIEST or value > now + _FUTURE_SLACK:
        problems.append(f"entry {index}: implausible date {value.isoformat()} ignored")
        return None
    return value


def _clean_text(value: str) -> str:
    text = replace_entities(remove_tags(value or ""))
    return re.sub(r"\s+", " ", text).strip()


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None

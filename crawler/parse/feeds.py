"""Feed parsing from raw bytes: RSS 2.0, RSS 1.0/RDF and Atom via feedparser, JSON Feed by hand."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser
from w3lib.html import remove_tags, replace_entities

from crawler.models import FeedEntry, ParsedFeed
from crawler.parse.canonical import NotWebLink, web_link
from crawler.parse.charset import decode_markup
from crawler.parse.dates import read_date
from crawler.parse.textnorm import strip_controls

log = logging.getLogger(__name__)

# Entity expansion ("billion laughs") needs a declaration; a feed never needs one.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[)?", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html)", re.IGNORECASE | re.DOTALL)
_XML_DECL_ENCODING = re.compile(r"\A(\s*<\?xml[^>]*?\bencoding\s*=\s*)([\"'])[^\"']*\2")
_BOM = b"\xef\xbb\xbf"


@dataclass
class _Notes:
    """What parsing a feed's entries found wrong: problems, and links refused."""

    problems: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def parse_feed(
    body: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    now: datetime | None = None,
    language: str | None = None,
) -> ParsedFeed:
    """Parse a feed body; a body that is not a usable feed comes back with `error` set.

    The bytes are decoded here (crawler.parse.charset), not by feedparser, which follows a
    header charset over bytes that contradict it. `now` is the fetch time, which dates are
    judged by; `language` is the source's, a hint for decoding.
    """
    now = now or datetime.now(UTC)
    if not body.strip():
        return ParsedFeed(entries=(), error="empty body")
    head = body.removeprefix(_BOM).lstrip()[:1]
    if head in (b"{", b"["):
        return _parse_json_feed(body, url, now)
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    text = decode_markup(body, response_headers.get("content-type"), language, url).text
    # UTF-8 from here on, and the declaration made to say so.
    body = _XML_DECL_ENCODING.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")
    if _ENTITY_DECL.search(body):
        return ParsedFeed(entries=(), error="feed declares XML entities (refused: entity expansion)")
    doctype = _DOCTYPE.search(body[:4096])
    if doctype and doctype.group(1):
        return ParsedFeed(entries=(), error="feed has a DOCTYPE internal subset (refused)")
    return _parse_xml_feed(body, url, response_headers, now)


def _parse_xml_feed(
    body: bytes, url: str, response_headers: dict[str, str], now: datetime
) -> ParsedFeed:
    media = (response_headers.get("content-type") or "").split(";")[0].strip().lower()
    # feedparser reads a charset only with a text or XML media type.
    if not (media.startswith("text/") or "xml" in media):
        media = "application/xml"
    response_headers["content-type"] = f"{media}; charset=utf-8"
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
    notes = _Notes()
    entries = []
    for index, raw in enumerate(parsed.entries):
        entry = _xml_entry(raw, url, now, notes, index)
        if entry is not None:
            entries.append(entry)
    malformed = _malformation(parsed)
    if malformed and not entries:
        return ParsedFeed(entries=(), error=f"broken feed: {malformed}", format=version)
    partial = None
    if malformed:
        # Cut short or broken part-way: what parsed is kept, and the poll is not "ok".
        partial = f"feed is cut short or malformed ({len(entries)} entries read): {malformed}"
        notes.problems.insert(0, partial)
    feed_meta = parsed.get("feed", {})
    return ParsedFeed(
        entries=tuple(entries),
        title=_clean_text(feed_meta.get("title", "")),
        format=version,
        ttl_minutes=_int_or_none(feed_meta.get("ttl")),
        problems=tuple(notes.problems),
        refused=tuple(notes.refused),
        partial=partial,
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
    raw: Mapping[str, Any], url: str, now: datetime, notes: _Notes, index: int
) -> FeedEntry | None:
    link = raw.get("link") or ""
    entry_id = raw.get("id") or raw.get("guid") or ""
    if not link and entry_id.lower().startswith(("http://", "https://")):
        link = entry_id
    if not link:
        notes.problems.append(f"entry {index}: no link")
        return None
    key = "published" if raw.get("published") else "updated"
    summary = raw.get("summary") or ""
    if not summary and raw.get("content"):
        summary = raw["content"][0].get("value", "")
    return _entry(notes, index, link, url, now, entry_id=str(entry_id or link),
                  title=raw.get("title", ""), summary=summary, author=raw.get("author", ""),
                  date=(raw.get(key), raw.get(f"{key}_parsed")))


def _entry(notes: _Notes, index: int, link: str, base: str, now: datetime, *, entry_id: str,
           title: str, summary: str, author: str | None, date: tuple[Any, Any]) -> FeedEntry | None:
    """One entry, or None when its link is not a web address (counted as refused)."""
    try:
        address = web_link(link, base)
    except NotWebLink as exc:
        notes.refused.append(f"entry {index}: {exc}")
        return None
    except ValueError as exc:  # urllib cannot even split it ("http://[::1/")
        notes.refused.append(f"entry {index}: link {link[:120]!r} is malformed ({exc})")
        return None
    published = read_date(date[0], date[1], now)
    if published.problem:
        notes.problems.append(f"entry {index}: {published.problem}")
    return FeedEntry(
        url=address,
        entry_id=strip_controls(entry_id),
        title=_clean_text(title),
        summary=_clean_text(summary),
        published=published.value,
        author=_clean_text(author or "") or None,
        published_raw=published.raw,
        published_flag=published.flag,
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
    notes = _Notes()
    entries = []
    for index, item in enumerate(items):
        entry = _json_entry(item, url, now, notes, index)
        if entry is not None:
            entries.append(entry)
    return ParsedFeed(
        entries=tuple(entries),
        title=_clean_text(str(data.get("title") or "")),
        format="json" + str(data.get("version", "")).rsplit("/", 1)[-1],
        problems=tuple(notes.problems),
        refused=tuple(notes.refused),
    )


def _json_entry(item: Any, url: str, now: datetime, notes: _Notes, index: int
                ) -> FeedEntry | None:
    if not isinstance(item, dict):
        notes.problems.append(f"entry {index}: not an object")
        return None
    # The item's own page, else the page it is about: whichever comes first is its link,
    # and a hostile one is refused rather than skipped for the other.
    link = item.get("url") or item.get("external_url") or ""
    if not isinstance(link, str) or not link:
        notes.problems.append(f"entry {index}: no url")
        return None
    summary = item.get("summary") or item.get("content_text") or item.get("content_html") or ""
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    author = authors[0].get("name") if authors and isinstance(authors[0], dict) else None
    return _entry(notes, index, link, url, now, entry_id=str(item.get("id") or link),
                  title=str(item.get("title") or ""), summary=str(summary),
                  author=str(author) if author else None,
                  date=(item.get("date_published") or item.get("date_modified"), None))


def _clean_text(value: str) -> str:
    text = strip_controls(replace_entities(remove_tags(value or "")))
    return re.sub(r"\s+", " ", text).strip()


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None

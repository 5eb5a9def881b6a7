"""Frozen records passed between the crawl's pure stages: feed entries, articles, documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, its URL already canonical."""

    url: str
    entry_id: str
    title: str
    summary: str
    published: datetime | None = None
    author: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed: its entries, its title, its TTL hint, and any problem found."""

    entries: tuple[FeedEntry, ...]
    title: str = ""
    format: str = ""
    ttl_minutes: int | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Document:
    """The text that matching and fact extraction read: one article, whatever its origin."""

    title: str
    text: str
    published: datetime | None = None
    language: str | None = None
    url: str = ""

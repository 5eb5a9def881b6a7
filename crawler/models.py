"""Frozen records passed between the crawl's pure stages: feed entries, articles, documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, its URL already canonical (and http(s): crawler.parse.canonical).

    `published_raw` is the date as the feed wrote it; `published_flag` says why `published`
    differs from it (crawler.parse.dates.FeedDate: impossible, unreadable, too_old, future).
    """

    url: str
    entry_id: str
    title: str
    summary: str
    published: datetime | None = None
    author: str | None = None
    published_raw: str | None = None
    published_flag: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed: its entries, its title, its TTL hint, and any problem found.

    `refused` names the entries left out because their link is not a web address; `partial`
    says why a feed whose entries were kept was not read whole (cut short, broken part-way).
    """

    entries: tuple[FeedEntry, ...]
    title: str = ""
    format: str = ""
    ttl_minutes: int | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)
    error: str | None = None
    refused: tuple[str, ...] = field(default_factory=tuple)
    partial: str | None = None

    @property
    def ok(self) -> bool:
        """True when the body was a usable feed (it may still have no entries)."""
        return self.error is None


@dataclass(frozen=True)
class Document:
    """The text that matching and fact extraction read: one article, whatever its origin."""

    title: str
    text: str
    published: datetime | None = None
    language: str | None = None
    url: str = ""


def article_document(row: dict[str, Any]) -> Document:
    """The Document that matching and fact extraction read, from an articles row."""
    published = datetime.fromisoformat(row["published"]) if row.get("published") else None
    return Document(title=row.get("title") or "", text=row.get("text") or "",
                    published=published, language=row.get("language"), url=row.get("url") or "")

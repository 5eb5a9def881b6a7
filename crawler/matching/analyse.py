"""Per-article analysis: every watch's verdict and, for a match, its facts (one config, cached).

It runs in the extraction workers during a crawl, so both cores classify while the reactor
downloads; after the crawl only what was left (feed-only articles, a failed worker) is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from crawler.clock import iso, utcnow
from crawler.config import Config
from crawler.incidents.facts.codec import facts_json
from crawler.incidents.resolver import build_resolver, facts_of, gazetteer_for
from crawler.matching.matcher import Matcher, compile_watches
from crawler.matching.verdict import verdict_fields
from crawler.models import FeedEntry, article_document
from crawler.parse.extract import Extracted


@dataclass(frozen=True)
class Analysis:
    """One article's verdict rows (one per enabled watch, all but the article id) and, when
    any watch matched, its facts as stored JSON: rendered where they are computed, so the
    writer only inserts."""

    verdicts: tuple[dict[str, Any], ...]
    facts_json: str | None = None

    @property
    def matched(self) -> int:
        """How many watches matched."""
        return sum(v["matched"] for v in self.verdicts)


@lru_cache(maxsize=4)
def build_matcher(config: Config) -> Matcher:
    """All enabled watches compiled once into one matcher (cached per config)."""
    return compile_watches(config.enabled_watches(), gazetteer_for(config))


def analyse(row: dict[str, Any], config: Config, now: datetime | None = None) -> Analysis:
    """Classify one article row (title, text, published, language, url) with every watch."""
    now = now or utcnow()
    matches = build_matcher(config).classify(article_document(row))
    verdicts = tuple(verdict_fields(m, now) for m in matches)
    if not any(m.matched for m in matches):
        return Analysis(verdicts)
    return Analysis(verdicts, facts_json(facts_of(row, build_resolver(config))))


def page_fields(entry: FeedEntry, extracted: Extracted, language: str | None) -> dict[str, Any]:
    """The article columns a page gives with its feed entry: the entry wins where it spoke.

    Worker and writer build the row with this one function, so an article is classified
    in the worker exactly as it would be from its stored row.
    """
    return {
        "url": entry.url, "entry_id": entry.entry_id, "title": entry.title or extracted.title,
        "text": extracted.text, "summary": entry.summary,
        "author": entry.author or extracted.author,
        "published": iso(entry.published or extracted.published),
        "language": extracted.language or language,
    }

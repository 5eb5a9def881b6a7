"""The item pipeline: batches articles, with their verdicts and facts, into write transactions."""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler

from crawler.db import open_db, write
from crawler.incidentstore import save_pending_facts
from crawler.matchstore import save_verdicts
from crawler.store import save_articles, utcnow

log = logging.getLogger(__name__)


class ArticleWriter:
    """Writes articles in batches (one transaction each); counts what was new per source."""

    def __init__(self, crawler: Crawler, db_path: str, batch_size: int) -> None:
        self.crawler = crawler
        self.db = open_db(db_path, migrate=False)
        self.batch_size = batch_size
        self._pending: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read the database path and batch size once from settings."""
        return cls(
            crawler,
            crawler.settings.get("WATCHPOST_DB"),
            crawler.settings.getint("WATCHPOST_WRITE_BATCH", 50),
        )

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Queue the article; write when the batch is full."""
        self._pending.append(item)
        if len(self._pending) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        """Write the queued articles in one transaction."""
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        report = self.crawler.spider.report  # type: ignore[union-attr]
        now = utcnow()
        with write(self.db):
            ids = save_articles(self.db, batch)
            # The workers' verdicts and facts commit with their articles: none is ever stored
            # without the other, and what has none is classified after the crawl.
            analysed = {ids[row["url"]]: row["analysis"] for row in batch
                        if row.get("analysis") is not None and row["url"] in ids}
            matched = save_verdicts(self.db, [(i, a.matches) for i, a in analysed.items()], now)
            save_pending_facts(self.db, [(i, a.facts) for i, a in analysed.items() if a.facts])
        report.counts["articles_classified"] += len(analysed)
        report.counts["matches_new"] += matched
        added = set(ids)
        report.counts["articles_stored"] += len(added)
        for row in batch:
            report.source(row["source"]).outstanding -= 1
            if row["url"] in added:
                added.discard(row["url"])  # a URL counts as new once, however often it came
                report.source(row["source"]).new += 1
                if row["status"] == "feed_only":
                    report.source(row["source"]).fallback += 1

    def close_spider(self) -> None:
        """Write what is left, then close the connection."""
        self.flush()
        self.db.close()

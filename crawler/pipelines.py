"""The item pipeline: batches extracted articles into SQLite write transactions."""

from __future__ import annotations

import logging
from typing import Any, Self

from scrapy.crawler import Crawler

from crawler.db import open_db
from crawler.store import save_articles

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
        added = set(save_articles(self.db, batch))
        report = self.crawler.spider.report  # type: ignore[union-attr]
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

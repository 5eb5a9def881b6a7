"""The item pipeline: batches articles, with their verdicts and facts, into write transactions.

The transactions run on one writer thread, not the reactor's: a commit (FTS5 indexing, a WAL
checkpoint's fsync) took the reactor 2.7 s of every 2,000 pages, during which no download or
extraction result was handled and the workers went idle. sqlite3 releases the GIL while
SQLite works, so the reactor goes on meanwhile. One thread keeps one writer and batch order.

A batch the database refuses (disk full, read-only file) stops the crawl: the error is kept on
the report for the crawl to fail honestly, and nothing after it is written or counted.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from sqlite_utils import Database

from crawler.errors import StorageError
from crawler.fetch.report import CrawlReport
from crawler.matching.store import store_analyses
from crawler.storage.db import open_db, write
from crawler.storage.store import save_articles

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Written:
    """What one batch's transaction stored."""

    ids: dict[str, int]  # new articles' ids by URL
    classified: int
    matched: int


class ArticleWriter:
    """Writes articles in batches (one transaction each); counts what was new per source."""

    def __init__(self, db_path: str, batch_size: int = 50, report: CrawlReport | None = None
                 ) -> None:
        self.db_path = db_path
        self.batch_size = batch_size
        # Where the counts go; from_crawler leaves it to the spider's, read when the crawl opens.
        self.report = report
        self.crawler: Crawler | None = None
        self._pending: list[dict[str, Any]] = []
        self._thread: ThreadPoolExecutor | None = None
        self.db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Read the database path and batch size once from settings."""
        writer = cls(
            crawler.settings.get("WATCHPOST_DB"),
            crawler.settings.getint("WATCHPOST_WRITE_BATCH", 50),
        )
        writer.crawler = crawler
        return writer

    async def open_spider(self) -> None:
        """Start the writer thread and open the connection on it, the only thread that uses it."""
        if self.report is None and self.crawler is not None:
            self.report = self.crawler.spider.report  # type: ignore[union-attr]
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="watchpost-writer")
        self.db = await asyncio.wrap_future(self._thread.submit(open_db, self.db_path, False))

    async def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """Queue the article; write when the batch is full (nothing once storage failed)."""
        if self.report is not None and self.report.storage_error is not None:
            return item
        self._pending.append(item)
        if len(self._pending) >= self.batch_size:
            await self.flush()
        return item

    async def flush(self) -> None:
        """Write the queued articles in one transaction on the writer thread, then count them."""
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        assert self._thread is not None and self.report is not None, "the writer is not open"
        try:
            written = await asyncio.wrap_future(self._thread.submit(self._write, batch))
        except StorageError as exc:
            self._stop(exc)
            return
        # Counted here, on the reactor thread, and only once committed: a source's validators
        # are saved only when none of its articles is outstanding.
        self._count(self.report, batch, written)

    def _stop(self, exc: StorageError) -> None:
        """Keep the first storage error on the report and close the spider: what is not
        stored is left outstanding, so no source is marked ok and no validator is saved."""
        assert self.report is not None
        if self.report.storage_error is None:
            self.report.storage_error = exc
            # The cause itself is the crawl's one error line, when it ends.
            log.warning("the database refused a batch of articles; the crawl stops")
            if self.crawler is not None and self.crawler.engine is not None:
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="storage_error"))

    def _write(self, batch: list[dict[str, Any]]) -> _Written:
        assert self.db is not None
        with write(self.db, "storing articles"):
            ids = save_articles(self.db, batch)
            # The workers' verdicts and facts commit with their articles: none is ever stored
            # without the other, and what has none is classified after the crawl.
            analysed = {ids[row["url"]]: row["analysis"] for row in batch
                        if row.get("analysis") is not None and row["url"] in ids}
            matched = store_analyses(self.db, analysed)
        return _Written(ids, len(analysed), matched)

    @staticmethod
    def _count(report: CrawlReport, batch: list[dict[str, Any]], written: _Written) -> None:
        report.counts["articles_classified"] += written.classified
        report.counts["matches_new"] += written.matched
        added = set(written.ids)
        report.counts["articles_stored"] += len(added)
        for row in batch:
            report.source(row["source"]).outstanding -= 1
            report.source(row["source"]).touch()
            if row["url"] in added:
                added.discard(row["url"])  # a URL counts as new once, however often it came
                report.source(row["source"]).new += 1
                if row["status"] == "feed_only":
                    report.source(row["source"]).fallback += 1

    async def close_spider(self) -> None:
        """Write what is left, then close the connection and the writer thread."""
        if self._thread is None:
            return  # never opened
        await self.flush()
        if self.db is not None:
            self._thread.submit(self.db.close).result()
            self.db = None
        self._thread.shutdown()
        self._thread = None

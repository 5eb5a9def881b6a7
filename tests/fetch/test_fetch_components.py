"""The spider and the item pipeline take plain values, open the database only when the crawl
opens, and close it when the crawl closes (testable without a crawler, as Scrapy's own are)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from crawler.fetch.pipelines import ArticleWriter
from crawler.fetch.report import CrawlReport, SourceReport
from crawler.fetch.spider import FeedJob, FeedSpider
from crawler.fetch.workers import ExtractOptions, ExtractPool
from crawler.models import FeedEntry
from crawler.storage.db import open_db


def _article(url: str, source: str = "a") -> dict[str, Any]:
    return {"url": url, "source": source, "title": f"Title of {url}", "text": "Body text.",
            "fetched_at": "2025-01-01T00:00:00+00:00", "status": "extracted",
            "text_hash": url[-8:]}


def test_the_writer_opens_nothing_until_the_crawl_opens_and_closes_what_it_opened(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "later" / "watchpost.db"
    report = CrawlReport()
    report.sources["a"] = SourceReport("a", "https://a.example/feed")
    writer = ArticleWriter(str(db_path), batch_size=2, report=report)
    assert not db_path.parent.exists()  # constructing it touched nothing
    open_db(db_path).close()  # the crawl's own connection migrates the file first
    urls = [f"https://a.example/{i}" for i in range(3)] + ["https://a.example/0"]
    report.source("a").outstanding = len(urls)

    async def crawl() -> None:
        await writer.open_spider()
        for url in urls:
            await writer.process_item(_article(url))
        await writer.close_spider()

    asyncio.run(crawl())
    assert writer.db is None
    db = open_db(db_path)
    stored = sorted(r[0] for r in db.execute("SELECT url FROM articles"))
    assert stored == sorted(set(urls))
    assert report.counts["articles_stored"] == 3
    assert report.source("a").new == 3 and report.source("a").outstanding == 0
    db.close()


def test_closing_a_writer_that_never_opened_is_harmless(tmp_path: Path) -> None:
    writer = ArticleWriter(str(tmp_path / "none" / "w.db"))
    asyncio.run(writer.close_spider())
    assert not (tmp_path / "none").exists()


def test_the_spider_opens_its_connection_with_the_crawl(tmp_path: Path) -> None:
    db_path = tmp_path / "later" / "watchpost.db"
    job = FeedJob("a", "https://a.example/feed")
    report = CrawlReport()
    report.sources["a"] = SourceReport("a", job.url)
    spider = FeedSpider([job], report, str(db_path), ExtractPool(ExtractOptions(), 0))
    assert not db_path.parent.exists()
    spider.closed("shutdown")  # a crawl that never opened closes cleanly
    db = open_db(db_path)
    db.execute("INSERT INTO articles (url, source, title, text, fetched_at, status) "
               "VALUES ('https://a.example/1', 'a', 't', 'x', '2025-01-01', 'extracted')")
    db.conn.commit()
    db.close()
    spider.opened()
    try:
        entries = tuple(FeedEntry(f"https://a.example/{i}", str(i), f"story {i}", "")
                        for i in range(3))
        requests = list(spider._schedule_entries(job, entries))
        # The stored one is known through the spider's own connection; the others are fetched.
        assert [r.url for r in requests] == ["https://a.example/0", "https://a.example/2"]
        assert report.source("a").known == 1
    finally:
        spider.closed("finished")

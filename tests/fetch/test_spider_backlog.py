"""The spider hands Scrapy a bounded number of article requests, sources in turn."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.fetch.report import CrawlReport, SourceReport
from crawler.fetch.spider import ExtractOptions, FeedJob, FeedSpider
from crawler.fetch.workers import ExtractPool
from crawler.models import FeedEntry
from crawler.storage.db import open_db
from tests.support.waiting import wait_for


def _entries(site: str, count: int) -> tuple[FeedEntry, ...]:
    return tuple(FeedEntry(f"https://{site}.example/{i}", str(i), f"story {i}", "")
                 for i in range(count))


def _spider(tmp_path: Path, limit: int) -> FeedSpider:
    db_path = tmp_path / "watchpost.db"
    open_db(db_path).close()
    jobs = [FeedJob(name, f"https://{name}.example/feed") for name in ("a", "b")]
    report = CrawlReport()
    for job in jobs:
        report.sources[job.name] = SourceReport(job.name, job.url)
    spider = FeedSpider(jobs, report, str(db_path), ExtractPool(ExtractOptions(), 0),
                        queue_limit=limit)
    spider.opened()
    return spider


def test_article_requests_are_released_a_bounded_number_at_a_time(tmp_path: Path) -> None:
    spider = _spider(tmp_path, limit=4)
    try:
        first = list(spider._schedule_entries(spider.jobs["a"], _entries("a", 6)))
        assert [r.url for r in first] == [f"https://a.example/{i}" for i in range(4)]
        # The other feed's entries wait too, but every source gets its turn when one finishes.
        assert list(spider._schedule_entries(spider.jobs["b"], _entries("b", 3))) == []
        released = [r.url for _ in range(5) for r in spider._finished()]
        assert released == ["https://a.example/4", "https://b.example/0", "https://a.example/5",
                            "https://b.example/1", "https://b.example/2"]
        assert not spider._backlog
        # All nine are outstanding until stored, wherever they wait (validators depend on it).
        assert spider.report.source("a").outstanding == 6
        assert spider.report.source("b").outstanding == 3
    finally:
        spider.closed("finished")


def test_many_backlogged_sources_each_keep_requests_queued(tmp_path: Path) -> None:
    spider = _spider(tmp_path, limit=1)
    try:
        first = list(spider._schedule_entries(spider.jobs["a"], _entries("a", 3)))
        second = list(spider._schedule_entries(spider.jobs["b"], _entries("b", 3)))
        # One slot would serialise the sites behind each other's politeness delays: each
        # backlogged source may have two requests queued.
        assert len(first) == 2 and len(second) == 2
        assert {r.url.split("/")[2] for r in second} == {"a.example", "b.example"}
    finally:
        spider.closed("finished")


def test_interleaved_feed_callbacks_release_each_entry_once(tmp_path: Path) -> None:
    # Scrapy consumes several callbacks' output lazily and interleaved: a release paused at a
    # yield must not act on backlog state another release has changed meanwhile.
    spider = _spider(tmp_path, limit=100)
    try:
        from_a = spider._schedule_entries(spider.jobs["a"], _entries("a", 2))
        from_b = spider._schedule_entries(spider.jobs["b"], _entries("b", 1))
        urls = [next(from_a).url, next(from_b).url]
        urls += [r.url for r in from_a] + [r.url for r in from_b]
        assert sorted(urls) == ["https://a.example/0", "https://a.example/1",
                                "https://b.example/0"]
        assert not spider._backlog and spider._queued == 3
    finally:
        spider.closed("finished")


def test_an_error_in_a_callback_fails_its_source_with_the_reason(tmp_path: Path) -> None:
    spider = _spider(tmp_path, limit=4)
    try:
        url = "https://a.example/feed"
        response = Response(url, request=Request(url, meta={"source": "a"}))
        spider.report.source("a").outcome = "ok"
        spider.callback_failed(Failure(KeyError("feed-0")), response)
        rep = spider.report.source("a")
        assert rep.failed and "KeyError" in rep.errors[0] and url in rep.errors[0]
        assert spider.report.source("b").outcome == "pending"
        assert spider.report.counts["callback_errors"] == 1
    finally:
        spider.closed("finished")


def test_a_dead_worker_is_replaced_and_the_feed_still_parses(tmp_path: Path) -> None:
    db_path = tmp_path / "watchpost.db"
    open_db(db_path).close()
    job = FeedJob("a", "https://a.example/feed")
    report = CrawlReport()
    report.sources["a"] = SourceReport("a", job.url)
    spider = FeedSpider([job], report, str(db_path), ExtractPool(ExtractOptions(), 1))
    spider.opened()
    try:
        pool = spider.extractor._pool
        assert pool is not None
        assert pool.submit(os.getpid).result(timeout=60)  # the worker is up
        for worker in list(pool._processes.values()):  # a crash in C, the OOM killer
            os.kill(worker.pid, signal.SIGKILL)
        wait_for(lambda: bool(pool._broken), timeout=30)
        body = (b'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
                b"<link>https://a.example/1</link></item></channel></rss>")
        response = Response(job.url, body=body,
                            request=Request(job.url, meta={"source": "a"}))

        async def drain() -> list[Any]:
            return [r async for r in spider.parse_feed(response)]

        requests = asyncio.run(drain())
        assert [r.url for r in requests] == ["https://a.example/1"]
        assert report.source("a").outcome == "ok"
        assert spider.extractor._pool is not pool
    finally:
        spider.closed("finished")
        spider.extractor.close()

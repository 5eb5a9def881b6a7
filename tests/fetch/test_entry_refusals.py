"""The spider refuses feed entries whose link the URL guard refuses, before or while fetching
them: counted, logged with the source, and never stored as a feed-only fallback. A fetch that
merely failed (a name that does not resolve, a timeout) still keeps the feed's text."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TwistedTimeout
from twisted.python.failure import Failure

from crawler.fetch.report import CrawlReport, SourceReport
from crawler.fetch.spider import FeedJob, FeedSpider
from crawler.fetch.workers import ExtractOptions, ExtractPool
from crawler.models import FeedEntry
from crawler.net.guard import URLGuard
from crawler.storage.db import open_db


@pytest.fixture
def spider(tmp_path: Path) -> Any:
    job = FeedJob("wire", "https://wire.example.com/feed")
    report = CrawlReport()
    report.sources["wire"] = SourceReport("wire", job.url)
    made = FeedSpider([job], report, str(tmp_path / "w.db"), ExtractPool(ExtractOptions(), 0))
    made.guard = URLGuard(["127.0.0.1"])
    open_db(tmp_path / "w.db").close()  # migrated, as the crawl does before the spider opens
    made.opened()
    yield made
    made.closed("finished")


def _entry(url: str) -> FeedEntry:
    return FeedEntry(url, url, "Blast in Quetta", "Three killed.")


def test_entries_the_guard_refuses_are_never_requested(
        spider: Any, caplog: pytest.LogCaptureFixture) -> None:
    entries = tuple(_entry(u) for u in (
        "https://news.example.com/1", "http://10.0.0.7/internal", "http://169.254.169.254/meta",
        "http://2130706433/x", "http://127.0.0.1:8080/allowed", "http://[::1]/x"))
    with caplog.at_level(logging.WARNING, logger="crawler.fetch.spider"):
        requested = [r.url for r in spider._schedule_entries(spider.jobs["wire"], entries)]
    assert requested == ["https://news.example.com/1", "http://127.0.0.1:8080/allowed"]
    rep = spider.report.source("wire")
    assert rep.refused == 4 and spider.report.counts["entries_refused"] == 4
    assert sum("refused entry" in e for e in rep.errors) == 4
    assert caplog.text.count("wire: feed entry refused") == 4
    assert "169.254.169.254" in caplog.text and "odd IP spelling" in caplog.text


def _failed(spider: Any, url: str, error: BaseException) -> list[Any]:
    entry = _entry(url)
    request = scrapy.Request(url, meta={"source": "wire", "entry": entry})
    spider.report.source("wire").outstanding += 1
    spider._queued += 1
    failure = Failure(error)
    failure.request = request  # type: ignore[attr-defined]
    return [x for x in spider.article_failed(failure) if isinstance(x, dict)]


@pytest.mark.parametrize("error", [
    IgnoreRequest("unsafe URL: 'http://10.0.0.7/x': address 10.0.0.7 is not public "
                  "(loopback/private/reserved)"),
    IgnoreRequest("unsafe URL: 'file:///etc/passwd': scheme 'file' is not http/https"),
], ids=["private-hop", "file-hop"])
def test_a_guard_refusal_while_fetching_stores_nothing(spider: Any, error: Exception) -> None:
    items = _failed(spider, "https://news.example.com/redirects", error)
    rep = spider.report.source("wire")
    assert items == [] and rep.refused == 1 and rep.outstanding == 0
    assert "refused entry 'https://news.example.com/redirects'" in rep.errors[-1]


def test_a_redirect_to_a_url_that_is_not_http_stores_nothing(spider: Any) -> None:
    url = "https://news.example.com/to-data"
    response = Response(url, status=302, headers={"Location": "data:text/html,<b>x</b>"})
    items = _failed(spider, url, HttpError(response, "Ignoring non-200 response"))
    rep = spider.report.source("wire")
    assert items == [] and rep.refused == 1
    assert "redirects to 'data:text/html" in rep.errors[-1]


@pytest.mark.parametrize("error", [
    IgnoreRequest("unsafe URL: 'https://gone.example.com/x': cannot resolve "
                  "'gone.example.com' ([Errno -2] Name or service not known)"),
    TwistedTimeout("timed out"),
    IgnoreRequest("Forbidden by robots.txt"),
], ids=["unresolvable", "timeout", "robots"])
def test_a_failed_fetch_keeps_the_feed_text(spider: Any, error: Exception) -> None:
    items = _failed(spider, "https://gone.example.com/x", error)
    assert [i["status"] for i in items] == ["feed_only"]
    assert items[0]["url"] == "https://gone.example.com/x"
    assert spider.report.source("wire").refused == 0

"""The feed spider: a thin Scrapy adapter over parse_feed and extract_article."""

from __future__ import annotations

import hashlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlite_utils import Database
from twisted.python.failure import Failure

from crawler.errors import UnsafeURL
from crawler.fetch.answers import (
    ALL_STATUSES,
    FEED_ACCEPT,
    UNSOLICITED_304,
    final_url,
    header,
    max_age,
    refusal,
    retry_after,
    sent_validators,
    shorten,
)
from crawler.fetch.causes import describe, describe_exception
from crawler.fetch.middlewares import UnsafeRequest
from crawler.fetch.report import CrawlReport, SourceReport
from crawler.fetch.workers import ExtractOptions, ExtractPool
from crawler.matching.analyse import page_fields
from crawler.models import FeedEntry
from crawler.net.guard import URLGuard
from crawler.parse.extract import text_hash
from crawler.storage.db import open_db
from crawler.storage.store import iso, known_urls, utcnow

__all__ = ["ExtractOptions", "FeedJob", "FeedSpider"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedJob:
    """One source to poll, with the validators of its last successful poll."""

    name: str
    url: str
    language: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None


class FeedSpider(scrapy.Spider):
    """Polls each feed conditionally, then fetches and extracts each entry not yet stored."""

    name = "watchpost"

    def __init__(
        self,
        jobs: list[FeedJob],
        report: CrawlReport,
        db_path: str,
        extractor: ExtractPool,
        max_articles: int = 100,
        queue_limit: int = 64,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.jobs = {job.name: job for job in jobs}
        self.report = report
        self.db_path = db_path
        self.max_articles = max_articles
        # Extraction and analysis run in these worker processes (started, and closed, by the
        # crawl); the reactor thread only downloads and writes.
        self.extractor = extractor
        self._db: Database | None = None  # opened with the spider, closed with it
        self._scheduled: set[str] = set()
        # Feed entries waiting for an article request, per source; requests handed to Scrapy.
        self._backlog: dict[str, deque[FeedEntry]] = {}
        self._queued = 0
        self.queue_limit = queue_limit
        # Scrapy's URLLENGTH_LIMIT (read from the crawl's settings): a longer request would be
        # dropped by its UrlLengthMiddleware without a callback, so it is never made.
        self.url_limit = 2083
        # Entry links are checked before they are requested (from_crawler gives the allow-list).
        self.guard = URLGuard()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> FeedSpider:
        """The spider, opening and closing with the crawl and hearing its own callbacks' errors."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.url_limit = crawler.settings.getint("URLLENGTH_LIMIT")
        spider.guard = URLGuard(crawler.settings.getlist("WATCHPOST_ALLOW_HOSTS"))
        crawler.signals.connect(spider.opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.callback_failed, signal=signals.spider_error)
        return spider

    def opened(self) -> None:
        """Open the read connection that tells new entries from stored ones (spider_opened)."""
        self._db = open_db(self.db_path, migrate=False)

    def callback_failed(self, failure: Failure, response: Response, **_: Any) -> None:
        """A bug met while handling a response: the source is reported failed with the reason.

        Scrapy only logs such an error; without this the source would read "ok" with part of
        its entries silently missing. Marked failed, it also keeps its old validators, so the
        next crawl reads the feed again.
        """
        source = response.meta.get("source") if response.request is not None else None
        if source not in self.jobs:
            return
        rep = self.report.source(source)
        rep.outcome = "failed"
        rep.errors.insert(0, f"internal error on {response.url}: {failure.type.__name__}: "
                             f"{failure.getErrorMessage()}")
        self.report.counts["callback_errors"] += 1

    async def start(self) -> AsyncIterator[Any]:
        """Scrapy 2.16+ entry point: one conditional request per feed."""
        for job in self.jobs.values():
            headers = {"Accept": FEED_ACCEPT}
            if job.etag:
                headers["If-None-Match"] = job.etag
            if job.last_modified:
                headers["If-Modified-Since"] = job.last_modified
            request = scrapy.Request(
                job.url,
                headers=headers,
                callback=self.parse_feed,
                errback=self.feed_failed,
                dont_filter=True,
                priority=10,
                meta={"source": job.name, "handle_httpstatus_list": ALL_STATUSES},
            )
            self.report.source(job.name).started = time.monotonic()
            if self.url_limit and len(request.url) > self.url_limit:
                rep = self.report.source(job.name)
                rep.outcome = "failed"
                rep.errors.insert(0, f"feed: URL too long to request ({len(request.url):,} "
                                     f"characters, the limit is {self.url_limit:,})")
                self.report.counts["feeds_failed"] += 1
                continue
            yield request

    async def parse_feed(self, response: Response) -> AsyncIterator[scrapy.Request]:
        """Record the poll; schedule article fetches for entries not seen before."""
        job = self.jobs[response.meta["source"]]
        rep = self.report.source(job.name)
        rep.touch()
        if self._answered_without_feed(response, rep):
            return
        rep.max_age = max_age(response)
        rep.etag = header(response, b"ETag")
        rep.last_modified = header(response, b"Last-Modified")
        rep.body_hash = hashlib.sha256(response.body).hexdigest()[:32]
        if rep.body_hash == job.body_hash:
            # A server that ignores conditional GET: same bytes, so nothing to re-parse.
            rep.outcome = "unchanged"
            self.report.counts["feeds_unchanged_body"] += 1
            return
        headers = {"content-type": header(response, b"Content-Type") or ""}
        try:
            parsed = await self.extractor.parse(response.body, response.url, headers,
                                                job.language)
        except Exception as exc:  # a worker lost to a hostile feed fails that source only
            rep.outcome = "failed"
            rep.errors.insert(0, f"feed: parser worker failed: {exc!r}")
            rep.body_hash = None
            self.report.counts["feeds_failed"] += 1
            return
        rep.errors.extend(f"feed: {p}" for p in parsed.problems)
        for reason in parsed.refused:
            self._refuse(job.name, f"feed {reason}")
        if not parsed.ok:
            rep.outcome = "failed"
            rep.errors.insert(0, f"feed: {parsed.error}")
            rep.body_hash = None
            self.report.counts["feeds_failed"] += 1
            return
        # Cut short: what parsed is kept, but not "ok", so validators stay and it is re-read.
        rep.outcome = "partial" if parsed.partial else "ok"
        rep.ttl_minutes = parsed.ttl_minutes
        self.report.counts["feeds_parsed"] += 1
        self.report.counts["feeds_partial"] += bool(parsed.partial)
        for request in self._schedule_entries(job, parsed.entries):
            yield request

    def _answered_without_feed(self, response: Response, rep: SourceReport) -> bool:
        """Record a poll answered with no feed to read (304, 4xx, 5xx); False for the rest."""
        rep.http_status = response.status
        if response.status == 304 and sent_validators(response):
            rep.outcome = "not_modified"
            self.report.counts["feeds_not_modified"] += 1
            return True
        if response.status == 304 or response.status >= 400:
            rep.outcome = "failed"
            rep.errors.append(f"feed: {UNSOLICITED_304}" if response.status == 304
                              else f"feed: HTTP {response.status}")
            rep.retry_after = retry_after(response)
            self.report.counts["feeds_failed"] += 1
            return True
        return False

    def _schedule_entries(self, job: FeedJob, entries: tuple[FeedEntry, ...]) -> Iterator[Any]:
        rep = self.report.source(job.name)
        rep.entries = len(entries)
        entries = tuple(e for e in entries if self._guarded(job.name, e))
        fresh = [e for e in entries if e.url not in self._scheduled]
        rep.known += len(entries) - len(fresh)
        assert self._db is not None, "entries scheduled before the spider opened"
        stored = known_urls(self._db, [e.url for e in fresh])
        # Claim every URL before yielding the first request: Scrapy consumes callback output
        # lazily and interleaves feeds, so a later claim lets two feeds fetch one story.
        wanted = [e for e in fresh if e.url not in stored]
        # The limit is on new articles, the feed's first (newest) ones: older new entries
        # beyond it are skipped, and counted and shown (summary, run record, `status`),
        # never dropped without a word. Known entries do not use up the limit.
        rep.known += len(fresh) - len(wanted)
        self.report.counts["entries_known"] += len(fresh) - len(wanted)
        rep.skipped = max(len(wanted) - self.max_articles, 0)
        self.report.counts["entries_skipped"] += rep.skipped
        wanted = wanted[: self.max_articles]
        self._scheduled.update(e.url for e in wanted)
        self.report.counts["articles_requested"] += len(wanted)
        rep.outstanding += len(wanted)
        if wanted:
            self._backlog.setdefault(job.name, deque()).extend(wanted)
        yield from self._release()

    def _release(self) -> Iterator[Any]:
        """Hand Scrapy article requests from the backlog, a bounded number at a time.

        Scrapy would hold every scheduled request (about 2 KB each) until downloaded, so a
        crawl's memory grew with its feeds' length; the backlog keeps only the feed entries
        and gives Scrapy up to `queue_limit`, taking sources in turn so that per-site
        politeness delays never leave the other sites idle. Each finished article releases
        the next.
        """
        # State is re-read at every step: Scrapy consumes several callbacks' output lazily
        # and interleaved, so another release may have taken entries since the last yield.
        limit = max(self.queue_limit, 2 * len(self._backlog))
        while self._backlog and self._queued < limit:
            source = next(iter(self._backlog))
            entries = self._backlog.pop(source)
            entry = entries.popleft()
            if entries:
                self._backlog[source] = entries  # to the end: sources take turns
            request = self._article_request(source, entry)
            if self.url_limit and len(request.url) > self.url_limit:
                yield self._too_long(source, entry, request.url)
                continue
            self._queued += 1
            yield request

    def _too_long(self, source: str, entry: FeedEntry, url: str) -> dict[str, Any]:
        """An entry whose URL is too long to request: kept from the feed, the cause said."""
        reason = (f"URL too long to request ({len(url):,} characters, the limit is "
                  f"{self.url_limit:,}): {shorten(url)}")
        log.warning("%s: article %s", source, reason)
        self.report.counts["articles_url_too_long"] += 1
        return self._fallback(source, entry, reason, None)

    def _finished(self) -> Iterator[Any]:
        """One article request is done (stored, failed or fallen back): release the next."""
        self._queued -= 1
        yield from self._release()

    def _article_request(self, source: str, entry: FeedEntry) -> scrapy.Request:
        return scrapy.Request(
            entry.url,
            callback=self.parse_article,
            errback=self.article_failed,
            # Deduplicated by canonical URL when scheduled; Scrapy's filter would drop a
            # request silently (no callback, no errback), leaving it outstanding for ever.
            dont_filter=True,
            meta={"source": source, "entry": entry, "handle_httpstatus_list": ALL_STATUSES},
        )

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        """Extract the article (or fall back to the feed entry); then release the next request."""
        try:
            item = await self._article_item(response)
        except Exception as exc:  # a bug on one page must not stall the backlog behind it
            log.exception("article %s could not be processed", response.url)
            item = self._fallback(response.meta["source"], response.meta["entry"],
                                  f"internal error: {exc!r}", response.status)
        # The next request first: the item may wait for a batch write in the pipeline.
        for request in self._finished():
            yield request
        yield item

    async def _article_item(self, response: Response) -> dict[str, Any]:
        entry: FeedEntry = response.meta["entry"]
        source = response.meta["source"]
        if response.status >= 400:
            return self._fallback(source, entry, f"HTTP {response.status}", response.status)
        if response.status == 304 and not sent_validators(response):
            return self._fallback(source, entry, UNSOLICITED_304, response.status)
        language = self.jobs[source].language
        try:
            result = await self.extractor.process(response.body, response.url, entry, language,
                                                  header(response, b"Content-Type"))
        except Exception as exc:  # a dead worker loses one page, never the crawl
            log.warning("extraction of %s failed in its worker: %r", response.url, exc)
            return self._fallback(source, entry, f"extraction worker failed: {exc!r}",
                                  response.status)
        extracted = result.extracted
        if not extracted.ok:
            return self._fallback(source, entry, extracted.reason or "no text", response.status)
        if result.problem:
            log.warning("analysis of %s failed in its worker (retried after the crawl): %s",
                        entry.url, result.problem)
            self.report.counts["analysis_failed"] += 1
        self.report.counts["articles_extracted"] += 1
        return {
            **page_fields(entry, extracted, language), "source": source,
            "fetched_at": iso(utcnow()), "status": "extracted", "status_detail": None,
            "http_status": response.status, "text_hash": result.text_hash,
            "final_url": final_url(response.url), "analysis": result.analysis,
            "published_raw": entry.published_raw, "published_flag": entry.published_flag,
        }

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        """A page that could not be fetched (robots, timeout): keep the feed's text. One the
        URL guard refused (here or at a redirect hop) is not stored at all: its link would
        reach alerts."""
        request = failure.request  # type: ignore[attr-defined]
        reason = describe_exception(failure.value, request.url)
        source, entry = request.meta["source"], request.meta["entry"]
        self._count_refusal(failure)
        refused = refusal(failure)
        if refused:
            self.report.source(source).outstanding -= 1
            self._refuse(source, f"entry {entry.url!r}: {refused}")
        else:
            yield self._fallback(source, entry, reason, None)
        yield from self._finished()

    def _guarded(self, source: str, entry: FeedEntry) -> bool:
        """Whether the guard lets this entry's link through (no DNS here: the download
        middleware checks the address); a refused one is counted and logged."""
        try:
            self.guard.check_url(entry.url)
        except UnsafeURL as exc:
            self._refuse(source, f"entry {exc}")
            return False
        return True

    def _refuse(self, source: str, reason: str) -> None:
        """An entry left out because of its link: counted, logged, and in the source's errors."""
        log.warning("%s: feed entry refused: %s", source, reason)
        rep = self.report.source(source)
        rep.refused += 1
        rep.errors.append(f"refused {reason}")
        self.report.counts["entries_refused"] += 1

    def feed_failed(self, failure: Failure) -> None:
        """A feed that could not be fetched at all: report the source with the reason."""
        request = failure.request  # type: ignore[attr-defined]
        rep = self.report.source(request.meta["source"])
        rep.outcome = "failed"
        rep.touch()
        rep.errors.insert(0, f"feed: {describe(failure, request.url)}")
        self.report.counts["feeds_failed"] += 1
        self._count_refusal(failure)

    def _count_refusal(self, failure: Failure) -> None:
        """Count a request the URL guard refused (its URL, its DNS answer or its peer)."""
        if failure.check(UnsafeRequest):
            self.report.counts["urlguard_refused"] += 1

    def _fallback(
        self, source: str, entry: FeedEntry, reason: str, status: int | None
    ) -> dict[str, Any]:
        self.report.source(source).errors.append(f"article {shorten(entry.url)}: {reason}")
        self.report.counts["articles_fallback"] += 1
        text = entry.summary or entry.title
        return {
            "url": entry.url, "source": source, "entry_id": entry.entry_id, "title": entry.title,
            "text": text, "summary": entry.summary, "author": entry.author,
            "published": iso(entry.published), "language": self.jobs[source].language,
            "fetched_at": iso(utcnow()), "status": "feed_only", "status_detail": reason[:500],
            "http_status": status, "text_hash": text_hash(text),
            "published_raw": entry.published_raw, "published_flag": entry.published_flag,
        }

    def closed(self, reason: str) -> None:
        """Release the read connection (spider_closed); the crawl stops the workers."""
        if self._db is not None:
            self._db.close()
            self._db = None

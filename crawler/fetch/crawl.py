"""One crawl: pick the sources, run the feed spider in this process, store the poll outcomes."""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

# Imported here, near the bottom of a short stack: at import it builds deprecated aliases with
# inspect.stack(), which reads every calling frame's source file. Left to the download
# handler's set-up, 45 frames deep under the reactor's callbacks, that took 0.15 s of start-up.
import scrapy.core.downloader.handlers.http11  # noqa: F401
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from sqlite_utils import Database

from crawler.config import Config, SourceConfig
from crawler.errors import StorageError
from crawler.fetch.progress import Progress
from crawler.fetch.report import CrawlReport, SourceReport, log_polls
from crawler.fetch.settings import scrapy_settings
from crawler.fetch.spider import FeedJob, FeedSpider
from crawler.fetch.workers import ExtractPool, extract_options
from crawler.logsetup import quiet_libraries
from crawler.storage.db import open_db, write
from crawler.storage.problems import kind_of, record_problem, resolve_problems
from crawler.storage.store import (
    due_sources,
    feed_states,
    finish_run,
    iso,
    poll_wait,
    record_feed_states,
    start_run,
    sync_sources,
    utcnow,
)

log = logging.getLogger(__name__)


class UnknownSource(ValueError):
    """A --source name that is not in the config."""


def select_sources(
    config: Config, names: Sequence[str], due_only: bool, states: dict[str, dict[str, Any]],
    now: datetime,
) -> list[SourceConfig]:
    """The sources this crawl polls: the named ones, else every enabled (and due) one."""
    if names:
        by_name = {s.name: s for s in config.sources}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise UnknownSource(", ".join(unknown))
        chosen = [by_name[n] for n in names]
    else:
        chosen = config.enabled_sources()
    return due_sources(chosen, states, now) if due_only else chosen


def run_crawl(
    config: Config, names: Sequence[str] = (), due_only: bool = False,
    now: datetime | None = None, extractor: ExtractPool | None = None,
) -> CrawlReport:
    """Poll the chosen sources once, store new articles and each source's poll state.

    `extractor`: worker processes already started (else the crawl starts its own); the
    crawl closes them. When the database refuses a write (disk full, read-only file) the
    crawl stops, every source it polled is recorded failed with that cause where the database
    still takes it (no source ok, no validator saved), and the StorageError is raised.
    """
    started = now or utcnow()
    db = open_db(config.database)
    try:
        return _crawl(db, config, names, due_only, started, extractor)
    finally:
        db.close()


def _crawl(db: Database, config: Config, names: Sequence[str], due_only: bool,
           started: datetime, extractor: ExtractPool | None) -> CrawlReport:
    batch = prepare_crawl(db, config, names, due_only, started)
    status = "completed"
    try:
        if batch.jobs:
            # Started before Scrapy starts any thread, so the workers can be forked (_may_fork).
            extractor = extractor or ExtractPool(extract_options(config), config.crawl.workers,
                                                 config)
            _run_spider(config, batch.jobs, batch.report, extractor)
    except Exception as exc:  # the run is recorded as failed, the error re-raised
        status = f"error: {exc}"
        raise
    finally:
        if extractor is not None:
            extractor.close()
        finish_crawl(db, config, batch, status)
    return batch.report


@dataclass
class Batch:
    """One crawl's sources: their jobs, stored states, and the report it fills."""

    report: CrawlReport
    states: dict[str, dict[str, Any]]
    jobs: list[FeedJob]


def prepare_crawl(db: Database, config: Config, names: Sequence[str], due_only: bool,
                  started: datetime, busy: Collection[str] = (), sync: bool = True) -> Batch:
    """Pick the sources (not those `busy` in another crawl) and open the run's row; `sync`
    first makes the sources table mirror the config (the daemon did that at its start)."""
    if sync:
        sync_sources(db, config, started)
    states = feed_states(db)
    sources = [s for s in select_sources(config, names, due_only, states, started)
               if s.name not in busy]
    report = CrawlReport()
    report.run_id = start_run(db, started, len(sources))
    return Batch(report, states, _jobs(sources, states, report))


def finish_crawl(db: Database, config: Config, batch: Batch, status: str) -> None:
    """Store the poll outcomes, close the run, log each poll; raise the storage error the
    crawl met, if any."""
    report = batch.report
    if report.interrupted and status == "completed":
        status = "interrupted"
    if report.storage_error is not None:
        status = _fail_sources(report, report.storage_error)
    _record_outcome(db, config, report, batch.states if batch.jobs else None, status)
    log_polls(report)
    if report.storage_error is not None:
        raise _stopped(report, report.storage_error)


def _fail_sources(report: CrawlReport, exc: StorageError) -> str:
    """Mark every polled source failed by the storage error; return the run's status."""
    for rep in report.sources.values():
        rep.outcome = "failed"
        rep.errors.insert(0, f"not stored: {exc}")
    return f"error: {exc}"


def _record_outcome(db: Database, config: Config, report: CrawlReport,
                    states: dict[str, dict[str, Any]] | None, status: str) -> None:
    """Store the sources' poll state and close the run, in one transaction.

    After a storage error this may be refused too: it is then logged, and the database keeps
    the state from before the crawl (nothing marked done); the run row stays open until the
    next crawl closes it.
    """
    finished = utcnow()
    failed = report.storage_error
    assert report.run_id is not None, "the run was not started"
    try:
        with write(db, "recording the crawl's outcome"):
            if states is not None:
                record_feed_states(db, _state_updates(config, report, states, finished))
            finish_run(db, report.run_id, finished, report.totals(), report.errors(), status)
            if failed is not None:
                record_problem(db, "crawl", kind_of(failed), iso(finished) or "", str(failed),
                               iso(finished) or "")
            elif status == "completed":
                resolve_problems(db, "crawl", iso(finished) or "")
    except StorageError as exc:
        if failed is None:
            raise
        log.warning("the crawl's outcome could not be recorded either: %s", exc)


def _stopped(report: CrawlReport, exc: StorageError) -> StorageError:
    """The storage error, saying what the crawl stored before it stopped."""
    stored = report.counts["articles_stored"]
    lost = sum(max(rep.outstanding, 0) for rep in report.sources.values())
    return type(exc)(
        f"{exc}; the crawl stopped: {stored} new articles stored, {lost} not; no source "
        f"marked ok", path=exc.path, cause=exc.cause)


def _jobs(sources: Sequence[SourceConfig], states: dict[str, dict[str, Any]],
          report: CrawlReport) -> list[FeedJob]:
    """One feed job per source, with its stored validators; each source gets its report row."""
    jobs = []
    for source in sources:
        state = states.get(source.name) or {}
        report.sources[source.name] = SourceReport(source.name, source.url)
        jobs.append(
            FeedJob(source.name, source.url, source.language, state.get("etag"),
                    state.get("last_modified"), state.get("body_hash"))
        )
    return jobs


def _run_spider(config: Config, jobs: list[FeedJob], report: CrawlReport,
                extractor: ExtractPool) -> None:
    process = CrawlerProcess(scrapy_settings(config))
    quiet_libraries(logging.getLogger().level)
    crawler = process.create_crawler(FeedSpider)
    crawler.signals.connect(report.spider_closed, signal=signals.spider_closed)
    # Held here until the crawl ends: Scrapy keeps only a weak reference to its receivers.
    progress = Progress(report)
    progress.attach(crawler)
    process.crawl(crawler, **spider_arguments(config, jobs, report, extractor))
    process.start(install_signal_handlers=True)
    del progress


def spider_arguments(config: Config, jobs: list[FeedJob], report: CrawlReport,
                     extractor: ExtractPool) -> dict[str, Any]:
    """The FeedSpider's arguments for one crawl of `jobs`."""
    return {
        "jobs": jobs, "report": report, "db_path": str(config.database),
        "extractor": extractor, "max_articles": config.crawl.max_articles_per_feed,
        # Enough queued article requests to keep every download slot busy, no more.
        "queue_limit": 4 * config.crawl.concurrency,
    }


def _state_updates(
    config: Config, report: CrawlReport, states: dict[str, dict[str, Any]], now: datetime
) -> list[dict[str, Any]]:
    by_name = {s.name: s for s in config.sources}
    updates = []
    for name, rep in report.sources.items():
        old = states.get(name) or {}
        failures = int(old.get("failures") or 0) + 1 if rep.failed or rep.outcome == "pending" else 0
        row: dict[str, Any] = {
            "source": name,
            "last_polled_at": iso(now),
            "last_status": rep.outcome,
            "last_http_status": rep.http_status,
            "failures": failures,
            # A partial feed's reason is its first error, shown by `status`.
            "last_error": rep.errors[0] if (rep.failed or rep.outcome == "partial")
            and rep.errors else None,
            "entries_seen": int(old.get("entries_seen") or 0) + rep.entries,
            "articles_added": int(old.get("articles_added") or 0) + rep.new,
        }
        if not report.storage_error:
            every, why = poll_wait(config.interval_of(by_name[name]), failures,
                                   config.crawl.failure_backoff_max, rep.retry_after,
                                   rep.ttl_minutes, rep.max_age)
            row.update(next_due_at=iso(now + timedelta(seconds=every)), poll_every=every,
                       poll_why=why)
        if not rep.failed and rep.outcome != "pending":
            row["last_success_at"] = iso(now)
        if rep.outcome == "ok" and rep.outstanding <= 0:
            # Validators are only replaced once the body was read and every new article stored.
            row.update(etag=rep.etag, last_modified=rep.last_modified, body_hash=rep.body_hash)
        elif rep.outstanding > 0:
            log.warning("%s: crawl stopped with %d articles not stored; the feed is re-read "
                        "next time", name, rep.outstanding)
        updates.append(row)
    return updates

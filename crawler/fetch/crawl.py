"""One crawl: pick the sources, run the feed spider in this process, store the poll outcomes."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Any

# Imported here, near the bottom of a short stack: at import it builds deprecated aliases with
# inspect.stack(), which reads every calling frame's source file. Left to the download
# handler's set-up, 45 frames deep under the reactor's callbacks, that took 0.15 s of start-up.
import scrapy.core.downloader.handlers.http11  # noqa: F401
from scrapy.crawler import CrawlerProcess
from scrapy.settings.default_settings import EXTENSIONS_BASE

from crawler.config import Config, SourceConfig
from crawler.fetch.progress import Progress
from crawler.fetch.report import CrawlReport, SourceReport
from crawler.fetch.spider import FeedJob, FeedSpider
from crawler.fetch.workers import ExtractPool, extract_options
from crawler.logsetup import quiet_libraries
from crawler.storage.db import open_db
from crawler.storage.store import (
    due_sources,
    feed_states,
    finish_run,
    iso,
    next_due,
    record_feed_states,
    start_run,
    sync_sources,
    utcnow,
)

log = logging.getLogger(__name__)


UNUSED_EXTENSIONS = frozenset((
    "scrapy.extensions.remote_control.RemoteControl",
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.memdebug.MemoryDebugger",
    "scrapy.extensions.feedexport.FeedExporter",
    "scrapy.extensions.spiderstate.SpiderState",
    "scrapy.extensions.throttle.AutoThrottle",
    "scrapy.extensions.closespider.CloseSpider",
))


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


def scrapy_settings(config: Config) -> dict[str, Any]:
    """Scrapy settings from config: politeness, limits, and the unsafe defaults switched off."""
    crawl = config.crawl
    settings: dict[str, Any] = {
        "BOT_NAME": "watchpost",
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        # Off: a localhost code-running console, a remote-control server, and session state.
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "COOKIES_ENABLED": False,
        # The default 1 GiB lets decompression bombs through.
        "DOWNLOAD_MAXSIZE": int(crawl.max_size_mb * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": int(crawl.max_size_mb * 1024 * 1024 / 2),
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DNS_TIMEOUT": min(crawl.timeout, 10),
        "RETRY_TIMES": crawl.retries,
        # 429 and 503 are not retried at once: they carry Retry-After, honoured by the schedule.
        "RETRY_HTTP_CODES": [500, 502, 504, 522, 524, 408],
        "REDIRECT_MAX_TIMES": 5,
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "DOWNLOAD_DELAY": crawl.delay,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.fetch.middlewares.URLGuardMiddleware": 50,
            "crawler.fetch.middlewares.StrictRobotsTxtMiddleware": 100,
            # No allowed_domains (feeds link anywhere; the URL guard decides) and no HTTP auth:
            # both would only add a pass over every request.
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            # The same redirects, without decoding every whole page to look for the tag.
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "crawler.fetch.middlewares.QuickMetaRefreshMiddleware": 580,
        },
        # Per-request byte counts nobody reads (it serialises every request to measure it).
        "DOWNLOADER_STATS": False,
        # Every spider middleware wraps every callback's output in one more async generator:
        # depth is unused (a feed crawl is one level deep) and meta-copy detection is a
        # development aid. Referer stays (the redirect middleware relies on it) but sends none:
        # a site need not learn which feed linked it.
        "REFERRER_POLICY": "no-referrer",
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
            "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
        },
        # Extensions a crawl never uses are left out of the base list, so they are not even
        # imported (the remote-control one pulls in aiohttp: 0.15 s of every run's start-up).
        # Disabling them in EXTENSIONS would not do: Scrapy imports each key there to
        # normalise it, None or not.
        "EXTENSIONS_BASE": {k: v for k, v in EXTENSIONS_BASE.items()
                            if k not in UNUSED_EXTENSIONS},
        "ITEM_PIPELINES": {"crawler.fetch.pipelines.ArticleWriter": 300},
        # Scrapy starts CONCURRENT_ITEMS (default 100) asyncio tasks for every callback's
        # output; the writer is synchronous, so one is enough (that was 15% of the reactor).
        "CONCURRENT_ITEMS": 1,
        "WATCHPOST_DB": str(config.database),
        "WATCHPOST_ALLOW_HOSTS": list(crawl.allow_hosts),
        "LOG_LEVEL": "DEBUG" if config.logging.level == "DEBUG" else "WARNING",
        "LOG_ENABLED": True,
        "LOG_INSTALL_ROOT_HANDLER": False,  # watchpost's own logging set-up stays in charge
    }
    if config.logging.level != "DEBUG":
        # Scrapy's start-up versions line (INFO: unseen at WARNING) ran `uname -p`, a fork
        # of the whole crawl process, for a line nobody reads. Debug runs still log it.
        settings["LOG_VERSIONS"] = []
    return settings


def run_crawl(
    config: Config, names: Sequence[str] = (), due_only: bool = False,
    now: datetime | None = None, extractor: ExtractPool | None = None,
) -> CrawlReport:
    """Poll the chosen sources once, store new articles and each source's poll state.

    `extractor`: worker processes already started (else the spider starts its own); the
    crawl closes them.
    """
    started = now or utcnow()
    db = open_db(config.database)
    sync_sources(db, config, started)
    states = feed_states(db)
    sources = select_sources(config, names, due_only, states, started)
    report = CrawlReport()
    report.run_id = start_run(db, started, len(sources))
    jobs = []
    for source in sources:
        state = states.get(source.name) or {}
        report.sources[source.name] = SourceReport(source.name, source.url)
        jobs.append(
            FeedJob(source.name, source.url, source.language, state.get("etag"),
                    state.get("last_modified"), state.get("body_hash"))
        )
    status = "completed"
    if jobs:
        try:
            _run_spider(config, jobs, report, extractor)
        except Exception as exc:  # the run is recorded as failed, the error re-raised
            status = f"error: {exc}"
            raise
        finally:
            finished = utcnow()
            record_feed_states(db, _state_updates(config, report, states, finished))
            finish_run(db, report.run_id, finished, report.totals(), report.errors(), status)
            db.close()
    else:
        finish_run(db, report.run_id, utcnow(), report.totals(), {}, status)
        db.close()
    if extractor is not None:
        extractor.close()  # the spider closed it, unless it never ran
    return report


def _run_spider(config: Config, jobs: list[FeedJob], report: CrawlReport,
                extractor: ExtractPool | None) -> None:
    process = CrawlerProcess(scrapy_settings(config))
    quiet_libraries(logging.getLogger().level)
    crawler = process.create_crawler(FeedSpider)
    Progress(report).attach(crawler)
    process.crawl(
        crawler,
        jobs=jobs,
        report=report,
        db_path=str(config.database),
        extract=extract_options(config),
        max_articles=config.crawl.max_articles_per_feed,
        workers=config.crawl.workers,
        config=config,
        # Enough queued article requests to keep every download slot busy, no more.
        queue_limit=4 * config.crawl.concurrency,
        extractor=extractor,
    )
    process.start(install_signal_handlers=True)


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
            "last_error": rep.errors[0] if rep.failed and rep.errors else None,
            "next_due_at": iso(next_due(
                now, config.interval_of(by_name[name]), failures,
                config.crawl.failure_backoff_max, rep.retry_after, rep.ttl_minutes,
                rep.max_age)),
            "entries_seen": int(old.get("entries_seen") or 0) + rep.entries,
            "articles_added": int(old.get("articles_added") or 0) + rep.new,
        }
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

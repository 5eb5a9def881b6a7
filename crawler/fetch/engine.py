"""The daemon's crawl engine: one Scrapy process for the daemon's life, fed with due sources.

A process per tick paid its start-up (2.4-2.9 CPU-seconds) for every tick, even one that only
got 304s, and threw away robots.txt and DNS answers each time. Here one CrawlerProcess keeps
its reactor running (`stop_after_crawl=False`): each `poll_due()` starts a crawl for the due
sources of each feed host, so one host that hangs holds only its own crawl while the others'
feeds are polled on time; a source stays busy (never polled twice at once) until its crawl's
outcome is stored. robots.txt is cached per host for the process (crawler.fetch.middlewares)
and the resolver's verdicts likewise (crawler.fetch.connect_guard).

Database work (the run's rows, the poll states, the caller's post-crawl step) runs on one
thread beside the reactor, so a write waiting for SQLite's lock never stops the downloads.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.reactor import install_reactor
from twisted.python.failure import Failure

from crawler.config import Config, SourceConfig
from crawler.errors import StorageError
from crawler.fetch.crawl import Batch, finish_crawl, prepare_crawl, select_sources, spider_arguments
from crawler.fetch.report import CrawlReport
from crawler.fetch.settings import scrapy_settings
from crawler.fetch.spider import FeedSpider
from crawler.fetch.workers import ExtractPool
from crawler.logsetup import quiet_libraries
from crawler.storage.db import open_db
from crawler.storage.store import feed_states, iso, utcnow

log = logging.getLogger(__name__)

# The exit codes of a crawl as `watchpost crawl` gives them: the daemon reads them the same way.
_OK, _FAILED, _STORAGE = 0, 1, 3


@dataclass(frozen=True)
class Finished:
    """One crawl of the engine, ended: `outcome` is ok | failed | timeout."""

    run_id: int | None
    sources: list[str]
    started_at: str
    finished_at: str
    seconds: float
    outcome: str
    exit_code: int
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


AfterCrawl = Callable[[CrawlReport | None, Finished], None]


class CrawlEngine:
    """Runs crawls of due sources in one long-lived Scrapy process (one reactor)."""

    def __init__(self, config: Config, extractor: ExtractPool, after: AfterCrawl,
                 budget: float) -> None:
        """`after` runs on the database thread once a crawl's outcome is stored (or failed)."""
        self.config = config
        self.extractor = extractor
        self.after = after
        self.budget = budget
        settings = Settings(scrapy_settings(config))
        # Installed now: the command thread reaches the reactor before the first crawl would
        # install it, and an import of twisted.internet.reactor would get the default one.
        install_reactor(settings["TWISTED_REACTOR"], settings["ASYNCIO_EVENT_LOOP"])
        self.process = CrawlerProcess(settings)
        quiet_libraries(logging.getLogger().level)
        self.busy: set[str] = set()
        self._db_thread = ThreadPoolExecutor(1, thread_name_prefix="engine-db")

    def run(self) -> None:
        """Run the reactor until stop() (blocks; the caller feeds it with poll_due)."""
        self.process.start(stop_after_crawl=False, install_signal_handlers=False)

    def stop(self) -> None:
        """Stop every crawl, then the reactor (from the reactor thread)."""
        reactor = _reactor()
        self.process.stop().addBoth(lambda _: reactor.stop())

    def call(self, function: Callable[..., Any], *args: Any) -> None:
        """Run `function(*args)` on the reactor thread, from any thread."""
        _reactor().callFromThread(function, *args)

    def close(self) -> None:
        """Release the database thread and the workers once the reactor has stopped."""
        self._db_thread.shutdown(wait=True)
        self.extractor.close()

    def poll_due(self) -> list[str]:
        """Start a crawl per feed host of the due sources not busy (reactor thread); return
        the names started. Raises StorageError when the database cannot say what is due."""
        now = utcnow()
        db = open_db(self.config.database, migrate=False)
        try:
            due = [s for s in select_sources(self.config, (), True, feed_states(db), now)
                   if s.name not in self.busy]
            batches = [prepare_crawl(db, self.config, [s.name for s in group], False, now,
                                     sync=False) for group in _by_host(due)]
        finally:
            db.close()
        for batch in batches:
            self._start(batch, time.monotonic())
        return [s.name for s in due]

    def _start(self, batch: Batch, t0: float) -> None:
        names = [job.name for job in batch.jobs]
        self.busy.update(names)
        crawler = self.process.create_crawler(FeedSpider)
        done = self.process.crawl(crawler, **spider_arguments(self.config, batch.jobs,
                                                               batch.report, self.extractor))
        started = iso(utcnow()) or ""
        ended = False

        def end(status: str) -> None:
            nonlocal ended
            if not ended:
                ended = True
                self._db_thread.submit(self._finish, batch, names, started, t0, status)

        def overrun() -> None:
            # Stopped, and recorded at once: a download that hangs may keep Scrapy's close
            # waiting up to its timeout. Its sources count a failed poll (so they back off)
            # and keep their validators; what the crawl still stores later is kept.
            log.warning("crawl of %s overran its %gs budget: stopped", ", ".join(names),
                        self.budget)
            for rep in batch.report.sources.values():
                if rep.outcome == "pending":
                    rep.errors.insert(0, f"crawl overran its {self.budget:g}s budget")
            if crawler.engine is not None:
                deferred_from_coro(crawler.engine.close_spider_async(reason="timeout"))
            end("timeout")

        timer = _reactor().callLater(self.budget, overrun)

        def finished(result: Any) -> None:
            if timer.active():
                timer.cancel()
            if isinstance(result, Failure):
                log.error("crawl of %s failed: %s", ", ".join(names), result.getErrorMessage())
                end(f"error: {result.getErrorMessage()}")
            else:
                end("completed")

        done.addBoth(finished)

    def _finish(self, batch: Batch, names: list[str], started: str, t0: float,
                status: str) -> None:
        """(database thread) Store the outcome, run the caller's step, free the sources."""
        outcome, code, error = ("ok" if status == "completed" else
                                "timeout" if status == "timeout" else "failed"), _OK, None
        db = None
        try:
            db = open_db(self.config.database, migrate=False)
            finish_crawl(db, self.config, batch, status)
        except StorageError as exc:
            outcome, code, error = "failed", _STORAGE, str(exc)
            log.log(logging.DEBUG if self.quiet_storage else logging.ERROR, "%s", exc)
        except Exception as exc:  # noqa: BLE001 - one crawl's bug must not stop the engine
            outcome, code, error = "failed", _FAILED, f"{type(exc).__name__}: {exc}"
            log.exception("recording the crawl of %s failed", ", ".join(names))
        finally:
            if db is not None:
                db.close()
        if outcome == "failed" and code == _OK:
            code = _FAILED
        finished = Finished(batch.report.run_id, names, started, iso(utcnow()) or "",
                            round(time.monotonic() - t0, 3), outcome, code, error)
        try:
            self.after(batch.report if code != _STORAGE else None, finished)
        except Exception:
            log.exception("after the crawl of %s", ", ".join(names))
        finally:
            _reactor().callFromThread(self.busy.difference_update, names)

    # The daemon has logged the database's refusal once: ticks in that episode stay quiet.
    quiet_storage = False


def _reactor() -> Any:
    """The running reactor, imported only once Scrapy has installed its own (asyncio)."""
    from twisted.internet import reactor  # noqa: PLC0415

    return reactor


def _by_host(sources: list[SourceConfig]) -> list[list[SourceConfig]]:
    """Sources grouped by their feed's host and port, in config order."""
    groups: dict[str, list[SourceConfig]] = {}
    for source in sources:
        groups.setdefault(urlsplit(source.url).netloc.lower(), []).append(source)
    return list(groups.values())

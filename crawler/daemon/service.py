"""`watchpost run`: the daemon that polls every source on its own schedule and delivers alerts.

APScheduler 3 (coalesce, max_instances=1, misfire grace) runs four jobs in a thread pool:

- tick: when a source is due, the crawl engine (one child process for the daemon's life,
  crawler.daemon.engine) starts crawls of the due sources not already being crawled; as each
  crawl ends, its sources' due times are re-anchored/adapted/jittered and delivery is woken.
  After each tick, a listener sets the next run to the earliest due time (within bounds).
- deliver: the injected delivery hook (outbox, digests), every few seconds and after crawls,
  each subscription on its own thread so one receiver never holds another's alerts.
- heartbeat: liveness in `daemon_heartbeat`, read by `watchpost status`.
- health: sources failing too long or silent for unusually long, raised once per episode.

State lives in the database, so a restart continues where it stopped. SIGTERM/SIGINT: no new
crawl; running ones may finish within `daemon.stop_grace`, else the engine is killed (a second
signal kills it at once); the outbox is flushed once; exit 0. One daemon per database (a file lock).

A database that refuses writes (disk full, read-only file), at start or later, never stops the
daemon: it waits and retries with back-off, logs once per episode, reports the episode on the
health endpoint and records it once it can write (crawler.daemon.storagewatch). Only a database
made by a newer watchpost ends it (SchemaTooNew): no wait mends that.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from http.server import ThreadingHTTPServer
from types import FrameType
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from sqlite_utils import Database

from crawler.config import Config
from crawler.daemon.delivery import DeliverHook, Delivery, default_deliver, log_health
from crawler.daemon.engine import EngineClient
from crawler.daemon.health import HealthEvent, check_health
from crawler.daemon.lock import DaemonLock
from crawler.daemon.records import record_beat, record_spawn, record_start, record_tick
from crawler.daemon.status import serve_status
from crawler.daemon.storagewatch import StorageWatch
from crawler.daemon.tick import (
    STORAGE_EXIT,
    TickResult,
    due_now,
    reschedule,
    tick_storage_error,
    wait_seconds,
)
from crawler.errors import SchemaTooNew, StorageError
from crawler.storage.db import open_db
from crawler.storage.store import iso, sync_sources, utcnow

log = logging.getLogger(__name__)

HealthHook = Callable[[Database, Config, Sequence[HealthEvent], datetime], None]

_FINAL_FLUSH_SECONDS = 15.0  # the outbox flush on stop is abandoned after this
_PRUNE_EVERY = 100  # ticks between trims of the tick history


class Daemon:
    """One daemon over one database; `run()` blocks until SIGTERM/SIGINT or `stop()`."""

    def __init__(
        self, config: Config, *, deliver: DeliverHook = default_deliver,
        on_health: HealthHook = log_health, health_port: int | None = None,
        rng: random.Random | None = None,
    ) -> None:
        if config.path is None:
            raise ValueError("the daemon needs a config loaded from a file (ticks re-read it)")
        self.config = config
        self.cfg = config.daemon
        self.on_health = on_health
        self.health_port = health_port
        self.rng = rng or random.Random()
        self.runner = EngineClient(config.path, self._crawl_finished)
        self.storage = StorageWatch(self.cfg.min_wait, self.cfg.max_wait)
        self.ticks = 0
        self.ticks_failed = 0
        self._stop = threading.Event()
        self._hurry = threading.Event()
        self._scheduler: BackgroundScheduler | None = None
        self.delivery = Delivery(config, deliver, self._connect, self.storage)
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def run(self) -> int:
        """Take the lock, schedule the jobs, serve until stopped; return the exit code (0)."""
        lock = DaemonLock(self.config.database)
        lock.acquire()  # AlreadyRunning propagates to the CLI with a clear message
        try:
            self._install_signals()
            if self.health_port is not None:
                self._server = serve_status(self.config.database, self.health_port,
                                            self.storage.snapshot)
            if not self._start():
                return 0  # stopped while waiting for the database
            self._scheduler = self._build_scheduler()
            self._scheduler.start()
            log.info("daemon started (pid %d): %d sources, database %s",
                     os.getpid(), len(self.config.enabled_sources()), self.config.database)
            while not self._stop.wait(0.5):
                pass
            self._shutdown()
        finally:
            if self._server is not None:
                self._server.shutdown()
                self._server.server_close()
            lock.release()
        return 0

    def _start(self) -> bool:
        """Migrate, sync the sources and record the start, waiting (with back-off) while the
        database refuses; False when stopped before it worked."""
        while True:
            try:
                with self._connect(migrate=True) as db:
                    # Status shows the configured sources before the first tick has run.
                    sync_sources(db, self.config)
                    self._record_start(db)
                    self._stored(db, "start")
                return True
            except SchemaTooNew:
                raise
            except StorageError as exc:
                if self._stop.wait(self.storage.failed("start", exc)):
                    return False

    def stop(self, hurry: bool = False) -> None:
        """Ask the daemon to stop (as SIGTERM does); `hurry` kills a running tick at once."""
        if hurry:
            self._hurry.set()
        self._stop.set()

    def _install_signals(self) -> None:
        def handler(signum: int, frame: FrameType | None) -> None:
            # Only set events here: the main thread may hold locks the scheduler needs.
            self.stop(hurry=self._stop.is_set())

        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, handler)

    def _build_scheduler(self) -> BackgroundScheduler:
        cfg = self.cfg
        # APScheduler logs every job start at INFO, and a run skipped because the job is
        # still running (a tick woken by a finished crawl while one runs) at WARNING: both
        # are routine here.
        logging.getLogger("apscheduler").setLevel(logging.ERROR)
        scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(4)},
            job_defaults={"coalesce": True, "max_instances": 1,
                          "misfire_grace_time": max(1, int(cfg.misfire_grace))},
            timezone="UTC",
        )
        now = utcnow()
        scheduler.add_job(self._tick_job, "interval", seconds=cfg.max_wait, id="tick",
                          next_run_time=now)
        scheduler.add_job(self._deliver_job, "interval", seconds=cfg.delivery_interval,
                          id="deliver", next_run_time=now)
        scheduler.add_job(self._heartbeat_job, "interval", seconds=cfg.heartbeat_interval,
                          id="heartbeat")
        scheduler.add_job(self._health_job, "interval", seconds=cfg.health.check_interval,
                          id="health", next_run_time=now + timedelta(seconds=cfg.min_wait))
        scheduler.add_listener(self._after_job,
                               EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        return scheduler

    def _shutdown(self) -> None:
        """Stop scheduling, let the tick finish within the grace (else kill it), flush, mark."""
        log.info("stopping: no new crawls; running ones get %gs to finish", self.cfg.stop_grace)
        self._beat("stopping")
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
        deadline = time.monotonic() + self.cfg.stop_grace
        while (not self.runner.wait_idle(0.1) and time.monotonic() < deadline
               and not self._hurry.is_set()):
            pass
        if self.runner.abandon():
            log.warning("running crawls abandoned (killed); they are re-done on the next start")
            self.runner.wait_idle(10)  # their record, written by the engine's reader thread
        self._final_flush()
        self._beat("stopped")
        log.info("daemon stopped after %d ticks", self.ticks)

    def _final_flush(self) -> None:
        """Deliver what is due once more, in a thread so a hung endpoint cannot hold the exit."""
        worker = threading.Thread(target=self.delivery.run, args=(True,), name="final-flush",
                                  daemon=True)
        worker.start()
        worker.join(_FINAL_FLUSH_SECONDS)
        if worker.is_alive():
            log.warning("outbox flush still running after %gs: left for the next start",
                        _FINAL_FLUSH_SECONDS)

    # -- jobs --------------------------------------------------------------------------------

    def _tick_job(self) -> float:
        """Have the crawl engine start crawls of the due sources; return seconds until the
        next source is due (sources being crawled are not due: their crawl reschedules them).

        A tick the database refused (the engine could not read what is due, or a crawl's
        record of it failed) is retried with back-off, not every min_wait.
        """
        try:
            return self._tick()
        except StorageError as exc:
            return self.storage.failed("tick", exc)

    def _tick(self) -> float:
        busy = self.runner.busy
        with self._connect() as db:
            due, earliest = due_now(db, self.config, utcnow(), busy)
        if not due or self._stop.is_set():
            if not busy:
                self.storage.succeeded("tick")  # nothing a refused crawl did not store
            return wait_seconds(due, earliest, utcnow(), self.cfg)
        started = self.runner.poll(self.storage.failing, on_spawn=self._spawned)
        if started.exit_code == STORAGE_EXIT:
            raise StorageError(started.error or "the database could not be read",
                               path=str(self.config.database))
        if started.error:
            log.warning("crawl engine: %s", started.error)
            return max(self.cfg.min_wait, 5.0)
        log.debug("crawls started for %d sources, %d busy", len(started.sources),
                  len(started.busy))
        with self._connect() as db:
            now = utcnow()
            due, earliest = due_now(db, self.config, now, {*started.busy, *started.sources})
        return wait_seconds(due, earliest, now, self.cfg)

    def _crawl_finished(self, event: dict[str, Any]) -> None:
        """(engine reader thread) A crawl ended: record it, re-anchor its sources' due
        times, deliver what it queued, and look for due sources again."""
        result = TickResult.of_crawl(event, self.runner.child_pid)
        try:
            self._record_tick(result)
            self._wake("deliver")
            with self._connect() as db:
                refused = tick_storage_error(db, result, self.config.database)
                if refused is not None:
                    raise refused
                moved = reschedule(db, self.config, self.cfg, result.started_at, self.rng,
                                   names=event.get("sources"))
                log.debug("crawl rescheduled %d sources", moved)
                if result.outcome == "ok":
                    self._stored(db, "tick")
        except StorageError as exc:
            self.storage.failed("tick", exc)
        except Exception:
            log.exception("recording a finished crawl failed")
        finally:
            self._wake("tick")

    def _after_job(self, event: JobExecutionEvent) -> None:
        """After a tick (run, failed or missed), set its next run; instances are released now."""
        if event.job_id != "tick" or self._stop.is_set() or self._scheduler is None:
            return
        wait = event.retval if isinstance(event.retval, float) else self.cfg.min_wait
        if event.exception is not None:
            wait = max(self.cfg.min_wait, 5.0)  # an error (e.g. disk full) is not retried hot
        log.debug("next tick in %.1fs", wait)
        try:
            self._scheduler.modify_job("tick", next_run_time=utcnow() + timedelta(seconds=wait))
        except Exception:  # noqa: BLE001 - the scheduler may be shutting down
            log.debug("tick not rescheduled", exc_info=True)

    def _deliver_job(self) -> None:
        """Start a delivery for each subscription that has none running; do not wait."""
        self.delivery.run(wait_for_them=False)

    def _heartbeat_job(self) -> None:
        if self.storage.may_try("heartbeat"):  # backing off while the database refuses
            self._beat("stopping" if self._stop.is_set() else "running")

    def _health_job(self) -> None:
        """Check source health (backing off while the database refuses writes)."""
        if not self.storage.may_try("health"):
            return
        try:
            self._check_health()
        except StorageError as exc:
            self.storage.failed("health", exc)

    def _check_health(self) -> None:
        """Log and record source problems raised or resolved, call the hook."""
        now = utcnow()
        with self._connect() as db:
            events = check_health(db, self.config, self.cfg.health, now)
            for e in events:
                level = logging.WARNING if e.state == "raised" else logging.INFO
                log.log(level, "source %s %s: %s since %s: %s", e.source, e.state, e.problem,
                        e.since, e.detail)
            if events:
                self.on_health(db, self.config, events, now)
            self._stored(db, "health")

    # -- records -----------------------------------------------------------------------------

    def _spawned(self, pid: int) -> None:
        try:
            with self._connect() as db:
                record_spawn(db, pid, iso(utcnow()))
        except StorageError as exc:
            # Only the pid shown in status is lost: the tick itself goes on.
            self.storage.failed("tick", exc)

    def _record_tick(self, result: TickResult) -> None:
        self.ticks += 1
        if result.outcome != "ok":
            self.ticks_failed += 1
            # A tick refused by the database in an episode already logged is not news.
            quiet = result.exit_code == STORAGE_EXIT and self.storage.failing
            log.log(logging.DEBUG if quiet else logging.WARNING,
                    "crawl tick %s (exit code %s) after %.1fs", result.outcome,
                    result.exit_code, result.seconds)
        tick = {**result.row(), "daemon_pid": os.getpid()}
        totals = {"ticks": self.ticks, "ticks_failed": self.ticks_failed, "now": iso(utcnow())}
        keep = self.cfg.keep_ticks if self.ticks % _PRUNE_EVERY == 0 else None
        with self._connect() as db:
            record_tick(db, tick, totals, keep)

    def _record_start(self, db: Database) -> None:
        stamp = iso(utcnow())
        record_start(db, {
            "pid": os.getpid(), "host": socket.gethostname(),
            "config_path": str(self.config.path), "started_at": stamp, "heartbeat_at": stamp,
            "heartbeat_every": self.cfg.heartbeat_interval, "state": "running", "ticks": 0,
            "ticks_failed": 0, "tick_pid": None, "health_port": self.health_port,
            "stopped_at": None})

    def _beat(self, state: str) -> None:
        """Record liveness; a failed write is logged (the next beat retries)."""
        try:
            with self._connect() as db:
                record_beat(db, state, self.ticks, self.ticks_failed, self.runner.child_pid,
                            iso(utcnow()))
                self._stored(db, "heartbeat")
        except StorageError as exc:
            self.storage.failed("heartbeat", exc)
        except Exception:
            log.exception("heartbeat not recorded")

    def _stored(self, db: Database, part: str) -> None:
        """`part` wrote what it needed: the storage episode may end; write what it left."""
        self.storage.succeeded(part)
        self.storage.record(db)

    def _wake(self, job_id: str) -> None:
        """Run a job as soon as possible (max_instances=1 still holds)."""
        if self._scheduler is not None and not self._stop.is_set():
            with contextlib.suppress(Exception):
                self._scheduler.modify_job(job_id, next_run_time=utcnow())

    @contextlib.contextmanager
    def _connect(self, migrate: bool = False) -> Iterator[Database]:
        """A connection for one job: SQLite connections must not be shared between threads."""
        db = open_db(self.config.database, migrate=migrate)
        try:
            yield db
        finally:
            db.close()


def run_daemon(config: Config, health_port: int | None = None, **hooks: Any) -> int:
    """Run the daemon until stopped; the CLI's entry point."""
    return Daemon(config, health_port=health_port, **hooks).run()

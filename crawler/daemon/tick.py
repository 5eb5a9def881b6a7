"""A crawl tick as a child process with a time budget, and when to wake for the next one.

Scrapy's reactor cannot restart in one process, so each tick is `python -m crawler crawl
--due-only` in its own process group. After a tick the daemon re-anchors each polled source's
next due time on the tick's start (so a 10 s source is polled every 10 s, not every 10 s plus
the tick's length), applies adaptive intervals and adds jitter.
"""

from __future__ import annotations

import logging
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler.config import Config
from crawler.config.daemon import AdaptiveConfig, DaemonConfig
from crawler.daemon.child import PARENT_ENV, STORAGE_EPISODE_ENV
from crawler.errors import StorageError, StorageFull, StorageReadOnly
from crawler.storage.db import table_exists, write
from crawler.storage.store import iso, utcnow

log = logging.getLogger(__name__)

# A hint (TTL, max-age, Retry-After) shows as a wait this much longer than the interval;
# below it the difference is the second-rounding of stored times.
_HINT_SLACK = 1.5
# `watchpost crawl` exits 3 when the database cannot be used or refused a write (the CLI's
# contract with the daemon, which only sees the child's exit status).
STORAGE_EXIT = 3
_KINDS: dict[str, type[StorageError]] = {"full": StorageFull, "read-only": StorageReadOnly}


@dataclass(frozen=True)
class TickResult:
    """What one tick did: `outcome` is ok | failed | timeout | abandoned."""

    started_at: datetime
    finished_at: datetime
    outcome: str
    exit_code: int | None
    seconds: float
    due: int
    child_pid: int | None


class TickRunner:
    """Runs crawl ticks one at a time; another thread may abandon the running one."""

    def __init__(self, config_path: Path, budget: float, python: str = sys.executable) -> None:
        self.command = [python, "-m", "crawler", "crawl", "--due-only", "--config",
                        str(config_path)]
        self.budget = budget
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._abandoned = False

    @property
    def child_pid(self) -> int | None:
        """The pid of the running tick's process, if one runs."""
        with self._lock:
            return self._proc.pid if self._proc else None

    def run(self, due: int, on_spawn: Callable[[int], None] | None = None,
            storage_episode: bool = False) -> TickResult:
        """Run one tick to its end, or kill it when it overruns the budget.

        `storage_episode`: the daemon has reported the database refusing writes; the tick
        does not print its storage error again.
        """
        started, t0 = utcnow(), time.monotonic()
        env = {**os.environ, PARENT_ENV: str(os.getpid()),
               STORAGE_EPISODE_ENV: "1" if storage_episode else ""}
        # Its own session: a terminal's Ctrl-C reaches only the daemon, which decides, and
        # killpg takes any grandchildren along.
        proc = subprocess.Popen(self.command, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, env=env, start_new_session=True)
        with self._lock:
            self._proc, self._abandoned = proc, False
        try:
            if on_spawn:
                on_spawn(proc.pid)
            code: int | None = proc.wait(timeout=self.budget)
            outcome = "ok" if code == 0 else "failed"
        except subprocess.TimeoutExpired:
            log.warning("crawl tick (pid %d) overran its %gs budget: killed", proc.pid,
                        self.budget)
            _kill_group(proc)
            code, outcome = proc.wait(), "timeout"
        except BaseException:
            _kill_group(proc)  # never leave a tick running unwatched
            proc.wait()
            with self._lock:
                self._proc = None
            raise
        with self._lock:
            self._proc = None
            if self._abandoned:
                outcome = "abandoned"
        return TickResult(started, utcnow(), outcome, code, time.monotonic() - t0, due, proc.pid)

    def abandon(self) -> bool:
        """Kill the running tick now (shutdown); True if there was one."""
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                return False
            self._abandoned = True
            _kill_group(self._proc)
            return True


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the tick's process group.

    SIGKILL, not SIGTERM: each write is one transaction and a source's poll state is stored
    after its articles, so a killed tick is simply re-done; a graceful Scrapy stop would drop
    queued article requests yet still store the feed's validators.
    """
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def tick_storage_error(db: Database, result: TickResult, database: Path) -> StorageError | None:
    """The storage error a tick's crawl met (it exited 3), as its crawl recorded it if it
    could; None for any other outcome."""
    if result.exit_code != STORAGE_EXIT:
        return None
    row = db.execute(
        "SELECT kind, detail FROM storage_problems WHERE origin = 'crawl' AND resolved_at IS "
        "NULL AND last_seen_at >= ? ORDER BY id DESC LIMIT 1", [iso(result.started_at)]
    ).fetchone() if table_exists(db, "storage_problems") else None
    if row is None:
        return StorageError(f"crawl tick (pid {result.child_pid}) exited {STORAGE_EXIT}: "
                            f"database {database} could not be used (its log says why)",
                            path=str(database))
    return _KINDS.get(row[0], StorageError)(row[1], path=str(database), cause=row[1])


def _states(db: Database) -> dict[str, dict[str, Any]]:
    return {r["source"]: r for r in db.query(
        "SELECT source, next_due_at, last_polled_at, failures, poll_every, poll_why "
        "FROM feed_state")}


def due_now(db: Database, config: Config, now: datetime) -> tuple[int, datetime | None]:
    """How many enabled sources are due now, and the earliest future due time of the others."""
    states = _states(db)
    due, earliest = 0, None
    for source in config.enabled_sources():
        text = (states.get(source.name) or {}).get("next_due_at")
        when = datetime.fromisoformat(text) if text else None
        if when is None or when <= now:
            due += 1
        elif earliest is None or when < earliest:
            earliest = when
    return due, earliest


def wait_seconds(due: int, earliest: datetime | None, now: datetime, cfg: DaemonConfig
                 ) -> float:
    """Seconds to sleep before the next tick: until the earliest due time, within bounds."""
    if due:
        return cfg.min_wait
    if earliest is None:
        return cfg.max_wait
    return min(max((earliest - now).total_seconds(), cfg.min_wait), cfg.max_wait)


def reschedule(
    db: Database, config: Config, cfg: DaemonConfig, tick_started: datetime,
    rng: random.Random, now: datetime | None = None,
) -> int:
    """Re-anchor, adapt and jitter the next due time of sources the tick polled; return count.

    The crawl's own due time stands when it carries a failure back-off or a server hint
    (Retry-After, TTL, max-age): those only ever push it later. Writes are compare-and-set on
    the old value, so a `watchpost crawl` that polled the source meanwhile wins.
    """
    now = now or utcnow()
    floor = tick_started.replace(microsecond=0)  # stored times have one-second resolution
    states = _states(db)
    updates: list[tuple[str, float | None, str | None, str, str]] = []
    for source in config.enabled_sources():
        state = states.get(source.name) or {}
        if not state.get("last_polled_at") or not state.get("next_due_at"):
            continue
        polled = datetime.fromisoformat(state["last_polled_at"])
        if polled < floor:
            continue
        due = datetime.fromisoformat(state["next_due_at"])
        interval = config.interval_of(source)
        base, why = interval, ""
        if cfg.adaptive.enabled and source.interval is None:
            # An explicit per-source interval is the user's decision; defaults adapt.
            base, why = adaptive_interval(db, source.name, cfg.adaptive, now), "adaptive"
        every = base
        hinted = (due - polled).total_seconds() > interval + _HINT_SLACK
        if int(state.get("failures") or 0):
            # Back-off or Retry-After as the crawl decided, plus the second its stored time
            # lost to rounding down, so a Retry-After is never cut short.
            new = due + timedelta(seconds=1)
            every, why = state.get("poll_every") or interval, state.get("poll_why") or ""
        elif hinted and due > tick_started + timedelta(seconds=base):
            new = due  # the feed's TTL, max-age or Retry-After, as the crawl decided
            every, why = state.get("poll_every") or interval, state.get("poll_why") or ""
        else:
            new = tick_started + timedelta(seconds=base)
        spread = min(cfg.jitter * base, cfg.jitter_max)
        if spread > 0:
            new += timedelta(seconds=rng.uniform(0, spread))
        text = new.isoformat(timespec="milliseconds")
        if text != state["next_due_at"]:
            updates.append((text, every, why, source.name, state["next_due_at"]))
    if updates:
        with write(db, "rescheduling sources"):
            db.conn.executemany(
                "UPDATE feed_state SET next_due_at = ?, poll_every = ?, poll_why = ? "
                "WHERE source = ? AND next_due_at = ?", updates)
    return len(updates)


def adaptive_interval(db: Database, source: str, cfg: AdaptiveConfig, now: datetime) -> float:
    """Miniflux's rule: the window divided by the items published in it, within bounds."""
    since = iso(now - timedelta(seconds=cfg.window))
    count = db.execute(
        "SELECT count(*) FROM articles WHERE source = ? AND coalesce(published, fetched_at) >= ?",
        [source, since]).fetchone()[0]
    if not count:
        return cfg.max_interval
    return min(max(cfg.window / count, cfg.min_interval), cfg.max_interval)

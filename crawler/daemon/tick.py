"""When to wake for the next crawl, and each crawled source's next due time.

The crawls run in the crawl engine (crawler.daemon.engine). After each one the daemon
re-anchors its sources' next due times on the crawl's start (so a 10 s source is polled every
10 s, not every 10 s plus the crawl's length), applies adaptive intervals and adds jitter.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler.config import Config, SourceConfig
from crawler.config.daemon import AdaptiveConfig, DaemonConfig
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

    @classmethod
    def of_crawl(cls, event: dict[str, Any], engine_pid: int | None) -> TickResult:
        """A crawl engine's `finished` event (crawler.daemon.enginechild) as a tick."""
        return cls(datetime.fromisoformat(event["started_at"]),
                   datetime.fromisoformat(event["finished_at"]), event["outcome"],
                   event.get("exit_code"), float(event.get("seconds") or 0.0),
                   len(event.get("sources") or []), event.get("pid") or engine_pid)

    def row(self) -> dict[str, Any]:
        """Its `daemon_ticks` row (without the daemon's pid)."""
        return {"started_at": iso(self.started_at), "finished_at": iso(self.finished_at),
                "outcome": self.outcome, "exit_code": self.exit_code,
                "seconds": round(self.seconds, 3), "due": self.due, "child_pid": self.child_pid}


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


def due_now(db: Database, config: Config, now: datetime, busy: Collection[str] = ()
            ) -> tuple[int, datetime | None]:
    """How many enabled sources are due now, and the earliest future due time of the others;
    sources `busy` in a crawl are neither (their crawl reschedules them)."""
    states = _states(db)
    due, earliest = 0, None
    for source in config.enabled_sources():
        if source.name in busy:
            continue
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
    rng: random.Random, now: datetime | None = None, names: Collection[str] | None = None,
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
    # One draw for the whole crawl: sources polled together (one feed host) stay together, so
    # an idle daemon runs one crawl per host and interval, not one per source; crawls of
    # different hosts draw apart.
    share = rng.random()
    for source in config.enabled_sources():
        if names is not None and source.name not in names:
            continue  # another crawl's source: that crawl re-anchors it
        state = states.get(source.name) or {}
        if not state.get("last_polled_at") or not state.get("next_due_at"):
            continue
        if datetime.fromisoformat(state["last_polled_at"]) < floor:
            continue
        update = _next_due(db, config, cfg, source, state, tick_started, share, now)
        if update is not None:
            updates.append(update)
    if updates:
        with write(db, "rescheduling sources"):
            db.conn.executemany(
                "UPDATE feed_state SET next_due_at = ?, poll_every = ?, poll_why = ? "
                "WHERE source = ? AND next_due_at = ?", updates)
    return len(updates)


def _next_due(db: Database, config: Config, cfg: DaemonConfig, source: SourceConfig,
              state: dict[str, Any], tick_started: datetime, share: float, now: datetime
              ) -> tuple[str, float | None, str | None, str, str] | None:
    """One polled source's new due time, interval in force and why, as an UPDATE's
    parameters; None when its due time stays."""
    polled = datetime.fromisoformat(state["last_polled_at"])
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
        new += timedelta(seconds=share * spread)
    text = new.isoformat(timespec="milliseconds")
    if text == state["next_due_at"]:
        return None
    return (text, every, why, source.name, state["next_due_at"])


def adaptive_interval(db: Database, source: str, cfg: AdaptiveConfig, now: datetime) -> float:
    """Miniflux's rule: the window divided by the items published in it, within bounds."""
    since = iso(now - timedelta(seconds=cfg.window))
    count = db.execute(
        "SELECT count(*) FROM articles WHERE source = ? AND coalesce(published, fetched_at) >= ?",
        [source, since]).fetchone()[0]
    if not count:
        return cfg.max_interval
    return min(max(cfg.window / count, cfg.min_interval), cfg.max_interval)

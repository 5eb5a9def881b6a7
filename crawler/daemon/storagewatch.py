"""The daemon's hold on its database: a write refused (disk full, read-only) opens an episode.

The daemon never dies of one: each job that meets a StorageError reports it here and backs
off; the episode is logged once when it opens and once when it ends, served live by the health
endpoint, and written to `storage_problems` as soon as a write goes through again (the first
job that can write records it, so `watchpost status` shows it even when the disk refused the
record at the time). The episode ends when every part that failed (start-up, ticks, delivery,
heartbeat, health checks) has succeeded since.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from crawler.errors import StorageError
from crawler.storage.problems import kind_of, record_problem
from crawler.storage.store import iso, utcnow

log = logging.getLogger(__name__)

ORIGIN = "daemon"


@dataclass
class Episode:
    """One stretch of time the database refused the daemon's writes."""

    since: datetime
    error: StorageError
    attempts: int = 0
    ended: datetime | None = None
    recorded_open: bool = False


class StorageWatch:
    """Thread-safe: every scheduler job reports its database outcome here.

    Retries back off per part, from `shortest` seconds doubling up to `longest`.
    """

    def __init__(self, shortest: float, longest: float) -> None:
        self.shortest = shortest
        self.longest = longest
        self._lock = threading.Lock()
        self._episode: Episode | None = None
        self._failing: dict[str, tuple[int, float]] = {}  # part -> (failures, next try)
        self._unrecorded: list[Episode] = []

    def failed(self, part: str, exc: StorageError) -> float:
        """`part` met `exc`; return the seconds it should wait before trying again."""
        with self._lock:
            episode = self._episode
            if episode is None:
                episode = self._episode = Episode(utcnow(), exc)
                log.error("%s; the daemon keeps running and retries with back-off (logged "
                          "again when the database takes writes again)", exc)
            if type(exc) is not StorageError or type(episode.error) is StorageError:
                episode.error = exc  # a plain StorageError never hides a known cause
            episode.attempts += 1
            failures = self._failing.get(part, (0, 0.0))[0] + 1
            wait = backoff(failures, self.shortest, self.longest)
            self._failing[part] = (failures, time.monotonic() + wait)
            return wait

    def may_try(self, part: str) -> bool:
        """False while `part` is backing off after a failure."""
        with self._lock:
            return time.monotonic() >= self._failing.get(part, (0, 0.0))[1]

    def succeeded(self, part: str) -> None:
        """`part` has just written (or read) what it needed; the episode ends with the last."""
        with self._lock:
            self._failing.pop(part, None)
            episode = self._episode
            if episode is None or self._failing:
                return
            episode.ended = utcnow()
            self._episode = None
            self._unrecorded.append(episode)
        log.warning("database writable again after %.0fs (%d failed attempts): %s",
                    (episode.ended - episode.since).total_seconds(), episode.attempts,
                    episode.error)

    @property
    def failing(self) -> bool:
        """True while an episode is open."""
        with self._lock:
            return self._episode is not None

    def snapshot(self) -> dict[str, Any] | None:
        """The open episode for the health endpoint, or None."""
        with self._lock:
            episode = self._episode
            if episode is None:
                return None
            return {"kind": kind_of(episode.error), "error": str(episode.error),
                    "since": iso(episode.since), "failed_attempts": episode.attempts,
                    "failing": {part: n for part, (n, _) in sorted(self._failing.items())}}

    def record(self, db: Database) -> None:
        """Write the open episode and every ended one not yet written; a refusal is kept
        for the next try (it raises StorageError for the caller to report)."""
        with self._lock:
            pending = list(self._unrecorded)
            current = self._episode
        for episode in pending:
            self._write(db, episode)
            with self._lock:
                self._unrecorded.remove(episode)
        if current is not None and not current.recorded_open:
            self._write(db, current)
            current.recorded_open = True

    @staticmethod
    def _write(db: Database, episode: Episode) -> None:
        now = iso(episode.ended or utcnow()) or ""
        record_problem(db, ORIGIN, kind_of(episode.error), iso(episode.since) or "",
                       str(episode.error), now, resolved=episode.ended is not None)


def backoff(attempts: int, shortest: float, longest: float) -> float:
    """Seconds before the next try after `attempts` failures: doubling, within bounds."""
    return min(longest, max(shortest, 1.0) * 2 ** min(max(attempts - 1, 0), 16))

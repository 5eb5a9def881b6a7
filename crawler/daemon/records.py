"""The daemon's writes to its tables (heartbeat, tick history): each one short transaction."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from crawler.storage.db import write


def record_start(db: Database, row: dict[str, Any]) -> None:
    """(Re)write the heartbeat row as a daemon starts."""
    with write(db, "recording the daemon's start"):
        db.table("daemon_heartbeat").upsert({"id": 1, **row}, pk="id")


def record_spawn(db: Database, pid: int, at: str | None) -> None:
    """Note the crawl engine's pid as it starts (for status, and so tests can watch it)."""
    with write(db, "recording a tick's start"):
        db.execute("UPDATE daemon_heartbeat SET tick_pid = ?, last_tick_started_at = ? "
                   "WHERE id = 1", [pid, at])


def record_tick(db: Database, tick: dict[str, Any], totals: dict[str, Any], keep: int | None
                ) -> None:
    """Append a crawl to the history and update the heartbeat; trim the history if `keep`.
    The engine's pid (`tick_pid`) stays: it outlives its crawls."""
    with write(db, "recording a tick"):
        db.table("daemon_ticks").insert(tick)
        db.execute(
            "UPDATE daemon_heartbeat SET ticks = ?, ticks_failed = ?, "
            "last_tick_finished_at = ?, last_tick_outcome = ?, last_tick_seconds = ?, "
            "heartbeat_at = ? WHERE id = 1",
            [totals["ticks"], totals["ticks_failed"], tick["finished_at"], tick["outcome"],
             tick["seconds"], totals["now"]])
        if keep is not None:
            db.execute("DELETE FROM daemon_ticks WHERE id <= (SELECT max(id) FROM daemon_ticks)"
                       " - ?", [keep])


def record_beat(db: Database, state: str, ticks: int, ticks_failed: int, tick_pid: int | None,
                now: str | None) -> None:
    """Record liveness (and `stopped_at` when the state is stopped)."""
    with write(db, "recording the heartbeat"):
        db.execute(
            "UPDATE daemon_heartbeat SET heartbeat_at = ?, state = ?, ticks = ?, "
            "ticks_failed = ?, tick_pid = ?, stopped_at = ? WHERE id = 1",
            [now, state, ticks, ticks_failed, tick_pid, now if state == "stopped" else None])

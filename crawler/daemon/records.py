"""The daemon's tables (heartbeat, tick history, source health): migrations and writes."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from crawler.storage.db import write

migrations = Migrations("watchpost-daemon")


@migrations()
def m001_daemon(db: Database) -> None:
    """One heartbeat row per database, the history of ticks, and open/closed health problems."""
    # id is always 1: one daemon per database (the lock file enforces it).
    db.table("daemon_heartbeat").create(
        {"id": int, "pid": int, "host": str, "config_path": str, "started_at": str,
         "heartbeat_at": str, "heartbeat_every": float, "state": str, "ticks": int,
         "ticks_failed": int, "tick_pid": int, "last_tick_started_at": str,
         "last_tick_finished_at": str, "last_tick_outcome": str, "last_tick_seconds": float,
         "health_port": int, "stopped_at": str},
        pk="id",
    )
    db.table("daemon_ticks").create(
        {"id": int, "started_at": str, "finished_at": str, "outcome": str, "exit_code": int,
         "seconds": float, "due": int, "daemon_pid": int, "child_pid": int},
        pk="id",
    )
    db.table("daemon_ticks").create_index(["started_at"])
    # One row per (source, problem): the current or the last episode.
    db.table("source_health").create(
        {"source": str, "problem": str, "since": str, "raised_at": str, "resolved_at": str,
         "detail": str},
        pk=("source", "problem"),
    )


def record_start(db: Database, row: dict[str, Any]) -> None:
    """(Re)write the heartbeat row as a daemon starts."""
    with write(db):
        db.table("daemon_heartbeat").upsert({"id": 1, **row}, pk="id")


def record_spawn(db: Database, pid: int, at: str | None) -> None:
    """Note the running tick's pid (for status, and so tests can watch it)."""
    with write(db):
        db.execute("UPDATE daemon_heartbeat SET tick_pid = ?, last_tick_started_at = ? "
                   "WHERE id = 1", [pid, at])


def record_tick(db: Database, tick: dict[str, Any], totals: dict[str, Any], keep: int | None
                ) -> None:
    """Append a tick to the history and update the heartbeat; trim the history if `keep`."""
    with write(db):
        db.table("daemon_ticks").insert(tick)
        db.execute(
            "UPDATE daemon_heartbeat SET ticks = ?, ticks_failed = ?, tick_pid = NULL, "
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
    with write(db):
        db.execute(
            "UPDATE daemon_heartbeat SET heartbeat_at = ?, state = ?, ticks = ?, "
            "ticks_failed = ?, tick_pid = ?, stopped_at = ? WHERE id = 1",
            [now, state, ticks, ticks_failed, tick_pid, now if state == "stopped" else None])

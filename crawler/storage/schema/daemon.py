"""The daemon's tables: its heartbeat, the history of ticks, and open and closed source health problems."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

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

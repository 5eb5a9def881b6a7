"""Storage problems: episodes of a database that could not be written, for `status` and health.

A process that meets a full disk or a read-only file records the episode when it can: at once
if a small write still goes through, else when it first can again (the daemon keeps the episode
in memory until then). The episode is closed by the next write that succeeds for the same
origin ("crawl" for `watchpost crawl`, "daemon" for `watchpost run`).
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from crawler.errors import StorageError, StorageFull, StorageReadOnly
from crawler.storage.db import db_table, table_exists, write


def kind_of(exc: StorageError) -> str:
    """full | read-only | error: what the episode is, for status and health."""
    if isinstance(exc, StorageFull):
        return "full"
    if isinstance(exc, StorageReadOnly):
        return "read-only"
    return "error"


def record_problem(db: Database, origin: str, kind: str, since: str, detail: str, now: str,
                   resolved: bool = False) -> None:
    """Open (or refresh) `origin`'s episode; `resolved` records one that has already ended."""
    with write(db, "recording a storage problem"):
        open_row = db.execute(
            "SELECT id FROM storage_problems WHERE origin = ? AND resolved_at IS NULL "
            "ORDER BY id DESC LIMIT 1", [origin]).fetchone()
        row = {"origin": origin, "kind": kind, "last_seen_at": now, "detail": detail[:2000],
               "resolved_at": now if resolved else None}
        if open_row:
            db_table(db, "storage_problems").update(open_row[0], row)
        else:
            db_table(db, "storage_problems").insert({**row, "since": since})


def resolve_problems(db: Database, origin: str, now: str) -> int:
    """Close `origin`'s open episodes (a write just succeeded); return how many were open."""
    if not table_exists(db, "storage_problems"):
        return 0
    with write(db, "closing a storage problem"):
        return db.execute(
            "UPDATE storage_problems SET resolved_at = ? WHERE origin = ? AND resolved_at IS NULL",
            [now, origin]).rowcount


def storage_status(db: Database) -> dict[str, Any]:
    """Open episodes, and the last one that ended, for `status`."""
    if not table_exists(db, "storage_problems"):
        return {"open": [], "last_resolved": None}
    columns = "origin, kind, since, last_seen_at, resolved_at, detail"
    open_rows = list(db.query(f"SELECT {columns} FROM storage_problems "
                              "WHERE resolved_at IS NULL ORDER BY since"))
    last = list(db.query(f"SELECT {columns} FROM storage_problems "
                         "WHERE resolved_at IS NOT NULL ORDER BY resolved_at DESC LIMIT 1"))
    return {"open": open_rows, "last_resolved": last[0] if last else None}

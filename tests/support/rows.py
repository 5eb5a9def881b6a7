"""Reading what a run stored: rows from a test's SQLite file, a fresh connection each time."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def query(db_path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Rows of a read query on a database another process is filling ([] until it exists)."""
    if not db_path.exists():
        return []
    conn = sqlite3.connect(db_path, timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    finally:
        conn.close()


def incidents(db_path: Path) -> dict[int, dict[str, Any]]:
    """Every stored incident, by id (the table must exist: the run has finished)."""
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    try:
        return {r["id"]: dict(r) for r in conn.execute("SELECT * FROM incidents")}
    finally:
        conn.close()

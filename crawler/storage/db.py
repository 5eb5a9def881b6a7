"""The SQLite database: opened safely for several writers, every table migrated once per open."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from crawler.errors import StorageError
from crawler.storage.schema import MIGRATION_SETS
from crawler.storage.tables import db_table, table_exists

__all__ = ["BUSY_TIMEOUT_MS", "db_table", "open_db", "table_exists", "write"]

BUSY_TIMEOUT_MS = 30_000

def open_db(path: str | Path, migrate: bool = True) -> Database:
    """Open (creating if needed) the database in WAL mode with a busy timeout, migrated."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Owner-only from the start: the subscriptions table holds webhook URLs, whose paths are
        # often tokens. SQLite gives the -wal and -shm files the database file's mode.
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        if migrate:
            # Under one write lock, so two processes opening a fresh file don't both migrate.
            with write(db):
                for migration_set in MIGRATION_SETS:
                    migration_set.apply(db)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise StorageError(f"cannot open database {path}: {exc}") from exc
    return db


@contextlib.contextmanager
def write(db: Database) -> Iterator[Database]:
    """One write transaction, taking the write lock up front (BEGIN IMMEDIATE).

    sqlite-utils' atomic() issues a plain BEGIN, which upgrades to a write lock later
    and fails with "database is locked" when the daemon and a CLI write at once.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    else:
        db.conn.commit()

"""The SQLite database: opened safely for several writers, every table migrated once per open.

Every failure to open, migrate or write it leaves here as a StorageError (crawler.errors) that
names the file and the cause: a full disk, a read-only file, a newer schema.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from crawler.errors import StorageError
from crawler.storage.faults import database_file, storage_error
from crawler.storage.schema import MIGRATION_SETS
from crawler.storage.tables import db_table, table_exists
from crawler.storage.versions import refuse_newer

__all__ = ["BUSY_TIMEOUT_MS", "db_table", "open_db", "table_exists", "write"]

BUSY_TIMEOUT_MS = 30_000


def open_db(path: str | Path, migrate: bool = True) -> Database:
    """Open (creating if needed) the database in WAL mode with a busy timeout, migrated.

    Raises SchemaTooNew when a newer watchpost migrated it, StorageFull / StorageReadOnly /
    StorageError when it cannot be opened or migrated.
    """
    path = Path(path)
    conn: sqlite3.Connection | None = None
    step = "creating its folder"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        step = "opening it"
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
        refuse_newer(db, str(path))
        if migrate:
            step = "migrating it"
            # Under one write lock, so two processes opening a fresh file don't both migrate.
            with write(db, step):
                for migration_set in MIGRATION_SETS:
                    migration_set.apply(db)
    except (sqlite3.Error, OSError, StorageError) as exc:
        if conn is not None:
            conn.close()
        found = storage_error(exc, path, step)
        if found is None:  # an error in a migration's SQL: still this database's failure
            found = StorageError(f"cannot open database {path}: {exc}", path=str(path),
                                 cause=str(exc))
        raise found from exc
    return db


@contextlib.contextmanager
def write(db: Database, doing: str = "writing") -> Iterator[Database]:
    """One write transaction, taking the write lock up front (BEGIN IMMEDIATE).

    sqlite-utils' atomic() issues a plain BEGIN, which upgrades to a write lock later
    and fails with "database is locked" when the daemon and a CLI write at once.
    A full disk, a read-only file or a lost file system, met in the transaction or at its
    commit, is raised as a StorageError saying what was being done (`doing`); the transaction
    is rolled back first, so nothing of it is stored.
    """
    try:
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.conn.commit()
        except BaseException:
            # A failed COMMIT (SQLITE_FULL) leaves the transaction open: end it here.
            if db.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.conn.rollback()
            raise
    except sqlite3.Error as exc:
        found = storage_error(exc, database_file(db), doing)
        if found is None:
            raise
        raise found from exc

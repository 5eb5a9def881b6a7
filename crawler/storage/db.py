"""The SQLite database: opening it safely for several writers, and its schema migrations."""

from __future__ import annotations

import contextlib
import importlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.db import Table
from sqlite_utils.migrations import Migrations

from crawler.errors import StorageError

BUSY_TIMEOUT_MS = 30_000
migrations = Migrations("watchpost")

# Each feature owns its tables in its own module and migration set; applied in this order.
FEATURE_SCHEMAS: tuple[str, ...] = (
    "crawler.matching.store", "crawler.incidents.store", "crawler.daemon.records",
)


def migration_sets() -> list[Migrations]:
    """The crawl's migration set, then every feature's, in dependency order."""
    return [migrations, *(importlib.import_module(m).migrations for m in FEATURE_SCHEMAS)]


def open_db(path: str | Path, migrate: bool = True) -> Database:
    """Open (creating if needed) the database in WAL mode with a busy timeout, migrated."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        if migrate:
            # Under one write lock, so two processes opening a fresh file don't both migrate.
            with write(db):
                for migration_set in migration_sets():
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


@migrations()
def m001_crawl(db: Database) -> None:
    """Sources, their poll state, articles with full-text search, and crawl runs."""
    db_table(db, "sources").create(
        {"name": str, "url": str, "interval_s": float, "language": str, "region": str,
         "tags": str, "enabled": int, "updated_at": str},
        pk="name",
    )
    db_table(db, "feed_state").create(
        {"source": str, "etag": str, "last_modified": str, "body_hash": str,
         "last_polled_at": str, "last_success_at": str, "last_status": str,
         "last_http_status": int, "failures": int, "last_error": str, "next_due_at": str,
         "entries_seen": int, "articles_added": int},
        pk="source",
        defaults={"failures": 0, "entries_seen": 0, "articles_added": 0},
    )
    db_table(db, "articles").create(
        {"id": int, "url": str, "source": str, "entry_id": str, "title": str, "text": str,
         "summary": str, "author": str, "published": str, "language": str, "fetched_at": str,
         "status": str, "status_detail": str, "http_status": int, "text_hash": str,
         "final_url": str},
        pk="id",
        not_null={"url", "source", "status", "fetched_at"},
    )
    db_table(db, "articles").create_index(["url"], unique=True)
    db_table(db, "articles").create_index(["source", "published"])
    db_table(db, "articles").create_index(["text_hash"])
    db_table(db, "articles").enable_fts(["title", "text"], create_triggers=True, tokenize="porter")
    db_table(db, "crawl_runs").create(
        {"id": int, "started_at": str, "finished_at": str, "sources": int, "counts": str,
         "errors": str, "status": str, "pid": int, "host": str},
        pk="id",
    )


def db_table(db: Database, name: str) -> Table:
    """A table by name, typed as a table (sqlite-utils' `db[name]` may also be a view)."""
    return Table(db, name)


def table_exists(db: Database, name: str) -> bool:
    """True when the table exists (for commands reading a database that may be empty)."""
    return bool(Table(db, name).exists())

"""The alerts tables (a sqlite-utils Migrations set) and the one write-transaction helper."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("alerts")


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """Run a write block in BEGIN IMMEDIATE, or in a savepoint of the caller's transaction.

    A daemon and a CLI write concurrently: a plain BEGIN takes the write lock only at the first
    write and can fail "database is locked" midway; IMMEDIATE takes it up front (busy_timeout
    waits). Joining an open transaction lets the crawler store an incident and enqueue its
    alerts atomically.
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"alerts_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def ensure_schema(db: Database) -> None:
    """Create or migrate the alerts tables; idempotent and safe against a concurrent process."""
    if not migrations.pending(db):
        return
    # Inside IMMEDIATE the pending check and the DDL see one state, so two processes starting
    # together cannot both apply the same migration.
    with immediate(db):
        migrations.apply(db)


def utc_text(moment: datetime) -> str:
    """One sortable text form for every stored time (aware datetimes only)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware datetime (UTC)")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_utc(text: str | None) -> datetime | None:
    """Inverse of `utc_text`."""
    return datetime.fromisoformat(text) if text else None


@migrations()
def m001_alerts_tables(db: Database) -> None:
    """Subscriptions, the outbox and digest state."""
    db.execute(
        """CREATE TABLE IF NOT EXISTS subscriptions (
            name TEXT PRIMARY KEY,
            config TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'config',
            enabled INTEGER NOT NULL DEFAULT 1,
            disabled_reason TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE IF NOT EXISTS outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            incident_id INTEGER,
            subscription TEXT NOT NULL,
            revision INTEGER NOT NULL,
            kind TEXT NOT NULL,
            msg_id TEXT NOT NULL UNIQUE,
            payload TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            first_attempt_at TEXT,
            last_error TEXT,
            last_status INTEGER,
            digest_id INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            delivered_at TEXT,
            UNIQUE (incident_id, subscription, revision)
        )"""
    )
    db.execute("CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at)")
    db.execute(
        "CREATE INDEX IF NOT EXISTS outbox_held ON outbox (subscription, status, created_at)"
    )
    db.execute(
        """CREATE TABLE IF NOT EXISTS digest_state (
            subscription TEXT PRIMARY KEY,
            last_fired_at TEXT NOT NULL
        )"""
    )

"""The alerts tables (a sqlite-utils Migrations set) and the one write-transaction helper."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from crawler.storage.db import write

migrations = Migrations("alerts")


# One write-transaction helper for the whole project: BEGIN IMMEDIATE, or a savepoint of the
# caller's open transaction (so an incident and its alerts are stored atomically).
immediate = write


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

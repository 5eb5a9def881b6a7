"""The alerts tables: subscriptions, the outbox and digest state (alerts/ reads and writes them)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("alerts")


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

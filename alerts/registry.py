"""The `subscriptions` table: config-declared and CLI-added subscriptions, enabled or not."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from alerts.errors import UnknownSubscription
from alerts.times import utc_text
from crawler.config.subscriptions import SubscriptionConfig
from crawler.storage.db import write


@dataclass(frozen=True)
class StoredSubscription:
    """A row of the subscriptions table."""

    config: SubscriptionConfig
    origin: str
    enabled: bool
    disabled_reason: str | None
    created_at: str
    updated_at: str

    @property
    def name(self) -> str:
        """The subscription's name."""
        return self.config.name


def _config_json(sub: SubscriptionConfig) -> str:
    return json.dumps(sub.model_dump(mode="json"), sort_keys=True)


def upsert(
    db: Database,
    subs: Iterable[SubscriptionConfig],
    now: datetime,
    *,
    origin: str = "config",
    prune: bool = False,
) -> list[str]:
    """Insert or update subscriptions, keeping their enabled state; return the changed names.

    With `prune`, rows of the same origin that are not in `subs` are removed (a subscription
    deleted from config.yaml). A 410-disabled subscription stays disabled until `enable`.
    """
    stamp, changed = utc_text(now), []
    subs = list(subs)
    with write(db):
        for sub in subs:
            text = _config_json(sub)
            old = db.execute(
                "SELECT config FROM subscriptions WHERE name = ?", [sub.name]
            ).fetchone()
            if old is None:
                db.execute(
                    "INSERT INTO subscriptions (name, config, origin, enabled, created_at,"
                    " updated_at) VALUES (?, ?, ?, 1, ?, ?)",
                    [sub.name, text, origin, stamp, stamp],
                )
            elif old[0] != text:
                db.execute(
                    "UPDATE subscriptions SET config = ?, origin = ?, updated_at = ?"
                    " WHERE name = ?",
                    [text, origin, stamp, sub.name],
                )
            else:
                continue
            changed.append(sub.name)
        if prune:
            keep = [s.name for s in subs]
            marks = ",".join("?" * len(keep)) or "NULL"
            gone = db.execute(
                f"SELECT name FROM subscriptions WHERE origin = ? AND name NOT IN ({marks})",
                [origin, *keep],
            ).fetchall()
            for (name,) in gone:
                db.execute("DELETE FROM subscriptions WHERE name = ?", [name])
                changed.append(name)
    return changed


def sync(db: Database, subs: Iterable[SubscriptionConfig], now: datetime) -> list[str]:
    """Mirror the config's subscriptions into the table, keeping CLI-added ones and disables."""
    return upsert(db, subs, now, prune=True)


def add(db: Database, sub: SubscriptionConfig, now: datetime) -> None:
    """Add or replace one subscription from the CLI."""
    upsert(db, [sub], now, origin="cli")


def list_subscriptions(db: Database) -> list[StoredSubscription]:
    """Every stored subscription, by name."""
    rows = db.execute(
        "SELECT config, origin, enabled, disabled_reason, created_at, updated_at"
        " FROM subscriptions ORDER BY name"
    ).fetchall()
    return [
        StoredSubscription(
            SubscriptionConfig.model_validate_json(r[0]), r[1], bool(r[2]), r[3], r[4], r[5]
        )
        for r in rows
    ]


def load_enabled(db: Database) -> dict[str, SubscriptionConfig]:
    """The enabled subscriptions, keyed by name: what enqueue and dispatch should use."""
    return {s.name: s.config for s in list_subscriptions(db) if s.enabled}


def disabled_names(db: Database) -> set[str]:
    """Names of disabled subscriptions."""
    return {r[0] for r in db.execute("SELECT name FROM subscriptions WHERE enabled = 0")}


def remove(db: Database, name: str) -> None:
    """Delete a subscription; its outbox rows stay for the record."""
    with write(db):
        if db.execute("DELETE FROM subscriptions WHERE name = ?", [name]).rowcount == 0:
            raise UnknownSubscription(f"no subscription named {name!r}")


def set_enabled(
    db: Database, name: str, enabled: bool, now: datetime, reason: str | None = None
) -> None:
    """Enable, or disable with a reason (e.g. 'webhook answered 410 Gone')."""
    with write(db):
        cur = db.execute(
            "UPDATE subscriptions SET enabled = ?, disabled_reason = ?, updated_at = ?"
            " WHERE name = ?",
            [int(enabled), None if enabled else reason, utc_text(now), name],
        )
        if cur.rowcount == 0:
            raise UnknownSubscription(f"no subscription named {name!r}")


def disable(db: Database, name: str, reason: str, now: datetime) -> None:
    """Disable a subscription with a reason."""
    set_enabled(db, name, False, now, reason)


def enable(db: Database, name: str, now: datetime) -> None:
    """Re-enable a subscription."""
    set_enabled(db, name, True, now)

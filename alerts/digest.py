"""Digests: when a digest subscription's schedule fires, its held rows become one message."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from alerts import outbox, render
from alerts.outbox import OutboxRow
from alerts.registry import disabled_names
from alerts.times import parse_utc, utc_text
from crawler.config.subscriptions import DigestConfig, SubscriptionConfig, hhmm
from crawler.storage.db import write

log = logging.getLogger(__name__)


def last_scheduled(cfg: DigestConfig, now: datetime) -> datetime:
    """The latest scheduled firing time at or before `now` (UTC), in the schedule's time zone."""
    zone = ZoneInfo(cfg.timezone)
    local = now.astimezone(zone)
    at = hhmm(cfg.at)
    if cfg.every == "hourly":
        fire = local.replace(minute=at.minute, second=0, microsecond=0)
        if fire > local:
            fire = (fire.astimezone(UTC) - timedelta(hours=1)).astimezone(zone)
    else:
        # Local calendar arithmetic, so "07:00" stays 07:00 across DST changes.
        fire = datetime.combine(local.date(), at, tzinfo=zone)
        if fire > local:
            fire = datetime.combine(local.date() - timedelta(days=1), at, tzinfo=zone)
    return fire.astimezone(UTC)


def run_digests(
    db: Database, subscriptions: Mapping[str, SubscriptionConfig], now: datetime
) -> list[int]:
    """Fire every digest whose scheduled time has passed since it last fired; return new row ids.

    Missed periods (daemon down) coalesce into one message. A period with no incidents sends
    nothing. Rows enqueued after the scheduled time wait for the next period.
    """
    disabled = disabled_names(db)
    created: list[int] = []
    for name, sub in subscriptions.items():
        if sub.mode != "digest" or sub.digest is None or name in disabled:
            continue
        fire_at = last_scheduled(sub.digest, now)
        with write(db):
            # Read state inside the write lock: two processes cannot both fire one period.
            state = db.execute(
                "SELECT last_fired_at FROM digest_state WHERE subscription = ?", [name]
            ).fetchone()
            last = parse_utc(state[0]) if state else None
            if last is not None and last >= fire_at:
                continue
            rows = _held(db, name, fire_at)
            if rows:
                latest = {r.incident_id: r for r in rows}  # ordered by revision: last one wins
                items = [r.payload["data"] for r in latest.values()]
                payload = render.digest_payload(items, name, last, fire_at, now)
                row_id = _insert_digest(db, name, rows, render.payload_bytes(payload), fire_at, now)
                if row_id is not None:
                    created.append(row_id)
                    log.info("digest %s: %d incident(s) in row %d", name, len(items), row_id)
            db.execute(
                "INSERT INTO digest_state (subscription, last_fired_at) VALUES (?, ?)"
                " ON CONFLICT (subscription) DO UPDATE SET last_fired_at = excluded.last_fired_at",
                [name, utc_text(fire_at)],
            )
    return created


def _held(db: Database, subscription: str, until: datetime) -> list[OutboxRow]:
    """Rows of a digest subscription waiting for the digest, created no later than `until`."""
    return outbox.select(
        db,
        "WHERE subscription = ? AND status = 'held' AND created_at <= ?"
        " ORDER BY incident_id, revision",
        [subscription, utc_text(until)],
    )


def _insert_digest(
    db: Database,
    subscription: str,
    rows: Sequence[OutboxRow],
    body: bytes,
    end: datetime,
    now: datetime,
) -> int | None:
    """Store one digest message and mark its rows `digested` (call inside `write`)."""
    stamp = utc_text(now)
    cur = db.execute(
        "INSERT OR IGNORE INTO outbox (incident_id, subscription, revision, kind, msg_id, payload,"
        " status, attempts, next_attempt_at, created_at, updated_at)"
        " VALUES (NULL, ?, ?, 'digest', ?, ?, 'pending', 0, ?, ?, ?)",
        [
            subscription,
            int(end.timestamp()),
            outbox.digest_message_id(subscription, end),
            body.decode(),
            stamp,
            stamp,
            stamp,
        ],
    )
    if not cur.rowcount:
        return None
    digest_id = cur.lastrowid
    db.execute(
        f"UPDATE outbox SET status = 'digested', digest_id = ?, updated_at = ?"
        f" WHERE id IN ({','.join('?' * len(rows))})",
        [digest_id, stamp, *(r.id for r in rows)],
    )
    return digest_id

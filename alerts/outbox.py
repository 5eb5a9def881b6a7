"""The outbox: one row per (incident, subscription, revision), retried until delivered or dead.

Statuses::

    held ──(digest fires)──► digested            rows of digest subscriptions, gathered later
    pending ──► delivered | failed | dead        failed = permanent error, dead = retried 24 h
    pending | held ──► superseded                a newer revision of the incident replaced it

Crash safety: a row stays `pending` until its send returns, so a crash before marking resends it
later with the same msg_id (receivers dedupe on webhook-id / Message-ID). `claim` pushes the
next attempt time ahead (a lease) so a second dispatcher (daemon + CLI) does not send it too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from alerts import render
from alerts.model import IncidentAlert
from alerts.registry import disabled_names
from alerts.subscriptions import RegionCheck, default_region_check, matches
from alerts.times import parse_utc, utc_text
from crawler.config.subscriptions import SubscriptionConfig
from crawler.storage.db import write

STATUSES = ("held", "pending", "delivered", "failed", "dead", "superseded", "digested")
_COLUMNS = (
    "id, incident_id, subscription, revision, kind, msg_id, payload, status, attempts,"
    " next_attempt_at, first_attempt_at, last_error, last_status, digest_id, created_at,"
    " updated_at, delivered_at"
)

__all__ = [
    "OutboxRow",
    "STATUSES",
    "claim",
    "counts",
    "defer",
    "due",
    "enqueue",
    "fail_subscription",
    "get",
    "list_rows",
    "mark",
    "message_id",
    "retry",
    "select",
]


@dataclass(frozen=True)
class OutboxRow:
    """One outbox row; `body` is the exact stored JSON text, `payload` its parsed form."""

    id: int
    incident_id: int | None
    subscription: str
    revision: int
    kind: str
    msg_id: str
    body: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    first_attempt_at: datetime | None
    last_error: str | None
    last_status: int | None
    digest_id: int | None
    created_at: datetime
    updated_at: datetime
    delivered_at: datetime | None

    @property
    def payload(self) -> dict[str, Any]:
        """The parsed message payload."""
        return json.loads(self.body)


def _row(values: Sequence[Any]) -> OutboxRow:
    v = list(values)
    for i in (9, 10, 14, 15, 16):
        v[i] = parse_utc(v[i])
    return OutboxRow(*v)


def select(db: Database, where: str, params: Sequence[Any]) -> list[OutboxRow]:
    """Rows matching an SQL `WHERE ...` tail (with ORDER BY/LIMIT if wanted)."""
    return [_row(r) for r in db.execute(f"SELECT {_COLUMNS} FROM outbox {where}", params)]


def _sub_hash(subscription: str) -> str:
    # Names can hold characters unwelcome in header values and Message-IDs; a hash cannot.
    return hashlib.sha256(subscription.encode()).hexdigest()[:12]


def message_id(incident_id: int, subscription: str, revision: int) -> str:
    """The stable id of one (incident, subscription, revision): webhook-id and Message-ID."""
    return f"msg_{incident_id}_{_sub_hash(subscription)}_{revision}"


def digest_message_id(subscription: str, end: datetime) -> str:
    """The stable id of one digest period's message."""
    return f"msg_digest_{_sub_hash(subscription)}_{int(end.timestamp())}"


# How long a claimed row is left alone; a crash lets it expire and the row is sent again.
DEFAULT_LEASE = timedelta(minutes=15)


def enqueue(
    db: Database,
    alert: IncidentAlert,
    subscriptions: Mapping[str, SubscriptionConfig],
    now: datetime,
    *,
    region_check: RegionCheck = default_region_check,
    link: str | None = None,
) -> int:
    """Queue the alert for every matching, enabled subscription; return rows newly inserted.

    Idempotent: (incident, subscription, revision) is unique and inserted with OR IGNORE, so a
    re-run after a crash adds nothing. A subscriber that never received the incident gets it as
    `created` even when this revision is an update; older unsent revisions are superseded.
    """
    disabled = disabled_names(db)
    inserted = 0
    with write(db):
        for name, sub in subscriptions.items():
            if name in disabled or not matches(sub, alert, region_check):
                continue
            if _enqueue_one(db, alert, name, sub, now, link):
                inserted += 1
    return inserted


def _enqueue_one(
    db: Database,
    alert: IncidentAlert,
    name: str,
    sub: SubscriptionConfig,
    now: datetime,
    link: str | None,
) -> bool:
    """Insert one subscription's row for this revision (inside `write`); True when new."""
    prior = db.execute(
        "SELECT revision, status FROM outbox WHERE incident_id = ? AND subscription = ?",
        [alert.incident_id, name],
    ).fetchall()
    if any(rev > alert.revision for rev, _ in prior):
        return False  # a late replay of an older revision: the newer one already covers it
    seen = any(status in ("delivered", "digested") for _, status in prior)
    if alert.kind == "updated" and seen and not sub.updates:
        return False
    effective = alert if seen else dataclasses.replace(alert, kind="created")
    body = render.payload_bytes(render.incident_payload(effective, name, now, link))
    stamp = utc_text(now)
    cur = db.execute(
        "INSERT OR IGNORE INTO outbox (incident_id, subscription, revision, kind, msg_id,"
        " payload, status, attempts, next_attempt_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
        [
            alert.incident_id,
            name,
            alert.revision,
            effective.kind,
            message_id(alert.incident_id, name, alert.revision),
            body.decode(),
            "held" if sub.mode == "digest" else "pending",
            stamp,
            stamp,
            stamp,
        ],
    )
    if not cur.rowcount:
        return False
    db.execute(
        "UPDATE outbox SET status = 'superseded', updated_at = ? WHERE incident_id = ?"
        " AND subscription = ? AND revision < ? AND status IN ('pending', 'held')",
        [stamp, alert.incident_id, name, alert.revision],
    )
    return True


def enqueue_message(db: Database, subscription: str, kind: str, msg_id: str,
                    payload: dict[str, Any], now: datetime) -> bool:
    """Queue one message that is not an incident (e.g. a source health notice); idempotent by
    `msg_id`. Returns True when it was new."""
    stamp = utc_text(now)
    with write(db):
        cursor = db.execute(
            "INSERT OR IGNORE INTO outbox (incident_id, subscription, revision, kind, msg_id, "
            "payload, status, next_attempt_at, created_at, updated_at) "
            "VALUES (NULL, ?, 0, ?, ?, ?, 'pending', ?, ?, ?)",
            [subscription, kind, msg_id, render.payload_bytes(payload).decode("utf-8"), stamp,
             stamp, stamp],
        )
    return bool(cursor.rowcount)


def due(
    db: Database, now: datetime, limit: int = 100, names: Sequence[str] | None = None
) -> list[OutboxRow]:
    """Pending rows whose next attempt time has come (read-only; dispatch uses `claim`)."""
    where, params = "WHERE status = 'pending' AND next_attempt_at <= ?", [utc_text(now)]
    if names is not None:
        where += f" AND subscription IN ({','.join('?' * len(names)) or 'NULL'})"
        params += list(names)
    return select(db, where + " ORDER BY next_attempt_at, id LIMIT ?", [*params, limit])


def claim(
    db: Database,
    now: datetime,
    names: Sequence[str],
    *,
    limit: int = 200,
    per_subscription: int = 20,
    lease: timedelta = DEFAULT_LEASE,
) -> list[OutboxRow]:
    """Take due rows for sending: at most `per_subscription` each, so a backlog cannot starve
    others; their next attempt moves `lease` ahead, which a crash simply lets expire."""
    if not names:
        return []
    marks = ",".join("?" * len(names))
    with write(db):
        ids = [
            r[0]
            for r in db.execute(
                "SELECT id FROM (SELECT id, next_attempt_at, ROW_NUMBER() OVER (PARTITION BY"
                " subscription ORDER BY next_attempt_at, id) AS n FROM outbox"
                " WHERE status = 'pending'"
                f" AND next_attempt_at <= ? AND subscription IN ({marks})) WHERE n <= ?"
                " ORDER BY next_attempt_at, id LIMIT ?",
                [utc_text(now), *names, per_subscription, limit],
            )
        ]
        if not ids:
            return []
        id_marks = ",".join("?" * len(ids))
        rows = select(db, f"WHERE id IN ({id_marks}) ORDER BY next_attempt_at, id", ids)
        db.execute(
            f"UPDATE outbox SET next_attempt_at = ? WHERE id IN ({id_marks})",
            [utc_text(now + lease), *ids],
        )
    return rows


def mark(
    db: Database,
    row_id: int,
    status: str,
    now: datetime,
    *,
    error: str | None = None,
    http_status: int | None = None,
    next_attempt_at: datetime | None = None,
    attempted: bool = True,
) -> None:
    """Record one attempt's result: `delivered`, `pending` (retry at `next_attempt_at`),
    `failed` or `dead`."""
    if status not in STATUSES:
        raise ValueError(f"unknown outbox status {status!r}")
    stamp = utc_text(now)
    with write(db):
        db.execute(
            "UPDATE outbox SET status = ?, attempts = attempts + ?, last_error = ?,"
            " last_status = ?, next_attempt_at = ?, updated_at = ?,"
            " first_attempt_at = CASE WHEN ? THEN COALESCE(first_attempt_at, ?)"
            " ELSE first_attempt_at END,"
            " delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END WHERE id = ?",
            [
                status,
                int(attempted),
                error,
                http_status,
                utc_text(next_attempt_at) if next_attempt_at else None,
                stamp,
                int(attempted),
                stamp,
                status,
                stamp,
                row_id,
            ],
        )


def defer(db: Database, row_ids: Sequence[int], until: datetime, now: datetime) -> int:
    """Move pending rows' next attempt to `until` without counting an attempt."""
    if not row_ids:
        return 0
    with write(db):
        return db.execute(
            f"UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE status = 'pending'"
            f" AND id IN ({','.join('?' * len(row_ids))})",
            [utc_text(until), utc_text(now), *row_ids],
        ).rowcount


def fail_subscription(db: Database, subscription: str, reason: str, now: datetime) -> int:
    """Fail every pending or held row of a subscription (it was disabled); return the count."""
    with write(db):
        return db.execute(
            "UPDATE outbox SET status = 'failed', last_error = ?, updated_at = ?"
            " WHERE subscription = ? AND status IN ('pending', 'held')",
            [reason, utc_text(now), subscription],
        ).rowcount


def get(db: Database, row_id: int) -> OutboxRow | None:
    """One row by id."""
    rows = select(db, "WHERE id = ?", [row_id])
    return rows[0] if rows else None


def list_rows(
    db: Database, status: str | None = None, subscription: str | None = None, limit: int = 100
) -> list[OutboxRow]:
    """Rows for operators, newest first, optionally by status and subscription."""
    clauses, params = [], []
    if status is not None:
        clauses.append("status = ?")
        params.append(status)
    if subscription is not None:
        clauses.append("subscription = ?")
        params.append(subscription)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    return select(db, f"{where} ORDER BY id DESC LIMIT ?", [*params, limit])


def counts(db: Database) -> dict[str, int]:
    """Number of rows per status."""
    return dict(db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall())


def retry(
    db: Database,
    now: datetime,
    *,
    row_id: int | None = None,
    all_dead: bool = False,
    statuses: Sequence[str] = ("dead", "failed"),
) -> int:
    """Replay dead/failed rows (one by id, or every dead one): pending now, attempts reset,
    same msg_id. Returns how many rows were requeued."""
    if (row_id is None) == (not all_dead):
        raise ValueError("give either row_id or all_dead=True")
    stamp = utc_text(now)
    sets = (
        "UPDATE outbox SET status = 'pending', attempts = 0, first_attempt_at = NULL,"
        " next_attempt_at = ?, updated_at = ?"
    )
    with write(db):
        if row_id is not None:
            marks = ",".join("?" * len(statuses))
            return db.execute(
                f"{sets} WHERE id = ? AND status IN ({marks})", [stamp, stamp, row_id, *statuses]
            ).rowcount
        return db.execute(f"{sets} WHERE status = 'dead'", [stamp, stamp]).rowcount

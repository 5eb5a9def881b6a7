"""Source health notices for operators: one `source.health` message per raised or resolved
problem, queued through the outbox like any alert (so retried, never doubled)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlite_utils import Database

from alerts.outbox import enqueue_message

__all__ = ["HealthNotice", "queue_health"]


class HealthNotice(Protocol):
    """A source problem raised or resolved (the daemon's HealthEvent has this shape):
    `problem` is failing | silent, `state` raised | resolved, `since` when it began."""

    @property
    def source(self) -> str: ...
    @property
    def problem(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def since(self) -> str | None: ...
    @property
    def detail(self) -> str: ...


def queue_health(db: Database, notify: Sequence[str], events: Sequence[HealthNotice],
                 now: datetime) -> int:
    """Queue a `source.health` message per raised or resolved problem for each operator
    subscription in `notify` (idempotent per event and subscription); return how many were new.
    """
    queued = 0
    for event in events:
        payload = _payload(event, now)
        for name in notify:
            key = f"{event.source}|{event.problem}|{event.state}|{event.since}|{name}"
            msg_id = "msg_health_" + hashlib.sha256(key.encode()).hexdigest()[:24]
            queued += enqueue_message(db, name, "health", msg_id, payload, now)
    return queued


def _payload(event: HealthNotice, now: datetime) -> dict[str, Any]:
    verb = "is failing" if event.problem == "failing" else "has gone silent"
    if event.state == "resolved":
        verb = "recovered"
    headline = f"watchpost: source {event.source} {verb}"
    return {"type": "source.health", "timestamp": now.isoformat(), "data": {
        "headline": headline, "title": headline, "source": event.source,
        "problem": event.problem, "state": event.state, "since": event.since,
        "detail": event.detail, "sources": []}}

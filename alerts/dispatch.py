"""Delivery: send due outbox rows, one worker per subscription, and record every outcome.

A slow or dead endpoint never delays other subscriptions: each subscription's rows go through
its own worker thread with request timeouts, and results are recorded as they arrive. Workers
never touch the database (a SQLite connection belongs to one thread); the calling thread marks.
"""

from __future__ import annotations

import logging
import os
import queue
import random
import ssl
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TextIO

from sqlite_utils import Database

from alerts import outbox, registry
from alerts.backoff import next_attempt
from alerts.channels import DeliveryResult, console, email, webhook
from alerts.digest import run_digests
from alerts.errors import UnknownSubscription
from alerts.outbox import OutboxRow
from crawler.config.subscriptions import SubscriptionConfig
from crawler.net.guard import URLGuard

log = logging.getLogger(__name__)
RETRY_WINDOW = timedelta(hours=24)

__all__ = ["Delivery", "DispatchReport", "deliver_due", "run_digests", "send_row"]


@dataclass(frozen=True)
class Delivery:
    """What happened to one row in this run; `outcome` is the row's recorded fate."""

    row_id: int
    subscription: str
    msg_id: str
    outcome: str  # delivered | retry | failed | dead | disabled | deferred
    status: int | None
    detail: str
    finished_at: datetime


@dataclass
class DispatchReport:
    """Every row's fate, in completion order, plus counters and disabled subscriptions."""

    deliveries: list[Delivery] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    disabled: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SendContext:
    """Everything a channel needs besides the row: injected for tests, plain values for workers."""

    guard: URLGuard
    environ: Mapping[str, str]
    stream: TextIO | None = None
    ssl_context: ssl.SSLContext | None = None


def send_row(
    sub: SubscriptionConfig, row: OutboxRow, now: datetime, ctx: SendContext
) -> DeliveryResult:
    """Send one row through its subscription's channel (never raises for delivery problems)."""
    ch = sub.channel
    if ch.type == "webhook":
        # The stored text, byte for byte: the same body and webhook-id on every retry.
        return webhook.send(
            ch, row.body.encode(), row.msg_id, now, guard=ctx.guard, environ=ctx.environ
        )
    if ch.type == "email":
        return email.send(
            ch, row.payload, row.msg_id, now, environ=ctx.environ, ssl_context=ctx.ssl_context
        )
    if ch.type == "jsonl":
        return console.send_jsonl(ch, row.payload, row.msg_id, now)
    return console.send_console(row.payload, row.msg_id, now, ctx.stream)


def _worker(
    sub: SubscriptionConfig,
    rows: Sequence[OutboxRow],
    now: Callable[[], datetime],
    ctx: SendContext,
    out: queue.Queue,
) -> None:
    for index, row in enumerate(rows):
        try:
            result = send_row(sub, row, now(), ctx)
        except Exception as exc:  # noqa: BLE001 - a bug in one channel must not hang the run
            log.exception("sending outbox row %d failed unexpectedly", row.id)
            result = DeliveryResult("retry", None, f"internal error: {type(exc).__name__}: {exc}")
        out.put((row, result, now()))
        if result.outcome in ("retry", "disable"):
            # The endpoint is down or gone: the rest of this subscription's rows wait too.
            for rest in rows[index + 1 :]:
                out.put((rest, None, now()))
            return


def deliver_due(
    db: Database,
    subs: Mapping[str, SubscriptionConfig],
    now: Callable[[], datetime],
    *,
    guard: URLGuard,
    environ: Mapping[str, str] = os.environ,
    stream: TextIO | None = None,
    ssl_context: ssl.SSLContext | None = None,
    limit: int = 200,
    per_subscription: int = 20,
    max_workers: int = 16,
    retry_window: timedelta = RETRY_WINDOW,
    rng: random.Random | None = None,
    on_result: Callable[[Delivery], None] | None = None,
    lease: timedelta = outbox.DEFAULT_LEASE,
) -> DispatchReport:
    """Send every due row of the given (enabled, not quiet) subscriptions and record outcomes.

    `now` is a clock (injected in tests). Outcomes: 2xx/250 delivered; 410 disables the
    subscription and fails its queued rows; permanent errors fail the row; transient errors
    retry with backoff (honouring Retry-After) until `retry_window` after the first attempt,
    then the row is dead.
    """
    report = DispatchReport()
    start = now()
    disabled = registry.disabled_names(db)
    active = []
    for name, sub in subs.items():
        if name in disabled:
            continue
        if sub.quiet_hours and sub.quiet_hours.active_until(start):
            report.counts["quiet"] += 1  # rows stay due and go out when the window ends
            continue
        active.append(name)
    rows = outbox.claim(
        db, start, active, limit=limit, per_subscription=per_subscription, lease=lease
    )
    if not rows:
        return report
    groups: dict[str, list[OutboxRow]] = {}
    for row in rows:
        groups.setdefault(row.subscription, []).append(row)
    ctx = SendContext(guard, environ, stream, ssl_context)
    results: queue.Queue = queue.Queue()
    paused: dict[str, datetime] = {}
    with ThreadPoolExecutor(
        max_workers=max(1, min(max_workers, len(groups))), thread_name_prefix="alerts-deliver"
    ) as pool:
        for name, group in groups.items():
            pool.submit(_worker, subs[name], group, now, ctx, results)
        for _ in range(len(rows)):
            row, result, finished = results.get()
            delivery = _record(
                db, subs[row.subscription], row, result, finished, paused, retry_window, rng, report
            )
            report.deliveries.append(delivery)
            report.counts[delivery.outcome] += 1
            if on_result:
                on_result(delivery)
    return report


def _record(
    db: Database,
    sub: SubscriptionConfig,
    row: OutboxRow,
    result: DeliveryResult | None,
    at: datetime,
    paused: dict[str, datetime],
    window: timedelta,
    rng: random.Random | None,
    report: DispatchReport,
) -> Delivery:
    """Write one result to the outbox and say what became of the row."""
    name = row.subscription

    def done(outcome: str, status: int | None, detail: str) -> Delivery:
        return Delivery(row.id, name, row.msg_id, outcome, status, detail, at)

    if result is None:  # skipped because an earlier row of this subscription failed
        if name in report.disabled:
            return done("failed", None, report.disabled[name])
        outbox.defer(db, [row.id], paused.get(name, at), at)
        return done("deferred", None, "waiting for the endpoint to recover")
    if result.outcome == "delivered":
        outbox.mark(db, row.id, "delivered", at, http_status=result.status, error=None)
        return done("delivered", result.status, result.detail)
    if result.outcome == "permanent":
        log.warning("outbox row %d to %s failed permanently: %s", row.id, name, result.detail)
        outbox.mark(db, row.id, "failed", at, error=result.detail, http_status=result.status)
        return done("failed", result.status, result.detail)
    if result.outcome == "disable":
        reason = f"disabled at {at.isoformat()}: {result.detail}"
        log.warning("subscription %s disabled: %s", name, result.detail)
        outbox.mark(db, row.id, "failed", at, error=reason, http_status=result.status)
        try:
            registry.disable(db, name, reason, at)
        except UnknownSubscription:
            # A config-declared subscription the lead has not synced yet: store it, then disable.
            registry.upsert(db, [sub], at)
            registry.disable(db, name, reason, at)
        outbox.fail_subscription(db, name, f"subscription disabled: {result.detail}", at)
        report.disabled[name] = reason
        return done("disabled", result.status, result.detail)
    attempts = row.attempts + 1
    first = row.first_attempt_at or at
    when = next_attempt(attempts, at, result.retry_after, rng)
    if when > first + window:
        log.warning(
            "outbox row %d to %s is dead after %d attempts: %s",
            row.id,
            name,
            attempts,
            result.detail,
        )
        outbox.mark(db, row.id, "dead", at, error=result.detail, http_status=result.status)
        paused[name] = when
        return done("dead", result.status, result.detail)
    outbox.mark(
        db,
        row.id,
        "pending",
        at,
        error=result.detail,
        http_status=result.status,
        next_attempt_at=when,
    )
    paused[name] = when
    return done("retry", result.status, result.detail)

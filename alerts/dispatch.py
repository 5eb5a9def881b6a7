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
import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
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

__all__ = ["Delivery", "DispatchReport", "deliver", "deliver_due", "delivery_lease", "run_digests",
           "send_row"]


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


def deliver(db: Database, allow_hosts: Sequence[str], now: datetime | None = None,
            stream: TextIO | None = None, only: Collection[str] | None = None
            ) -> DispatchReport:
    """Send every outbox row that is due (instant alerts, retries, fired digests).

    `allow_hosts`: private hosts the URL guard lets webhooks reach (`crawl.allow_hosts`);
    `only`: the subscriptions to deliver (None: every enabled one).
    """
    subscriptions = {name: sub for name, sub in registry.load_enabled(db).items()
                     if only is None or name in only}
    run_digests(db, subscriptions, now or datetime.now().astimezone())
    return deliver_due(
        db, subscriptions, (lambda: now) if now else (lambda: datetime.now().astimezone()),
        guard=URLGuard(allow_hosts), stream=stream or sys.stdout,
        lease=delivery_lease(subscriptions.values()),
    )


def delivery_lease(subscriptions: Iterable[SubscriptionConfig]) -> timedelta:
    """How long a claimed row waits before another run may send it again: twice the slowest
    channel's timeout, so a crashed sender's rows come back soon, never while still sending."""
    slowest = max((float(getattr(s.channel, "timeout", 0) or 0)
                   + float(getattr(s.channel, "connect_timeout", 0) or 0)
                   for s in subscriptions), default=0.0)
    return timedelta(seconds=2 * slowest + 5)


def _active(
    db: Database, subs: Mapping[str, SubscriptionConfig], start: datetime, report: DispatchReport
) -> list[str]:
    """The subscriptions that may send now: not disabled, not inside their quiet hours."""
    disabled = registry.disabled_names(db)
    active = []
    for name, sub in subs.items():
        if name in disabled:
            continue
        if sub.quiet_hours and sub.quiet_hours.active_until(start):
            report.counts["quiet"] += 1  # rows stay due and go out when the window ends
            continue
        active.append(name)
    return active


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
    active = _active(db, subs, start, report)
    rows = outbox.claim(
        db, start, active, limit=limit, per_subscription=per_subscription, lease=lease
    )
    if rows:
        recorder = _Recorder(db, subs, retry_window, rng, report, on_result)
        ctx = SendContext(guard, environ, stream, ssl_context)
        _send_all(rows, subs, now, ctx, max_workers, recorder)
    return report


def _send_all(
    rows: Sequence[OutboxRow],
    subs: Mapping[str, SubscriptionConfig],
    now: Callable[[], datetime],
    ctx: SendContext,
    max_workers: int,
    recorder: _Recorder,
) -> None:
    """One worker thread per subscription sends; this thread records each result as it comes."""
    groups: dict[str, list[OutboxRow]] = {}
    for row in rows:
        groups.setdefault(row.subscription, []).append(row)
    results: queue.Queue = queue.Queue()
    with ThreadPoolExecutor(
        max_workers=max(1, min(max_workers, len(groups))), thread_name_prefix="alerts-deliver"
    ) as pool:
        for name, group in groups.items():
            pool.submit(_worker, subs[name], group, now, ctx, results)
        for _ in range(len(rows)):
            recorder.record(*results.get())


@dataclass
class _Recorder:
    """Writes each send result to the outbox (on the dispatching thread) and reports it."""

    db: Database
    subs: Mapping[str, SubscriptionConfig]
    window: timedelta
    rng: random.Random | None
    report: DispatchReport
    on_result: Callable[[Delivery], None] | None
    # When each failing subscription's endpoint may be tried again: its waiting rows move there.
    paused: dict[str, datetime] = field(default_factory=dict)

    def record(self, row: OutboxRow, result: DeliveryResult | None, at: datetime) -> None:
        """Record one row's result and count its outcome."""
        delivery = self._outcome(row, result, at)
        self.report.deliveries.append(delivery)
        self.report.counts[delivery.outcome] += 1
        if self.on_result:
            self.on_result(delivery)

    def _outcome(self, row: OutboxRow, result: DeliveryResult | None, at: datetime) -> Delivery:
        """Write one result to the outbox and say what became of the row."""
        if result is None:  # skipped because an earlier row of this subscription failed
            return self._skipped(row, at)
        if result.outcome == "delivered":
            outbox.mark(self.db, row.id, "delivered", at, http_status=result.status, error=None)
            return _delivery(row, "delivered", result, at)
        if result.outcome == "permanent":
            log.warning("outbox row %d to %s failed permanently: %s", row.id, row.subscription,
                        result.detail)
            outbox.mark(self.db, row.id, "failed", at, error=result.detail,
                        http_status=result.status)
            return _delivery(row, "failed", result, at)
        if result.outcome == "disable":
            return self._disable(row, result, at)
        return self._retry(row, result, at)

    def _skipped(self, row: OutboxRow, at: datetime) -> Delivery:
        name = row.subscription
        if name in self.report.disabled:
            return Delivery(row.id, name, row.msg_id, "failed", None, self.report.disabled[name],
                            at)
        outbox.defer(self.db, [row.id], self.paused.get(name, at), at)
        return Delivery(row.id, name, row.msg_id, "deferred", None,
                        "waiting for the endpoint to recover", at)

    def _disable(self, row: OutboxRow, result: DeliveryResult, at: datetime) -> Delivery:
        """The receiver asked us to stop (410): disable the subscription, fail its queue."""
        name = row.subscription
        reason = f"disabled at {at.isoformat()}: {result.detail}"
        log.warning("subscription %s disabled: %s", name, result.detail)
        outbox.mark(self.db, row.id, "failed", at, error=reason, http_status=result.status)
        try:
            registry.disable(self.db, name, reason, at)
        except UnknownSubscription:
            # A config-declared subscription not synced into the table yet: store it, then disable.
            registry.upsert(self.db, [self.subs[name]], at)
            registry.disable(self.db, name, reason, at)
        outbox.fail_subscription(self.db, name, f"subscription disabled: {result.detail}", at)
        self.report.disabled[name] = reason
        return _delivery(row, "disabled", result, at)

    def _retry(self, row: OutboxRow, result: DeliveryResult, at: datetime) -> Delivery:
        """A transient failure: retry with backoff, or dead once past the retry window."""
        attempts = row.attempts + 1
        first = row.first_attempt_at or at
        when = next_attempt(attempts, at, result.retry_after, self.rng)
        self.paused[row.subscription] = when
        if when > first + self.window:
            log.warning("outbox row %d to %s is dead after %d attempts: %s", row.id,
                        row.subscription, attempts, result.detail)
            outbox.mark(self.db, row.id, "dead", at, error=result.detail,
                        http_status=result.status)
            return _delivery(row, "dead", result, at)
        outbox.mark(self.db, row.id, "pending", at, error=result.detail,
                    http_status=result.status, next_attempt_at=when)
        return _delivery(row, "retry", result, at)


def _delivery(row: OutboxRow, outcome: str, result: DeliveryResult, at: datetime) -> Delivery:
    return Delivery(row.id, row.subscription, row.msg_id, outcome, result.status, result.detail,
                    at)

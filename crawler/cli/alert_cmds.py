"""`watchpost subscriptions ...` and `watchpost alerts ...`: who gets what, and the outbox."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import click
import yaml
from pydantic import ValidationError

from alerts import outbox, registry
from alerts.dispatch import SendContext, deliver, send_row
from alerts.errors import UnknownSubscription
from alerts.incidents import incident_alert
from alerts.render import incident_payload, payload_bytes
from crawler.cli.common import (
    EXIT_RUNTIME,
    BadInput,
    config_option,
    database,
    echo_json,
    json_option,
    load,
    table,
)
from crawler.config import format_errors
from crawler.config.secrets import config_redactor
from crawler.config.subscriptions import SubscriptionConfig
from crawler.net.guard import URLGuard


@click.group("subscriptions")
def subscriptions_group() -> None:
    """Manage alert subscriptions (config.yaml ones are synced on every run)."""


@subscriptions_group.command("list")
@config_option
@json_option
def subs_list(config_file: str | None, as_json: bool) -> None:
    """Every subscription: channel, mode, filter, origin, enabled or why it was disabled."""
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        registry.sync(db, config.subscriptions, datetime.now(UTC))
        subs = registry.list_subscriptions(db)
    if as_json:
        # The channel's type only: its URL or address may hold a token.
        echo_json({"subscriptions": [{
            "name": s.name, "channel": s.config.channel.type, "mode": s.config.mode,
            "filter": s.config.filter.model_dump(exclude_defaults=True), "origin": s.origin,
            "enabled": s.enabled, "disabled_reason": s.disabled_reason,
            "created_at": s.created_at, "updated_at": s.updated_at} for s in subs]})
        return
    rows = [{
        "name": s.name, "channel": s.config.channel.type, "mode": s.config.mode,
        "filter": json.dumps(s.config.filter.model_dump(exclude_defaults=True)) or "{}",
        "origin": s.origin,
        "state": "enabled" if s.enabled else f"disabled: {s.disabled_reason or ''}",
    } for s in subs]
    click.echo(table(rows, [("name", "NAME", 20), ("channel", "CHANNEL", 8), ("mode", "MODE", 7),
                            ("origin", "FROM", 6), ("state", "STATE", 30),
                            ("filter", "FILTER", 60)]))


@subscriptions_group.command("add")
@config_option
@click.argument("spec")
def subs_add(config_file: str | None, spec: str) -> None:
    """Add or replace a subscription given as YAML/JSON, e.g.
    '{name: desk, channel: {type: jsonl, path: /var/lib/watchpost/desk.jsonl}}'."""
    config = load(config_file, quiet_logs=True)
    try:
        sub = SubscriptionConfig.model_validate(yaml.safe_load(spec))
    except ValidationError as exc:
        raise BadInput("; ".join(format_errors(exc))) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise BadInput(f"SPEC is not YAML: {getattr(exc, 'problem', None) or exc}{where}"
                       ) from None
    with database(config) as db:
        registry.add(db, sub, datetime.now(UTC))
    click.echo(f"subscription {sub.name} added ({sub.channel.type}, {sub.mode})")


@subscriptions_group.command("remove")
@config_option
@click.argument("name")
def subs_remove(config_file: str | None, name: str) -> None:
    """Remove a subscription added from the CLI (config ones: edit config.yaml)."""
    config = load(config_file, quiet_logs=True)
    if name in {s.name for s in config.subscriptions}:
        raise BadInput(f"{name} is defined in {config.path}: remove it there")
    with database(config) as db:
        try:
            registry.remove(db, name)
        except UnknownSubscription as exc:
            raise BadInput(str(exc)) from None
    click.echo(f"subscription {name} removed")


@subscriptions_group.command("test")
@config_option
@click.argument("name")
def subs_test(config_file: str | None, name: str) -> None:
    """Send the newest incident (or a sample) to one subscription now, and report the result."""
    config = load(config_file, quiet_logs=True, delivers=True)
    with database(config) as db:
        registry.sync(db, config.subscriptions, datetime.now(UTC))
        subs = {s.name: s.config for s in registry.list_subscriptions(db)}
        if name not in subs:
            raise BadInput(f"no subscription named {name!r}")
        newest = db.execute("SELECT max(id) FROM incidents").fetchone()[0]
        if newest is None:
            raise BadInput("no incident stored yet: run a crawl (or the demo) first")
        alert = incident_alert(db, newest, "created")
    now = datetime.now(UTC)
    body = payload_bytes(incident_payload(alert, name, now)).decode("utf-8")
    # A one-off row, never stored: a test must not touch the real outbox.
    row = outbox.OutboxRow(
        id=0, incident_id=alert.incident_id, subscription=name, revision=alert.revision,
        kind="created", msg_id=f"msg_test_{secrets.token_hex(8)}", body=body, status="pending",
        attempts=0, next_attempt_at=None, first_attempt_at=None, last_error=None,
        last_status=None, digest_id=None, created_at=now, updated_at=now, delivered_at=None)
    context = SendContext(URLGuard(config.crawl.allow_hosts), dict(os.environ))
    result = send_row(subs[name], row, now, context)
    click.echo(f"{name}: {result.outcome} ({result.status or '-'}) {result.detail}")
    if result.outcome != "delivered":
        raise SystemExit(EXIT_RUNTIME)


@click.group("alerts")
def alerts_group() -> None:
    """The alert outbox: deliver what is due, inspect it, replay failures."""


@alerts_group.command("deliver")
@config_option
def alerts_deliver(config_file: str | None) -> None:
    """Send every alert that is due now (instant alerts, retries, digests whose time came)."""
    config = load(config_file, quiet_logs=True, delivers=True)
    with database(config) as db:
        registry.sync(db, config.subscriptions, datetime.now(UTC))
        report = deliver(db, config.crawl.allow_hosts)
    click.echo(delivery_summary(report.counts), err=True)


@alerts_group.command("outbox")
@config_option
@click.option("--status", type=click.Choice(["held", "pending", "delivered", "failed", "dead",
                                             "superseded", "digested"]))
@click.option("--subscription", help="Only this subscription.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@json_option
def alerts_outbox(config_file: str | None, status: str | None, subscription: str | None,
                  limit: int, as_json: bool) -> None:
    """List outbox rows, newest first, with attempts and the last error."""
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        rows = outbox.list_rows(db, status, subscription, limit)
        totals = outbox.counts(db)
    # Errors stored by older releases may quote a webhook URL in full.
    hide = config_redactor(config, os.environ)
    if as_json:
        echo_json({"rows": [_outbox_json(r, hide) for r in rows], "totals": totals})
        return
    click.echo(table([{
        "id": r.id, "incident": r.incident_id, "rev": r.revision, "kind": r.kind,
        "subscription": r.subscription, "status": r.status, "attempts": r.attempts,
        "next": r.next_attempt_at.isoformat(timespec="seconds") if r.next_attempt_at else "",
        "error": hide(r.last_error or ""),
    } for r in rows], [("id", "ID", 5), ("incident", "INC", 4), ("rev", "REV", 3),
                       ("kind", "KIND", 8), ("subscription", "SUBSCRIPTION", 18),
                       ("status", "STATUS", 10), ("attempts", "TRIES", 5),
                       ("next", "NEXT ATTEMPT", 25), ("error", "LAST ERROR", 50)]))
    click.echo("totals: " + (", ".join(f"{k} {v}" for k, v in sorted(totals.items())) or "empty"))


@alerts_group.command("retry")
@config_option
@click.argument("row_id", type=int, required=False)
@click.option("--all-dead", is_flag=True, help="Replay every dead row.")
def alerts_retry(config_file: str | None, row_id: int | None, all_dead: bool) -> None:
    """Replay a failed or dead row (same webhook-id), or every dead row with --all-dead."""
    if (row_id is None) == (not all_dead):
        raise click.UsageError("give a row ID or --all-dead (not both)")
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        count = outbox.retry(db, datetime.now(UTC), row_id=row_id, all_dead=all_dead)
    if row_id is not None and not count:
        raise BadInput(f"no failed or dead outbox row {row_id} (see `watchpost alerts outbox "
                       "--status dead`)")
    click.echo(f"{count} row(s) queued again; they go out with the next delivery")


def _outbox_json(row: outbox.OutboxRow, hide: Callable[[str], str]) -> dict[str, Any]:
    """An outbox row for --json: everything but the message body."""
    return {
        "id": row.id, "incident_id": row.incident_id, "subscription": row.subscription,
        "revision": row.revision, "kind": row.kind, "msg_id": row.msg_id,
        "status": row.status, "attempts": row.attempts, "last_status": row.last_status,
        "last_error": hide(row.last_error) if row.last_error else None,
        "digest_id": row.digest_id, "next_attempt_at": row.next_attempt_at,
        "first_attempt_at": row.first_attempt_at, "created_at": row.created_at,
        "updated_at": row.updated_at, "delivered_at": row.delivered_at,
    }


def delivery_summary(counts: dict[str, int]) -> str:
    """'alerts: 3 delivered, 1 retry' (or 'alerts: nothing due')."""
    parts = [f"{v} {k}" for k, v in sorted(counts.items()) if v]
    return "alerts: " + (", ".join(parts) if parts else "nothing due")

"""The seam between incidents and the alerts package: alerts built from the database, queued
in the incident's own transaction, and delivered."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, TextIO

from sqlite_utils import Database

from alerts import registry
from alerts.dispatch import DispatchReport, deliver_due
from alerts.model import IncidentAlert
from alerts.outbox import enqueue, enqueue_message
from crawler.config import Config
from crawler.geo import Gazetteer, resolve_place
from crawler.incidents.merge import Change
from crawler.incidents.resolve import change_dict
from crawler.net.guard import URLGuard
from crawler.storage.db import db_table


def sync_subscriptions(db: Database, config: Config, now: datetime) -> None:
    """Mirror the config's subscriptions into the table (keeping CLI-added ones and disables)."""
    registry.upsert(db, config.subscriptions, now, prune=True)


def incident_alert(db: Database, incident_id: int, kind: str,
                   changes: Sequence[Change] = ()) -> IncidentAlert:
    """Everything an alert says about an incident, read from the database."""
    row = db_table(db, "incidents").get(incident_id)
    facts = json.loads(row["facts"])
    sources = list(db.query(
        "SELECT source AS outlet, url, title, published FROM incident_sources "
        "WHERE incident_id = ? ORDER BY coalesce(published, added_at), id", [incident_id]))
    watches = _watch_terms(db, incident_id)
    return IncidentAlert.from_dict({
        "incident_id": incident_id, "revision": row["revision"], "kind": kind,
        "title": row["title"] or (sources[0]["title"] if sources else ""),
        "event_date": row["event_date"], "published": row["published"],
        "places": json.loads(row["places"]),
        "primary_place": _primary(row),
        "actors": [{"name": a["name"] + (f" ({a['short']})" if a.get("short") else ""),
                    "unit": a.get("unit") or None, "responsibility": a["responsibility"]}
                   for a in json.loads(row["actors"])],
        "event_types": json.loads(row["event_types"]), "targets": json.loads(row["targets"]),
        "killed": row["killed"], "injured": row["injured"],
        "militants_killed": row["militants_killed"], "sources": sources,
        "watches": [{"name": name, "terms": terms} for name, terms in watches.items()],
        "changes": [change_dict(c) for c in changes],
        "created_at": row["created_at"], "updated_at": row["updated_at"],
        "extra": {"place_ids": [p["id"] for p in facts["places"]],
                  "districts": district_names(facts["places"]),
                  "primary_place_id": row["primary_place_id"]},
    })


def district_names(places: list[dict[str, Any]]) -> list[str]:
    """The districts an incident's places lie in (by the ids' path), each once, in order."""
    by_id = {p["id"]: p for p in places}
    names: list[str] = []
    for place in places:
        if place["kind"] == "district":
            names.append(place["name"])
        elif place.get("parent_id") in by_id and by_id[place["parent_id"]]["kind"] == "district":
            names.append(by_id[place["parent_id"]]["name"])
    return list(dict.fromkeys(names))


def region_checker(gazetteer: Gazetteer) -> Any:
    """A subscription region filter through the gazetteer: 'Balochistan' covers Turbat."""

    def check(alert: IncidentAlert, regions: list[str]) -> bool:
        place_ids = list(alert.extra.get("place_ids") or [])
        for region in regions:
            for area in resolve_place(gazetteer, region):
                if any(pid == area.id or gazetteer.is_within(pid, area.id) for pid in place_ids
                       if gazetteer.has(pid)):
                    return True
        return False

    return check


def queue_alerts(db: Database, config: Config, gazetteer: Gazetteer, incident_id: int,
                 kind: str, changes: Sequence[Change], now: datetime) -> int:
    """Queue an incident's alert for every matching subscription (joins the open transaction)."""
    subscriptions = registry.load_enabled(db)
    if not subscriptions:
        return 0
    alert = incident_alert(db, incident_id, kind, changes)
    return enqueue(db, alert, subscriptions, now, region_check=region_checker(gazetteer))


def deliver(db: Database, config: Config, now: datetime | None = None,
            stream: TextIO | None = None) -> DispatchReport:
    """Send every outbox row that is due (instant alerts, retries, fired digests)."""
    from alerts.digest import run_digests  # noqa: PLC0415 - digests only matter here

    clock = (lambda: now) if now else None
    subscriptions = registry.load_enabled(db)
    moment = now or datetime.now().astimezone()
    run_digests(db, subscriptions, moment)
    return deliver_due(
        db, subscriptions, clock or (lambda: datetime.now().astimezone()),
        guard=URLGuard(config.crawl.allow_hosts), stream=stream or sys.stdout,
        lease=delivery_lease(subscriptions.values()),
    )


def delivery_lease(subscriptions: Any) -> timedelta:
    """How long a claimed row waits before another run may send it again: twice the slowest
    channel's timeout, so a crashed sender's rows come back soon, never while still sending."""
    slowest = max((float(getattr(s.channel, "timeout", 0) or 0)
                   + float(getattr(s.channel, "connect_timeout", 0) or 0)
                   for s in subscriptions), default=0.0)
    return timedelta(seconds=2 * slowest + 5)


def _primary(row: dict[str, Any]) -> dict[str, Any] | None:
    if not row["primary_place"]:
        return None
    return {"name": row["primary_place"], "district": row["district"],
            "province": row["province"],
            "country": row["country"], "lat": row["lat"], "lon": row["lon"]}


def _watch_terms(db: Database, incident_id: int) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in db.query(
        "SELECT m.watch, m.terms FROM matches m JOIN incident_sources s ON "
        "s.article_id = m.article_id WHERE s.incident_id = ? AND m.matched = 1", [incident_id]
    ):
        terms = found.setdefault(row["watch"], [])
        for hit in json.loads(row["terms"]):
            if hit["term"] not in terms:
                terms.append(hit["term"])
    return found


def queue_health(db: Database, config: Config, events: Sequence[Any], now: datetime) -> int:
    """Queue a `source.health` message per raised or resolved problem for each operator
    subscription named in `daemon.health.notify` (idempotent per event and subscription)."""
    queued = 0
    for event in events:
        verb = "is failing" if event.problem == "failing" else "has gone silent"
        if event.state == "resolved":
            verb = "recovered"
        headline = f"watchpost: source {event.source} {verb}"
        payload = {"type": "source.health", "timestamp": now.isoformat(), "data": {
            "headline": headline, "title": headline, "source": event.source,
            "problem": event.problem, "state": event.state, "since": event.since,
            "detail": event.detail, "sources": []}}
        for name in config.daemon.health.notify:
            key = f"{event.source}|{event.problem}|{event.state}|{event.since}|{name}"
            msg_id = "msg_health_" + hashlib.sha256(key.encode()).hexdigest()[:24]
            queued += enqueue_message(db, name, "health", msg_id, payload, now)
    return queued

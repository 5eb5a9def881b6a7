"""An incident's alert, read from the stored incident, and queued for its subscribers.

The incident stage calls `queue_incident` inside the transaction that stored the incident, so
the incident and its outbox rows commit together. Everything an alert says is read here from
the tables (incidents, incident_sources, matches) through storage: alerts never import the
stages that wrote them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from alerts import registry
from alerts.model import IncidentAlert
from alerts.outbox import enqueue
from alerts.subscriptions import RegionCheck
from crawler.geo import Gazetteer, resolve_place
from crawler.storage.db import db_table

__all__ = ["district_names", "gazetteer_region_check", "incident_alert", "queue_incident"]


def queue_incident(db: Database, incident_id: int, kind: str,
                   changes: Sequence[Mapping[str, Any]], now: datetime,
                   region_check: RegionCheck) -> int:
    """Queue an incident's alert for every matching subscription (joins the open transaction).

    `changes` are the revision's changes as JSON-safe dicts ({field, old, new, ...}).
    """
    subscriptions = registry.load_enabled(db)
    if not subscriptions:
        return 0
    alert = incident_alert(db, incident_id, kind, changes)
    return enqueue(db, alert, subscriptions, now, region_check=region_check)


def incident_alert(db: Database, incident_id: int, kind: str,
                   changes: Sequence[Mapping[str, Any]] = ()) -> IncidentAlert:
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
        "militants_killed": row["militants_killed"], "abducted": facts.get("abducted"),
        "evidence": {k: v for k, v in (facts.get("evidence") or {}).items() if v},
        "sources": sources,
        "watches": [{"name": name, "terms": terms} for name, terms in watches.items()],
        "changes": list(changes),
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


def gazetteer_region_check(gazetteer: Gazetteer) -> RegionCheck:
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

"""Incident resolution: each matching article becomes a new incident or joins the same event's."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from crawler.geo import Gazetteer
from crawler.incidents.facts import Facts
from crawler.incidents.merge import Change, candidate_dates, merge_facts, same_event
from crawler.incidents.newness import report_framing
from crawler.incidents.resolver import Resolver, facts_of
from crawler.incidents.sameevent import coarse
from crawler.incidents.store import (
    candidate_ids,
    facts_from_json,
    incident_keys,
    incident_row,
    pending_facts,
)
from crawler.storage.db import db_table, write
from crawler.storage.store import iso, utcnow

log = logging.getLogger(__name__)

# Called inside the write transaction that stored the change, so an alert is never lost:
# (db, incident id, "created" | "updated", changes).
OnChange = Callable[[Database, int, str, list[Change]], None]
# Facts of many stored rows, in order: the pipeline passes the worker pool's, tests the default.
FactsOf = Callable[[list[dict[str, Any]], Resolver], Iterable[Facts]]


def facts_here(rows: list[dict[str, Any]], resolver: Resolver) -> Iterable[Facts]:
    """Facts of each row, extracted in this process."""
    return (facts_of(row, resolver) for row in rows)


@dataclass
class ResolveReport:
    """What one resolution pass did."""

    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    joined: int = 0


_PENDING = """
    SELECT a.id, a.url, a.source, a.title, a.text, a.published, a.language, a.fetched_at,
           json_group_array(m.watch) AS watches
    FROM articles a JOIN matches m ON m.article_id = a.id AND m.matched = 1
    WHERE a.id NOT IN (SELECT article_id FROM incident_sources)
    GROUP BY a.id
    ORDER BY coalesce(a.published, a.fetched_at), a.id
"""


def resolve_pending(db: Database, resolver: Resolver, now: datetime | None = None,
                    on_change: OnChange | None = None,
                    extract: FactsOf = facts_here) -> ResolveReport:
    """Turn every matched article not yet in an incident into one (oldest reports first).

    Facts come from the crawl's workers when they extracted them, else from `extract` now
    (the pipeline hands in its process pool, since each article's facts are its own);
    resolution then runs in order in this one writer.
    """
    now = now or utcnow()
    report = ResolveReport()
    rows = list(db.query(_PENDING))
    stored = pending_facts(db, [row["id"] for row in rows])
    missing = [row for row in rows if row["id"] not in stored]
    computed = dict(zip((row["id"] for row in missing),
                        extract(missing, resolver), strict=True))
    for row in rows:
        facts = stored.get(row["id"]) or computed[row["id"]]
        with write(db):
            incident_id, kind, changes = _resolve_one(db, resolver, row, facts, now)
            db.execute("DELETE FROM article_facts WHERE article_id = ?", [row["id"]])
            if kind and on_change:
                on_change(db, incident_id, kind, changes)
        if kind == "created":
            report.created.append(incident_id)
        elif kind == "updated":
            report.updated.append(incident_id)
        else:
            report.joined += 1
    return report


def _resolve_one(db: Database, resolver: Resolver, row: dict[str, Any], facts: Facts,
                 now: datetime) -> tuple[int, str | None, list[Change]]:
    watches = json.loads(row["watches"])
    published = facts.published
    framed = report_framing(row.get("text") or "", published)
    if framed:
        # A drill, a verdict or an anniversary a watch let through is kept apart: it joins no
        # incident, none joins it, and it changes no toll.
        incident_id = _create(db, resolver.gazetteer, facts, watches, row, now, keys=False)
        _add_source(db, incident_id, row, f"not a new incident: {framed}", now)
        log.info("article %s opens incident %s apart (%s)", row["id"], incident_id, framed)
        return incident_id, "created", []
    found = _same_event_candidate(db, resolver, facts)
    if found is not None:
        candidate, stored, existing, reason = found
        merged, changes = merge_facts(existing, facts)
        all_watches = sorted(set(json.loads(stored["watches"])) | set(watches))
        _update(db, resolver.gazetteer, candidate, merged, all_watches, stored, changes, row, now)
        _add_source(db, candidate, row, reason, now)
        log.info("article %s joins incident %s (%s)", row["id"], candidate, reason)
        return candidate, ("updated" if changes else None), changes
    incident_id = _create(db, resolver.gazetteer, facts, watches, row, now)
    _add_source(db, incident_id, row, "first report", now)
    log.info("article %s opens incident %s", row["id"], incident_id)
    return incident_id, "created", []


def _same_event_candidate(db: Database, resolver: Resolver, facts: Facts
                          ) -> tuple[int, dict[str, Any], Facts, str] | None:
    """The incident this report joins: the first candidate that is the same event at town or
    district level; else the only one that is at province or country level (with two such
    candidates, a report placed no better than a province could be either: it joins none)."""
    coarse_found: list[tuple[int, dict[str, Any], Facts, str]] = []
    for candidate in candidate_ids(db, facts, resolver.gazetteer,
                                   candidate_dates(facts, resolver.window_days)):
        stored = db_table(db, "incidents").get(candidate)
        existing = facts_from_json(stored["facts"])
        same, reason = same_event(existing, facts)
        if not same:
            continue
        if not coarse(existing, facts):
            return candidate, stored, existing, reason
        coarse_found.append((candidate, stored, existing, reason))
    return coarse_found[0] if len(coarse_found) == 1 else None


def _create(db: Database, gazetteer: Gazetteer, facts: Facts, watches: list[str],
            row: dict[str, Any], now: datetime, keys: bool = True) -> int:
    record = incident_row(facts, gazetteer, watches)
    record.update(revision=1, created_at=iso(now), updated_at=iso(now))
    table = db_table(db, "incidents")
    table.insert(record)
    incident_id = int(table.last_pk)  # type: ignore[arg-type]
    if keys:  # without keys, no later report finds it as a candidate
        _set_keys(db, gazetteer, incident_id, facts)
    db_table(db, "incident_revisions").insert({
        "incident_id": incident_id, "revision": 1, "article_id": row["id"],
        "changes": json.dumps([{"field": "created", "old": None, "new": facts.title,
                                "reason": "first report"}]),
        "created_at": iso(now),
    })
    return incident_id


def _update(db: Database, gazetteer: Gazetteer, incident_id: int, facts: Facts,
            watches: list[str], stored: dict[str, Any], changes: list[Change],
            row: dict[str, Any], now: datetime) -> None:
    record = incident_row(facts, gazetteer, watches)
    revision = stored["revision"] + (1 if changes else 0)
    record.update(revision=revision, updated_at=iso(now) if changes else stored["updated_at"])
    db_table(db, "incidents").update(incident_id, record)
    _set_keys(db, gazetteer, incident_id, facts)
    if changes:
        db_table(db, "incident_revisions").insert({
            "incident_id": incident_id, "revision": revision, "article_id": row["id"],
            "changes": json.dumps([change_dict(c) for c in changes], ensure_ascii=False,
                                  default=str),
            "created_at": iso(now),
        })


def _set_keys(db: Database, gazetteer: Gazetteer, incident_id: int, facts: Facts) -> None:
    db.execute("DELETE FROM incident_keys WHERE incident_id = ?", [incident_id])
    db_table(db, "incident_keys").insert_all(
        [{"incident_id": incident_id, "day": day, "province": province}
         for day, province in incident_keys(facts, gazetteer)],
        ignore=True,
    )


def _add_source(db: Database, incident_id: int, row: dict[str, Any], reason: str,
                now: datetime) -> None:
    db_table(db, "incident_sources").insert({
        "incident_id": incident_id, "article_id": row["id"], "source": row["source"],
        "url": row["url"], "title": row["title"], "published": row["published"],
        "reason": reason, "added_at": iso(now),
    })


def change_dict(change: Change) -> dict[str, Any]:
    """A change as JSON-safe data: places and actors by name, dates as ISO text."""
    return {"field": change.field, "old": plain(change.old), "new": plain(change.new),
            "reason": change.reason}


def plain(value: object) -> object:
    """A fact value as JSON-safe data."""
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "name", value)

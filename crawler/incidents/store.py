"""Incidents in SQLite: tables, Facts <-> row conversion, candidate lookup and queries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlite_utils import Database

from crawler.geo import Gazetteer, Place
from crawler.incidents.facts import Facts
from crawler.incidents.facts.codec import actor_dict, facts_from_json, facts_json, iso_date
from crawler.storage.db import db_table

# Undated incidents can still be candidates for an undated report: the newest this many.
UNDATED_CANDIDATES = 500


def save_pending_facts(db: Database, pending: Sequence[tuple[int, str]]) -> None:
    """Keep facts (as facts_json) extracted during the crawl until resolution reads them."""
    if pending:
        db_table(db, "article_facts").upsert_all(
            [{"article_id": i, "facts": text} for i, text in pending], pk="article_id")


def pending_facts(db: Database, article_ids: Sequence[int]) -> dict[int, Facts]:
    """The stored crawl-time facts of these articles, by article id (absent: not extracted)."""
    found: dict[int, Facts] = {}
    for start in range(0, len(article_ids), 500):
        chunk = list(article_ids[start : start + 500])
        marks = ",".join("?" for _ in chunk)
        for row in db.query(
                f"SELECT article_id, facts FROM article_facts WHERE article_id IN ({marks})", chunk):
            found[row["article_id"]] = facts_from_json(row["facts"])
    return found


def incident_row(facts: Facts, gazetteer: Gazetteer, watches: Sequence[str]) -> dict[str, Any]:
    """The queryable columns of an incident, derived from its facts."""
    primary = facts.primary_place
    district = _of_kind(gazetteer, primary, "district") if primary else None
    province = _of_kind(gazetteer, primary, "province") if primary else None
    country = _of_kind(gazetteer, primary, "country") if primary else None
    lat, lon = _coordinates(gazetteer, primary)
    return {
        "title": facts.title, "event_date": iso_date(facts.event_date),
        "date_precision": facts.date_precision, "published": iso_date(facts.published),
        "last_published": iso_date(facts.last_published or facts.published),
        "primary_place_id": primary.id if primary else None,
        "primary_place": primary.name if primary else None,
        "places": json.dumps(list(dict.fromkeys(p.name for p in facts.places)), ensure_ascii=False),
        "district": district.name if district else None,
        "province": province.name if province else None,
        "country": country.name if country else None, "lat": lat, "lon": lon,
        "actors": json.dumps([actor_dict(a) for a in facts.actors], ensure_ascii=False),
        "event_types": json.dumps(list(facts.event_types)),
        "targets": json.dumps(list(facts.targets)),
        "killed": facts.killed, "injured": facts.injured,
        "militants_killed": facts.militants_killed,
        "watches": json.dumps(sorted(set(watches))), "facts": facts_json(facts),
    }


def incident_keys(facts: Facts, gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """(day, province id) keys of an incident: its reference date and every province it touches."""
    day = _reference_day(facts)
    provinces = {p.id for p in facts.places if p.kind == "province"}
    for place in facts.places:
        province = _of_kind(gazetteer, place, "province")
        if province:
            provinces.add(province.id)
    return [(day, province) for province in sorted(provinces or {""})]


def candidate_ids(db: Database, facts: Facts, gazetteer: Gazetteer,
                  days: Sequence[date]) -> list[int]:
    """Incidents that could be the same event: same province, reference day in the window.

    An indexed lookup on (province, day), never a scan; undated incidents of the province
    are candidates too (newest first, bounded), since their date cannot rule them out.
    """
    provinces = sorted({p for _, p in incident_keys(facts, gazetteer)})
    marks = ",".join("?" for _ in provinces)
    ids: list[int] = []
    if days:
        day_marks = ",".join("?" for _ in days)
        ids += [r[0] for r in db.execute(
            f"SELECT DISTINCT incident_id FROM incident_keys WHERE province IN ({marks}) "
            f"AND day IN ({day_marks})", [*provinces, *(d.isoformat() for d in days)])]
    ids += [r[0] for r in db.execute(
        f"SELECT DISTINCT incident_id FROM incident_keys WHERE province IN ({marks}) AND day = '' "
        f"ORDER BY incident_id DESC LIMIT {UNDATED_CANDIDATES}", provinces)]
    if not days:
        ids += [r[0] for r in db.execute(
            f"SELECT DISTINCT incident_id FROM incident_keys WHERE province IN ({marks}) "
            f"ORDER BY incident_id DESC LIMIT {UNDATED_CANDIDATES}", provinces)]
    return list(dict.fromkeys(ids))


def _reference_day(facts: Facts) -> str:
    if facts.event_date and facts.date_precision == "day":
        return facts.event_date.isoformat()
    return facts.published.isoformat() if facts.published else ""


def lineage(gazetteer: Gazetteer, place: Place) -> list[Place]:
    """The place and its ancestors; an area fact extraction named hangs off a known parent."""
    chain = [place]
    while not gazetteer.has(chain[-1].id):
        parent = chain[-1].parent_id
        if not parent or not gazetteer.has(parent):
            return chain
        chain.append(gazetteer.get(parent))
    return chain + gazetteer.ancestors(chain[-1].id)


def _of_kind(gazetteer: Gazetteer, place: Place, kind: str) -> Place | None:
    return next((p for p in lineage(gazetteer, place) if p.kind == kind), None)


def _coordinates(gazetteer: Gazetteer, place: Place | None) -> tuple[float | None, float | None]:
    """The place's coordinates, else its nearest ancestor's (a town with none falls back)."""
    if place is None:
        return None, None
    for candidate in lineage(gazetteer, place):
        if candidate.lat is not None and candidate.lon is not None:
            return candidate.lat, candidate.lon
    return None, None



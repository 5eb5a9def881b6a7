"""A report placed no better than a province joins an incident only when it is the one
candidate; on a real SQLite file through resolve_pending."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.geo import Gazetteer, Place
from crawler.incidents.facts import ActorList
from crawler.incidents.facts.facts import Facts
from crawler.incidents.resolve import resolve_pending
from crawler.incidents.resolver import Resolver
from crawler.storage.db import db_table, open_db, write

DAY = date(2025, 4, 7)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(Gazetteer.load(), ActorList.load())


def place(gaz: Gazetteer, name: str, kind: str) -> tuple[Place, ...]:
    """The place and its ancestors, as fact extraction lists them."""
    found = next(p for p in gaz.lookup(name) if p.kind == kind)
    return (found, *gaz.ancestors(found.id))


def facts(places: tuple[Place, ...], killed: int, types: tuple[str, ...]) -> Facts:
    return Facts(event_date=DAY, date_precision="day", published=DAY, places=places,
                 primary_place=places[0], event_types=types, targets=("military",),
                 killed=killed, title=f"{places[0].name} {killed}")


def run(tmp_path: Path, resolver: Resolver, reports: list[Facts]) -> dict[str, int]:
    """Resolve the reports in order; title -> incident id."""
    db = open_db(tmp_path / "r.db")
    with write(db):
        for i, f in enumerate(reports):
            db_table(db, "articles").insert({
                "id": i + 1, "url": f"https://example.org/{i}", "source": "t",
                "entry_id": str(i), "title": f.title, "text": "", "language": "en",
                "published": f"{DAY.isoformat()}T0{i}:00:00+00:00",
                "fetched_at": datetime.now(UTC).isoformat(), "status": "extracted"})
            db_table(db, "matches").insert({"article_id": i + 1, "watch": "w", "matched": 1})
    by_id = {i + 1: f for i, f in enumerate(reports)}

    def extract(rows: list[dict[str, Any]], _res: Resolver) -> list[Facts]:
        return [by_id[row["id"]] for row in rows]

    resolve_pending(db, resolver, extract=extract)
    return {r["title"]: r["incident_id"] for r in
            db.query("SELECT title, incident_id FROM incident_sources")}


def test_province_only_report_joins_the_one_candidate(tmp_path: Path,
                                                       resolver: Resolver) -> None:
    gaz = resolver.gazetteer
    town = facts(place(gaz, "Turbat", "city"), 5, ("IED",))
    vague = facts(place(gaz, "Balochistan", "province"), 6, ("bombing",))
    found = run(tmp_path, resolver, [town, vague])
    assert found[town.title] == found[vague.title]


def test_province_only_report_with_two_candidates_joins_neither(tmp_path: Path,
                                                                 resolver: Resolver) -> None:
    gaz = resolver.gazetteer
    one = facts(place(gaz, "Turbat", "city"), 5, ("IED",))
    two = facts(place(gaz, "Kalat", "city"), 6, ("bombing",))
    vague = facts(place(gaz, "Balochistan", "province"), 6, ("bombing",))
    found = run(tmp_path, resolver, [one, two, vague])
    assert len(set(found.values())) == 3


def test_a_vague_first_report_takes_the_later_report_s_town(tmp_path: Path,
                                                           resolver: Resolver) -> None:
    gaz = resolver.gazetteer
    vague = facts(place(gaz, "Balochistan", "province"), 6, ("bombing",))
    kalat = facts(place(gaz, "Kalat", "city"), 6, ("bombing",))
    found = run(tmp_path, resolver, [vague, kalat])
    assert found[vague.title] == found[kalat.title]
    db = open_db(tmp_path / "r.db")
    row = db_table(db, "incidents").get(found[kalat.title])
    assert row["primary_place"] == "Kalat" and row["district"] == "Kalat"

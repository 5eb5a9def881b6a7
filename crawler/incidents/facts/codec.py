"""Facts <-> JSON: how facts are stored (incidents, pending crawl-time facts) and read back."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from crawler.geo import Place
from crawler.incidents.facts.actors import Actor
from crawler.incidents.facts.facts import Facts


def facts_json(facts: Facts) -> str:
    """Facts as JSON; places whole, since fact extraction may name areas the gazetteer lacks."""
    return json.dumps({
        "event_date": iso_date(facts.event_date), "date_precision": facts.date_precision,
        "published": iso_date(facts.published), "last_published": iso_date(facts.last_published),
        "places": [place_dict(p) for p in facts.places],
        "primary_place": place_dict(facts.primary_place) if facts.primary_place else None,
        "actors": [actor_dict(a) for a in facts.actors],
        "event_types": list(facts.event_types), "targets": list(facts.targets),
        "killed": facts.killed, "injured": facts.injured,
        "militants_killed": facts.militants_killed, "abducted": facts.abducted,
        "toll_basis": facts.toll_basis, "title": facts.title,
        "toll_revised": facts.toll_revised, "fingerprint": str(facts.fingerprint),
        "background_tolls": list(facts.background_tolls), "evidence": facts.evidence,
    }, ensure_ascii=False)


def facts_from_json(text: str) -> Facts:
    """The inverse of facts_json."""
    raw = json.loads(text)
    primary = raw.get("primary_place")
    return Facts(
        event_date=parse_date(raw["event_date"]), date_precision=raw["date_precision"],
        published=parse_date(raw["published"]), places=tuple(place_from(p) for p in raw["places"]),
        primary_place=place_from(primary) if primary else None,
        actors=tuple(Actor(**a) for a in raw["actors"]),
        event_types=tuple(raw["event_types"]), targets=tuple(raw["targets"]),
        killed=raw["killed"], injured=raw["injured"], militants_killed=raw["militants_killed"],
        abducted=raw.get("abducted"), toll_basis=raw.get("toll_basis") or "",
        evidence=raw.get("evidence") or {}, title=raw.get("title", ""),
        toll_revised=raw.get("toll_revised", False), last_published=parse_date(raw["last_published"]),
        fingerprint=int(raw.get("fingerprint") or 0),
        background_tolls=tuple(raw.get("background_tolls") or ()),
    )


def place_dict(place: Place) -> dict[str, Any]:
    """A place as JSON-safe data, whole (fact extraction may name areas the gazetteer lacks)."""
    return {"id": place.id, "name": place.name, "kind": place.kind, "parent_id": place.parent_id,
            "country_code": place.country_code, "lat": place.lat, "lon": place.lon,
            "aliases": list(place.aliases)}


def place_from(raw: dict[str, Any]) -> Place:
    """The inverse of place_dict."""
    return Place(**{**raw, "aliases": tuple(raw.get("aliases") or ())})


def actor_dict(actor: Actor) -> dict[str, str]:
    """An actor as JSON-safe data."""
    return {"name": actor.name, "short": actor.short, "unit": actor.unit,
            "responsibility": actor.responsibility}


def iso_date(value: date | None) -> str | None:
    """A date as ISO text, None kept."""
    return value.isoformat() if value else None


def parse_date(value: str | None) -> date | None:
    """The inverse of iso_date."""
    return date.fromisoformat(value) if value else None

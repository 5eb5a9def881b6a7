"""Merging a report into the incident of the same event, with every change it makes.

Which reports are one event is for sameevent to say; here the incident takes what the new
report adds: a day-precise date, places, actors, types and targets, and tolls by ACLED's rule
with one limit. Between first reports of one stage the conservative figure wins; a later
report that gives more, or says the toll rose, raises it; but a report published after the
incident's first one never lowers it (it repeats an older figure, or merely mentions the
event), and nothing undoes a stated rise.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from crawler.geo import Place
from crawler.incidents.facts.actors import ATTRIBUTED, CLAIMED, UNKNOWN, Actor
from crawler.incidents.facts.facts import Facts
from crawler.incidents.sameevent import FOLLOW_UP_DAYS, ref_date, same_event
from crawler.incidents.simhash import hamming, near_duplicate, simhash

__all__ = [
    "Change",
    "candidate_dates",
    "candidate_key",
    "hamming",
    "merge_facts",
    "near_duplicate",
    "same_event",
    "simhash",
]

_RESPONSIBILITY_RANK = {UNKNOWN: 0, ATTRIBUTED: 1, CLAIMED: 2}
_KIND_RANK = {"area": 0, "city": 1, "district": 2, "province": 3, "country": 4}


@dataclass(frozen=True)
class Change:
    """One revision of an incident: which field moved from what to what, and why."""

    field: str
    old: object
    new: object
    reason: str


def _districts(f: Facts) -> set[str]:
    """District ids of a record; the towns when the gazetteer gave them no district."""
    found = {p.id for p in f.places if p.kind == "district"}
    return found or {p.id for p in f.places if p.kind in ("city", "area")}


def _union_places(old: tuple[Place, ...], new: tuple[Place, ...]) -> tuple[Place, ...]:
    """Both records' places, most specific first, each once."""
    pool = list(dict.fromkeys(old + new))
    return tuple(sorted(pool, key=lambda p: _KIND_RANK[p.kind]))


def _union_actors(old: tuple[Actor, ...], new: tuple[Actor, ...]) -> tuple[Actor, ...]:
    """Actors of both, each group once, keeping the firmest responsibility and any unit."""
    merged: dict[str, Actor] = {a.name: a for a in old}
    for a in new:
        have = merged.get(a.name)
        if have is None:
            merged[a.name] = a
            continue
        better = _RESPONSIBILITY_RANK[a.responsibility] > _RESPONSIBILITY_RANK[have.responsibility]
        merged[a.name] = replace(
            have,
            unit=have.unit or a.unit,
            responsibility=a.responsibility if better else have.responsibility,
        )
    return tuple(merged.values())


def _is_later(existing: Facts, new: Facts) -> bool:
    """True when the new report was published after every report merged so far."""
    last = existing.last_published or existing.published
    return bool(new.published and last and new.published > last)


def _is_earlier(existing: Facts, new: Facts) -> bool:
    """True when the new report predates the newest report already merged."""
    last = existing.last_published or existing.published
    return bool(new.published and last and new.published < last)


def _toll(name: str, existing: Facts, new: Facts) -> tuple[int | None, Change | None]:
    """The incident's figure after the new report: conservative within one stage, raised by
    later or revised reports, never lowered by a later one."""
    old, fresh = getattr(existing, name), getattr(new, name)
    if fresh is None or fresh == old:
        return old, None
    if old is None:
        return fresh, Change(name, old, fresh, "first figure reported")
    if fresh > old:
        if new.toll_revised:
            return fresh, Change(name, old, fresh, "a later report says the toll rose")
        if _is_later(existing, new):
            return fresh, Change(name, old, fresh, f"a later report ({new.published}) gives more")
        return old, None  # a same-stage report with a higher figure: keep the conservative one
    if _is_earlier(existing, new) or existing.toll_revised or _after_first(existing, new):
        return old, None  # an older figure, or a later mention, cannot lower the toll
    return fresh, Change(name, old, fresh, "reports disagree: keeping the conservative figure")


def _after_first(existing: Facts, new: Facts) -> bool:
    """The new report came out after the incident's first report (not the same stage)."""
    return bool(new.published and existing.published and new.published > existing.published)


def merge_facts(existing: Facts, new: Facts) -> tuple[Facts, list[Change]]:
    """Fold a new report of the same event into an incident; list every field that changed."""
    changes: list[Change] = []
    updates: dict[str, Any] = {}
    for step in (_date_update, _toll_updates, _place_updates, _actor_updates, _list_updates):
        step(existing, new, updates, changes)
    evidence = {**new.evidence, **existing.evidence}
    evidence.update({c.field: new.evidence[c.field] for c in changes if c.field in new.evidence})
    pubs = [d for d in (existing.published, new.published) if d]
    lasts = [d for d in (existing.last_published, existing.published, new.published) if d]
    merged_facts = replace(
        existing,
        **updates,
        evidence=evidence,
        background_tolls=tuple(dict.fromkeys(existing.background_tolls + new.background_tolls)),
        published=min(pubs) if pubs else None,
        last_published=max(lasts) if lasts else None,
        toll_revised=existing.toll_revised
        or (new.toll_revised and any(c.field in ("killed", "injured") for c in changes)),
    )
    return merged_facts, changes


Updates = dict[str, Any]


def _date_update(existing: Facts, new: Facts, updates: Updates, changes: list[Change]) -> None:
    """A day-precise date replaces none or a week-precise one."""
    if new.event_date and (
        existing.event_date is None
        or (existing.date_precision == "week" and new.date_precision == "day")
    ):
        updates["event_date"], updates["date_precision"] = new.event_date, new.date_precision
        changes.append(Change("event_date", existing.event_date, new.event_date,
                              f"date given by a {new.date_precision}-precise report"))


def _toll_updates(existing: Facts, new: Facts, updates: Updates, changes: list[Change]) -> None:
    for name in ("killed", "injured", "militants_killed"):
        value, change = _toll(name, existing, new)
        if change:
            updates[name] = value
            changes.append(change)


def _place_updates(existing: Facts, new: Facts, updates: Updates,
                   changes: list[Change]) -> None:
    """Both reports' places; the primary place stays the first report's, unless the new one
    lies inside it (the province of a first report, a town of a later one)."""
    places = _union_places(existing.places, new.places)
    if set(places) != set(existing.places):
        added = [p.name for p in places if p not in existing.places]
        changes.append(Change("places", [p.name for p in existing.places],
                              [p.name for p in places], f"added {', '.join(added)}"))
        updates["places"] = places
    old, fresh = existing.primary_place, new.primary_place
    if fresh is not None and (old is None or (fresh != old and _inside(fresh, old, new.places))):
        updates["primary_place"] = fresh
        changes.append(Change("primary_place", old.name if old else None, fresh.name,
                              "a report places the event more precisely"))


def _inside(place: Place, area: Place, places: tuple[Place, ...]) -> bool:
    """The place lies in the area, by the parent chain the report's places give."""
    by_id = {p.id: p for p in places}
    current: Place | None = place
    for _ in range(8):
        if current is None or current.parent_id is None:
            return False
        if current.parent_id == area.id:
            return True
        current = by_id.get(current.parent_id)
    return False


def _actor_updates(existing: Facts, new: Facts, updates: Updates,
                   changes: list[Change]) -> None:
    actors = _union_actors(existing.actors, new.actors)
    if actors != existing.actors:
        changes.append(Change("actors", [a.label for a in existing.actors],
                              [f"{a.label}: {a.responsibility}" for a in actors], "actor news"))
        updates["actors"] = actors


def _list_updates(existing: Facts, new: Facts, updates: Updates, changes: list[Change]) -> None:
    for name in ("event_types", "targets"):
        merged = tuple(dict.fromkeys(getattr(existing, name) + getattr(new, name)))
        if merged != getattr(existing, name):
            changes.append(Change(name, getattr(existing, name), merged, "added by another report"))
            updates[name] = merged


def candidate_key(facts: Facts) -> tuple[date | None, tuple[str, ...]]:
    """(reference date, district ids): what an incident index is keyed on."""
    return ref_date(facts), tuple(sorted(_districts(facts)))


def candidate_dates(facts: Facts, window_days: int = 3) -> list[date]:
    """Every reference date an existing incident of the same event could carry; a report
    revising a toll reaches back FOLLOW_UP_DAYS (its event may be weeks old)."""
    ref = ref_date(facts)
    if ref is None:
        return []
    back = FOLLOW_UP_DAYS if facts.toll_revised else window_days
    return [ref + timedelta(days=d) for d in range(-back, window_days + 1)]

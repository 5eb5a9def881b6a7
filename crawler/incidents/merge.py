"""Same-event decisions between Facts records; merging them into one incident with revisions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from crawler.geo import Place
from crawler.incidents.facts.actors import ATTRIBUTED, CLAIMED, UNKNOWN, Actor
from crawler.incidents.facts.facts import Facts
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
# Families of event types that one event may be reported under ("IED" vs "bombing").
_FAMILIES = {
    "explosive": {
        "IED",
        "remote explosive",
        "bombing",
        "suicide attack",
        "grenade attack",
        "rocket attack",
    },
    "armed": {
        "armed assault",
        "ambush",
        "targeted killing",
        "attack on military camp",
        "attack on checkpoint",
        "attack on convoy",
        "attack on police station",
        "suicide attack",
        "coordinated attacks",
    },
    "abduction": {"kidnapping", "hijacking"},
}
_KIND_RANK = {"area": 0, "city": 1, "district": 2, "province": 3, "country": 4}


@dataclass(frozen=True)
class Change:
    """One revision of an incident: which field moved from what to what, and why."""

    field: str
    old: object
    new: object
    reason: str


def _ref_date(f: Facts) -> date | None:
    """The date to compare on: the event date if known, else the publication date."""
    return f.event_date if f.event_date is not None and f.date_precision == "day" else f.published


def _families(types: tuple[str, ...]) -> set[str]:
    """The type families a set of labels belongs to."""
    return {fam for fam, members in _FAMILIES.items() if set(types) & members}


def _districts(f: Facts) -> set[str]:
    """District ids of a record; the towns when the gazetteer gave them no district."""
    found = {p.id for p in f.places if p.kind == "district"}
    return found or {p.id for p in f.places if p.kind in ("city", "area")}


def _provinces(f: Facts) -> set[str]:
    """Province ids of a record."""
    return {p.id for p in f.places if p.kind == "province"}


def same_event(
    a: Facts,
    b: Facts,
    *,
    window_days: int = 2,
    published_window_days: int = 3,
    max_distance: int = 10,
) -> tuple[bool, str]:
    """Decide whether two records report one event; the reason says which test decided."""
    if a.event_date and b.event_date and a.date_precision == b.date_precision == "day":
        gap = abs((a.event_date - b.event_date).days)
        if gap > window_days:
            return False, f"event dates {a.event_date} and {b.event_date} are {gap} days apart"
    else:
        da, db = _ref_date(a), _ref_date(b)
        if da and db and abs((da - db).days) > published_window_days:
            return False, f"dates {da} and {db} are {abs((da - db).days)} days apart"
    # A syndicated copy is the same event whatever else differs, once the dates agree.
    if (
        a.fingerprint
        and b.fingerprint
        and near_duplicate(a.fingerprint, b.fingerprint, max_distance)
    ):
        return (
            True,
            f"near-duplicate text (SimHash distance {hamming(a.fingerprint, b.fingerprint)})",
        )
    for x, y in ((a, b), (b, a)):
        if x.killed is not None and x.killed != y.killed and x.killed in y.background_tolls:
            return False, f"the other report mentions a separate event that killed {x.killed}"
    same_day = bool(
        a.event_date
        and a.event_date == b.event_date
        and a.date_precision == b.date_precision == "day"
    )
    if (
        not same_day
        and a.killed
        and b.killed
        and max(a.killed, b.killed) > 1.5 * min(a.killed, b.killed)
    ):
        higher = a if a.killed > b.killed else b
        if not higher.toll_revised:
            # Not provably the same day, and tolls apart with no "rose to": two events.
            return False, f"tolls {a.killed} and {b.killed} on days not shown to be the same"
    da_, db_ = _districts(a), _districts(b)
    undated = _ref_date(a) is None or _ref_date(b) is None
    if undated or not (da_ and db_):
        # Without a date to compare, or with a province only, ask for the same town or area
        # and tolls that agree.
        towns = {p.id for p in a.places if p.kind in ("city", "area")} & {
            p.id for p in b.places if p.kind in ("city", "area")
        }
        if not towns or (a.killed is not None and b.killed is not None and a.killed != b.killed):
            return False, "too little date or place information to tell"
    if da_ and db_ and not da_ & db_:
        return False, "no district in common"
    if not (da_ and db_):
        pa, pb = _provinces(a), _provinces(b)
        if pa and pb and not pa & pb:
            return False, "no province in common"
        if not pa or not pb:
            return False, "too little place information to tell"
    groups_a = {x.name for x in a.actors if x.responsibility != UNKNOWN} or {
        x.name for x in a.actors
    }
    groups_b = {x.name for x in b.actors if x.responsibility != UNKNOWN} or {
        x.name for x in b.actors
    }
    if groups_a and groups_b and not groups_a & groups_b:
        return (
            False,
            f"different actors ({', '.join(sorted(groups_a))} / {', '.join(sorted(groups_b))})",
        )
    if a.event_types and b.event_types and not _families(a.event_types) & _families(b.event_types):
        return False, "incompatible event types"
    if a.targets and b.targets and not set(a.targets) & set(b.targets):
        return False, f"different targets ({', '.join(a.targets)} / {', '.join(b.targets)})"
    for name in ("killed", "injured"):
        x, y = getattr(a, name), getattr(b, name)
        if x is not None and y is not None and max(x, y) > 4 * min(x, y) + 4:
            return False, f"{name} figures {x} and {y} contradict"
    shared = sorted(da_ & db_) or sorted(_provinces(a) & _provinces(b))
    return True, f"compatible date, places ({', '.join(shared)}), actors, types and tolls"


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
    """ACLED's rule: the conservative figure between same-stage reports; later rises win."""
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
    if _is_earlier(existing, new) or existing.toll_revised:
        return old, None  # an older report cannot undo a rise already recorded
    return fresh, Change(name, old, fresh, "reports disagree: keeping the conservative figure")


def merge_facts(existing: Facts, new: Facts) -> tuple[Facts, list[Change]]:
    """Fold a new report of the same event into an incident; list every field that changed."""
    changes: list[Change] = []
    updates: dict[str, Any] = {}
    if new.event_date and (
        existing.event_date is None
        or (existing.date_precision == "week" and new.date_precision == "day")
    ):
        updates["event_date"], updates["date_precision"] = new.event_date, new.date_precision
        changes.append(
            Change(
                "event_date",
                existing.event_date,
                new.event_date,
                f"date given by a {new.date_precision}-precise report",
            )
        )
    for name in ("killed", "injured", "militants_killed"):
        value, change = _toll(name, existing, new)
        if change:
            updates[name] = value
            changes.append(change)
    places = _union_places(existing.places, new.places)
    if set(places) != set(existing.places):
        added = [p.name for p in places if p not in existing.places]
        changes.append(
            Change(
                "places",
                [p.name for p in existing.places],
                [p.name for p in places],
                f"added {', '.join(added)}",
            )
        )
        updates["places"] = places
    if existing.primary_place is None and new.primary_place is not None:
        updates["primary_place"] = new.primary_place
    actors = _union_actors(existing.actors, new.actors)
    if actors != existing.actors:
        changes.append(
            Change(
                "actors",
                [a.label for a in existing.actors],
                [f"{a.label}: {a.responsibility}" for a in actors],
                "actor news",
            )
        )
        updates["actors"] = actors
    for name in ("event_types", "targets"):
        merged = tuple(dict.fromkeys(getattr(existing, name) + getattr(new, name)))
        if merged != getattr(existing, name):
            changes.append(Change(name, getattr(existing, name), merged, "added by another report"))
            updates[name] = merged
    background = tuple(dict.fromkeys(existing.background_tolls + new.background_tolls))
    evidence = {**new.evidence, **existing.evidence}
    evidence.update({c.field: new.evidence[c.field] for c in changes if c.field in new.evidence})
    pubs = [d for d in (existing.published, new.published) if d]
    lasts = [d for d in (existing.last_published, existing.published, new.published) if d]
    merged_facts = replace(
        existing,
        **updates,
        evidence=evidence,
        background_tolls=background,
        published=min(pubs) if pubs else None,
        last_published=max(lasts) if lasts else None,
        toll_revised=existing.toll_revised
        or (new.toll_revised and any(c.field in ("killed", "injured") for c in changes)),
    )
    return merged_facts, changes


def candidate_key(facts: Facts) -> tuple[date | None, tuple[str, ...]]:
    """(reference date, district ids): what an incident index is keyed on."""
    return _ref_date(facts), tuple(sorted(_districts(facts)))


def candidate_dates(facts: Facts, window_days: int = 3) -> list[date]:
    """Every reference date an existing incident of the same event could carry."""
    ref = _ref_date(facts)
    if ref is None:
        return []
    return [ref + timedelta(days=d) for d in range(-window_days, window_days + 1)]

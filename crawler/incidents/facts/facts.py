"""The Facts record of one report and its assembly from dates, places, actors, types and tolls."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from crawler.geo import Gazetteer, Place
from crawler.incidents.facts.actors import Actor, ActorList, find_actors
from crawler.incidents.facts.context import Span, multi_attack_lead, spans
from crawler.incidents.facts.dates import DateMention, find_dates, pick_event_date, strip_dateline
from crawler.incidents.facts.eventtypes import classify, is_attack_sentence
from crawler.incidents.facts.numbers import Figure, figures_in
from crawler.incidents.facts.places import incident_places
from crawler.incidents.facts.tolls import aggregate, mention_sentences
from crawler.incidents.simhash import simhash
from crawler.models import Document

# A date right after a reporting verb dates the statement, not the attack
# ("officials said on Sunday that ... on Saturday").
_REPORTING = re.compile(
    r"\b(?:said|says|told|stated|announced|confirmed|released|issued|statement|added)\b"
    r"[^.]{0,25}$",
    re.IGNORECASE,
)
_REPORTED_AFTER = re.compile(
    r"\s*,?\s*(?:said|told|announced|confirmed|stated|claimed|added)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Facts:
    """What one report (or, after merging, several) says about one incident."""

    event_date: date | None
    date_precision: str  # "day" | "week" | "unknown"
    published: date | None
    places: tuple[Place, ...] = ()
    primary_place: Place | None = None
    actors: tuple[Actor, ...] = ()
    event_types: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    killed: int | None = None
    injured: int | None = None
    militants_killed: int | None = None
    evidence: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    title: str = ""
    # The report says the toll went up ("rose to", "two more died"): a revision, not a disagreement.
    toll_revised: bool = False
    # The newest source's publication date, once several reports are merged.
    last_published: date | None = None
    # 64-bit SimHash of the body text, to recognise syndicated copies.
    fingerprint: int = 0
    # Killed figures of other events the report mentions ("an earlier blast that killed seven"):
    # a record with one of these tolls is that other event, not this one.
    background_tolls: tuple[int, ...] = ()


def _event_date(parts: Sequence[Span], published: date | None) -> tuple[date | None, str, str]:
    """The main incident's date: first from the lead and attack sentences, statements last."""
    plain: list[tuple[DateMention, str]] = []
    reporting: list[tuple[DateMention, str]] = []
    for s in parts:
        if s.background or not (s.lead or is_attack_sentence(s.text)):
            continue
        for mention in find_dates(s.text, published):
            is_reporting = bool(
                _REPORTING.search(s.text[: mention.start])
                or _REPORTED_AFTER.match(s.text[mention.start + len(mention.text) :])
            )
            (reporting if is_reporting else plain).append((mention, s.text))
    found = pick_event_date(plain, published)
    return (
        found
        if found[0] is not None or found[1] != "unknown"
        else pick_event_date(reporting, published)
    )


def _tolls(parts: Sequence[Span]) -> tuple[dict[str, int | None], list[Figure], bool]:
    """Killed / injured / militants killed from the main spans, with the figures behind them."""
    figures = [
        f
        for s in parts
        if not s.background and not s.heading
        for f in figures_in(s.text, s.segment, s.lead)
    ]
    multi = multi_attack_lead(list(parts))
    totals = {kind: aggregate(figures, kind, multi) for kind in ("killed", "injured", "militants")}
    revised = any(f.rising for f in figures if f.kind in ("killed", "injured"))
    return totals, figures, revised


def _background_tolls(parts: Sequence[Span]) -> tuple[int, ...]:
    """Killed figures stated for other events, in background sentences and clauses."""
    found = [f.n for s in parts if s.background for f in figures_in(s.text) if f.kind == "killed"]
    return tuple(dict.fromkeys(found))


def extract_facts(
    doc: Document,
    gazetteer: Gazetteer,
    actors: ActorList | None = None,
) -> Facts:
    """Read one report into Facts: date, places, actors, event types, targets and tolls."""
    published = doc.published.date() if doc.published else None
    _dateline, body = strip_dateline(doc.text)
    parts = spans(doc.title, body, published)
    main = [s for s in parts if not s.background]
    main_text = [s.text for s in main]
    evidence: dict[str, str] = {}

    event_date, precision, why = _event_date(parts, published)
    if why:
        evidence["event_date"] = why
    actor_list = actors or ActorList.load()
    found, why = find_actors(main_text, actor_list)
    if why:
        evidence["actors"] = why
    homes = [g.country for a in found for g in actor_list.groups if g.name == a.name and g.country]
    places, primary, why = incident_places(parts, gazetteer, homes, doc.text, published)
    if why:
        evidence["places"] = why
    types, targets, why = classify(main_text)
    if why:
        evidence["event_types"] = why
    tolls, figures, revised = _tolls(parts)
    for kind, key in (
        ("killed", "killed"),
        ("injured", "injured"),
        ("militants", "militants_killed"),
    ):
        if tolls[kind] is not None:
            evidence[key] = mention_sentences(figures, kind)
    title = doc.title.strip() or (main_text[0][:200] if main_text else "")
    return Facts(
        event_date=event_date,
        date_precision=precision,
        published=published,
        places=places,
        primary_place=primary,
        actors=tuple(found),
        event_types=types,
        targets=targets,
        killed=tolls["killed"],
        injured=tolls["injured"],
        militants_killed=tolls["militants"],
        evidence=evidence,
        title=title,
        toll_revised=revised,
        last_published=published,
        fingerprint=simhash(body),
        background_tolls=_background_tolls(parts),
    )

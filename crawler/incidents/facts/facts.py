"""The Facts record of one report and its assembly from dates, places, actors, types and tolls."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawler.geo import Gazetteer, Place
from crawler.incidents.facts.actors import Actor, ActorList, read_actors
from crawler.incidents.facts.attribution import claimant_pattern
from crawler.incidents.facts.context import Span, multi_attack_lead, spans
from crawler.incidents.facts.dates import strip_dateline
from crawler.incidents.facts.eventdate import dated_before, event_date
from crawler.incidents.facts.eventtypes import classify
from crawler.incidents.facts.numbers import figures_in
from crawler.incidents.facts.places import incident_places
from crawler.incidents.facts.tolls import aggregate, mention_sentences, toll_basis
from crawler.incidents.simhash import simhash
from crawler.models import Document
from crawler.parse.dateline import split_dateline

_TOLL_FIELDS = (("killed", "killed"), ("injured", "injured"),
                ("militants", "militants_killed"), ("abducted", "abducted"))


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
    # People kidnapped or abducted in the attack: neither killed nor injured.
    abducted: int | None = None
    # How the report gives its killed toll (tolls.STATED / REVISED / MENTION; "" with no toll):
    # merging lets a revision raise a toll and never lets a passing mention lower one.
    toll_basis: str = ""


def _tolls(
    parts: Sequence[Span], claimants: re.Pattern[str], when: date | None, anchor: date | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Killed / injured / militants killed / abducted from the main spans, with evidence.

    A sentence dated days before the incident tells another event: its toll joins the
    background tolls, like those of background clauses.
    """
    main, other = [], []
    for s in parts:
        if s.heading and not s.background:
            continue
        figures = figures_in(s.text, s.segment, s.lead, claimants, headline=s.paragraph < 0)
        if s.background or (figures and dated_before(s.text, when, anchor)):
            other += [f for f in figures if f.kind == "killed" and f.n]
        else:
            main += figures
    multi = multi_attack_lead(list(parts))
    fields: dict[str, Any] = {}
    evidence: dict[str, str] = {}
    for kind, key in _TOLL_FIELDS:
        fields[key] = aggregate(main, kind, multi)
        if fields[key] is not None:
            evidence[key] = mention_sentences(main, kind)
    rising = [f for f in main if f.rising and f.kind in ("killed", "injured")]
    fields["toll_revised"] = bool(rising)
    if rising:
        evidence["toll_revised"] = rising[0].sentence
    fields["toll_basis"] = toll_basis(main) if fields["killed"] is not None else ""
    fields["background_tolls"] = tuple(dict.fromkeys(f.n for f in other))
    if other:
        evidence["background_tolls"] = other[0].sentence
    return fields, evidence


def _body_and_anchor(text: str, published: date | None) -> tuple[str, date | None]:
    """The text after its dateline, and the date relative dates count from.

    A wire dateline's date is the filing day: "yesterday" and "on Monday" count from it, and it
    is never the event's own date (the dateline is cut off before dates are read).
    """
    dateline, body = split_dateline(text, published)
    if dateline is None:
        _legacy, body = strip_dateline(text)  # "Quetta, Nov 16 At least ..." (no dash or colon)
        return body, published
    return body, dateline.filed or published


def extract_facts(
    doc: Document,
    gazetteer: Gazetteer,
    actors: ActorList | None = None,
) -> Facts:
    """Read one report into Facts: date, places, actors, event types, targets and tolls.

    Every fact found keeps the sentence it came from in `evidence` (the key is the field's
    name; "actors" and "places" for the lists).
    """
    published = doc.published.date() if doc.published else None
    body, anchor = _body_and_anchor(doc.text, published)
    parts = spans(doc.title, body, anchor)
    main_text = [s.text for s in parts if not s.background]
    evidence: dict[str, str] = {}
    when, precision, evidence["event_date"] = event_date(parts, anchor)
    actor_list = actors or ActorList.load()
    named = read_actors(main_text, actor_list)
    homes = named.homes
    places, primary, evidence["places"] = incident_places(parts, gazetteer, homes, doc.text, published)
    # Which group a name stands for can hang on the country ("Islamic State" in Nigeria).
    found, evidence["actors"] = named.settle([p.country_code for p in (primary, *places) if p])
    types, targets, evidence["event_types"], evidence["targets"] = classify(main_text)
    tolls, toll_evidence = _tolls(parts, claimant_pattern(actor_list), when, anchor)
    evidence.update(toll_evidence)
    return Facts(
        event_date=when,
        date_precision=precision,
        published=published,
        places=places,
        primary_place=primary,
        actors=tuple(found),
        event_types=types,
        targets=targets,
        evidence={k: v for k, v in evidence.items() if v},
        title=doc.title.strip() or (main_text[0][:200] if main_text else ""),
        last_published=published,
        fingerprint=simhash(body),
        **tolls,
    )

"""The incident's place: the town or locality where the report says the event happened.

1. Mentions (crawler.incidents.facts.place_mentions) of the main, non-background sentences, each
   weighted by where it stands; the dateline city (crawler.parse.dateline) is where the report
   was filed, so it is only a weak mention, strong only when the body says the event happened
   "here".
2. Each name is read as one place (crawler.incidents.facts.place_resolve): inside a place named
   beside it, in a country the report speaks of, in the watches' countries (the gazetteer's
   prior) before any namesake abroad.
3. Places the gazetteer lacks are made where the report puts them
   (crawler.incidents.facts.place_unlisted): "Kardgap area of Mastung district", "Ancuabe
   district", "the village of Mucojo in Macomia district".
4. The dateline counts only when nothing else places the event: not when the body names a
   town, district or province, nor when its demonyms and country names point to another
   country ("ISLAMABAD -- AFGHAN SOLDIERS ... NEAR THE BORDER WITH PAKISTAN").
5. Mentions are grouped by district (a town without one is its own group); the heaviest group
   holds the event, and its most specific place is the primary place; with no town, district
   or province, the country the body speaks of.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date

from crawler.geo import Gazetteer, Place
from crawler.geo.unlisted import Evidence
from crawler.incidents.facts.context import Span
from crawler.incidents.facts.eventtypes import is_attack_sentence
from crawler.incidents.facts.place_mentions import LOCATIVE_BOOST, Mention, mentions
from crawler.incidents.facts.place_resolve import Reader
from crawler.incidents.facts.place_unlisted import localities, unlisted
from crawler.incidents.facts.probe import Gated, lowered
from crawler.parse.dateline import Dateline, find_dateline

_SPECIFIC_RANK = {"area": 0, "city": 1, "district": 2}
_WIDE_RANK = {"province": 3, "country": 4}
_COUNTER_OP = Gated(
    re.compile(r"intelligence[- ]based operation|\bIBOs?\b|search operation", re.IGNORECASE),
    ["intelligence", "ibo", "search operation"],  # see crawler.incidents.facts.probe
)
OTHER_SITE_SHARE = 0.25  # a district group this share of the heaviest's weight is another site
OTHER_SITE_MIN_WEIGHT = 0.6  # ... named at least once where an event place stands
DATELINE_WEIGHT = 0.5  # a filing place: the event place only when nothing else is named
# "gunned down here": the event happened in the dateline city.
_HERE = re.compile(
    r"\b(?:killed|shot|gunned down|attacked|explo\w+|went off|injured|wounded|died|martyred|"
    r"ambushed|struck|hit|detonated|stormed|abducted|kidnapped)\b[^.;]{0,60}?\bhere\b",
    re.IGNORECASE)

# "near the border with Burkina Faso", "along the Afghan-Pakistan border"; not "a Frontier
# Corps convoy", "border police".
_BORDER = re.compile(r"\b(?i:near|along|on|across|close\s+to|at|by)\s+(?:the\s+)?"
                     r"(?:[\w'’-]+\s+){0,2}(?i:border|frontier)s?\b"
                     r"(?!\s+(?i:corps|police|guards?|forces?|security|posts?|troops|patrols?|"
                     r"towns?|villages?|city|district|region|area|crossings?)\b)")

Resolved = list[tuple[Mention, Place]]


def incident_places(
    spans: Sequence[Span],
    gaz: Gazetteer,
    hints: Sequence[str] = (),
    text: str = "",
    published: date | None = None,
) -> tuple[tuple[Place, ...], Place | None, str]:
    """(places most specific first, primary place, evidence sentence) of the main incident.

    `hints` are countries the actors come from; `text` is the report's text as published, for
    its dateline.
    """
    eligible = [
        s for s in spans
        if not s.background and (s.lead or is_attack_sentence(s.text))
        and not _COUNTER_OP.search(s.text, lowered(s.text))
    ]
    line = find_dateline(text, published)
    scanned = [m for m in mentions(eligible, gaz, elsewhere=True) if not _in_dateline(m, line)]
    found = [m for m in scanned if m.weight > 0] + _dateline(gaz, line, eligible)
    rest_spans = [s for s in spans if not any(s is e for e in eligible)]

    @functools.cache
    def rest() -> tuple[Mention, ...]:  # the other sentences' places, read once if needed
        return tuple(m for m in mentions(rest_spans, gaz, elsewhere=True)
                     if not _in_dateline(m, line))

    reader = Reader(gaz, found, hints, context=lambda: (
        *found, *(m for m in scanned if m.weight == 0), *rest()))
    chosen: Resolved = [(m, p) for m in found for p in [reader.resolve(m)] if p is not None]
    chosen += localities(gaz, eligible, chosen)

    known = list(chosen)
    chosen += unlisted(gaz, eligible, chosen, lambda: _evidence(
        gaz, [*rest(), *(m for m in scanned if m.weight == 0)], known, reader))
    chosen = _filed_only_alone(chosen, reader, any(_BORDER.search(s.text) for s in eligible))
    primary, group = _primary(gaz, chosen, reader)
    if primary is not None and primary.kind == "province":
        inner = _inside_later(gaz, rest(), reader, primary)
        if inner:
            primary, more = _primary(gaz, inner, reader)
            group = group + more
    if primary is None:
        return (), None, ""
    evidence = next((m.span.text for m, p in chosen if p == primary and m.span.index >= -1), "")
    return _ordered(gaz, primary, group), primary, evidence or (text.split("\n", 1)[0][:300])


def _in_dateline(mention: Mention, line: Dateline | None) -> bool:
    """True for a name inside a dateline the sentence still starts with."""
    return (line is not None and mention.start < len(line.text)
            and mention.span.text.startswith(line.text))


def _dateline(gaz: Gazetteer, line: Dateline | None, eligible: Sequence[Span]) -> list[Mention]:
    """The filing place as a mention: weak, or strong when the body says "here"."""
    if line is None:
        return []
    ids = tuple(p.id for p in gaz.lookup(line.place))
    if not ids:
        return []
    here = any(_HERE.search(s.text) for s in eligible)
    weight = 2.0 * LOCATIVE_BOOST if here else DATELINE_WEIGHT
    span = Span(line.text, -2, -1, lead=True)
    region = gaz.lookup(line.region) if line.region else []
    countries = tuple(dict.fromkeys(p.country_code for p in region if p.kind == "country"))
    return [Mention(span, 0, len(line.place), line.place, ids, weight, why="dateline",
                    demonym=())] + ([Mention(span, 0, 0, line.region or "", (), 1.0,
                                             demonym=countries)] if countries else [])


def _evidence(gaz: Gazetteer, others: Sequence[Mention], chosen: Resolved,
              reader: Reader) -> Evidence:
    """What the report says about where it is, for placing the names the gazetteer lacks:
    the provinces of its places (background sentences too), its countries, its dateline."""
    weights: dict[str, float] = {}
    named = [(m, p) for m, p in chosen if m.why != "dateline" and m.weight > 0]
    named += [(m, p) for m in others for p in [reader.resolve(m)]
              if p is not None and m.weight > 0]
    for mention, place in named:
        province = gaz.province_of(place.id) if gaz.has(place.id) else None
        if province is not None:
            weights[province.id] = weights.get(province.id, 0.0) + mention.weight
    filed = next((p for m, p in chosen if m.why == "dateline" and p.kind != "country"), None)
    countries = reader.body_countries() or _elsewhere_countries(gaz, others)
    return Evidence(tuple(sorted(weights, key=lambda k: -weights[k])), countries, filed)


def _elsewhere_countries(gaz: Gazetteer, others: Sequence[Mention]) -> tuple[str, ...]:
    """The countries of places named as elsewhere ("told Lusa by telephone from Mueda"):
    where the report's people are, the last sign of its country."""
    codes: list[str] = []
    for mention in others:
        found = {gaz.get(i).country_code for i in mention.ids}
        if mention.weight == 0 and len(found) == 1:
            codes.extend(found)
    return tuple(dict.fromkeys(codes))


def _inside_later(gaz: Gazetteer, rest: Sequence[Mention], reader: Reader,
                  province: Place) -> Resolved:
    """Towns and districts inside the province the event sentences name, from the report's
    other sentences ("... in the southern province of Kandahar. The officers were ambushed in
    Spin Boldak district"); background sentences tell other events and say nothing here."""
    found = [m for m in rest if m.weight > 0 and not m.span.background]
    return [(m, p) for m in found for p in [reader.resolve(m)]
            if p is not None and p.kind in _SPECIFIC_RANK and gaz.is_within(p.id, province.id)]


def _filed_only_alone(chosen: Resolved, reader: Reader, border: bool) -> Resolved:
    """The places, the dateline's left out when anything else places the event: a town,
    district or province of the body, a border it happened near, or a country the body points
    to that is not the dateline's. "Gunned down here" keeps it."""
    filed = [(m, p) for m, p in chosen if m.why == "dateline"]
    if not filed or any(m.weight > DATELINE_WEIGHT for m, _p in filed):
        return chosen
    rest = [(m, p) for m, p in chosen if m.why != "dateline"]
    body = reader.country(filed=False)
    if any(m.weight > 0 and p.kind != "country" for m, p in rest) or border or (
            body is not None and body not in {p.country_code for _m, p in filed}):
        return rest  # a border ("near the border with Burkina Faso") is no capital's street
    return chosen


def _group(gaz: Gazetteer, place: Place) -> str | None:
    """The district a specific place lies in (or is); a town without one is its own group."""
    if place.kind not in _SPECIFIC_RANK:
        return None
    probe = place.id if gaz.has(place.id) else place.parent_id
    if probe is None:
        return None
    district = gaz.district_of(probe)
    if district is not None:
        return district.id
    # A locality placed only in a province ("Guriel, Galguduud region") is its own group, or
    # that of the town or area it lies in ("Zeen area of Kolwa tehsil").
    towns = [p for p in (gaz.get(probe), *gaz.ancestors(probe)) if p.kind in ("city", "area")]
    return towns[-1].id if towns else place.id


def _primary(gaz: Gazetteer, chosen: Resolved, reader: Reader) -> tuple[Place | None, Resolved]:
    """The most specific place of the heaviest district group, else the heaviest wide place."""
    weights: dict[str, float] = {}
    first: dict[str, int] = {}
    for order, (mention, place) in enumerate(chosen):
        key = _group(gaz, place)
        if key is not None:
            weights[key] = weights.get(key, 0.0) + mention.weight
            first.setdefault(key, order)
    if weights:
        best = max(weights, key=lambda k: (weights[k], -first[k]))
        group = [(m, p) for m, p in chosen if _group(gaz, p) == best]
        primary = min(group, key=lambda mp: (_SPECIFIC_RANK[mp[1].kind], -len(_lineage(gaz, mp[1])),
                                             -mp[0].weight))[1]
        # Other groups nearly as heavy are other sites of the same event ("two coordinated
        # attacks in Bolan and Kech"); a dateline or a passing mention never is.
        others = {k for k, w in weights.items()
                  if k != best and w >= OTHER_SITE_SHARE * weights[best]}
        group += [(m, p) for m, p in chosen if _group(gaz, p) in others
                  and m.why != "dateline" and m.weight >= OTHER_SITE_MIN_WEIGHT]
        return primary, group
    wide = [(m, p) for m, p in chosen if p.kind == "province"]
    if wide:
        best_place = max(wide, key=lambda mp: mp[0].weight)[1]
        return best_place, [mp for mp in wide if mp[1] == best_place]
    named: dict[str, float] = {}
    for mention, place in chosen:
        if place.kind == "country" and mention.why != "dateline":
            named[place.id] = named.get(place.id, 0.0) + mention.weight
    country = (max(named, key=named.__getitem__) if named else None) or reader.country(
        filed=False) or reader.country()
    return (gaz.get(country), []) if country else (None, [])


def _ordered(gaz: Gazetteer, primary: Place, group: Resolved) -> tuple[Place, ...]:
    """The primary place, the others of its group, and the divisions containing them."""
    specific = list(dict.fromkeys([primary, *(p for _m, p in group)]))
    chain: list[Place] = []
    for place in specific:
        chain.extend(_lineage(gaz, place))
    pool = list(dict.fromkeys(specific + chain))
    rank = {**_SPECIFIC_RANK, **_WIDE_RANK}
    return tuple(sorted(pool, key=lambda p: rank[p.kind]))


def _lineage(gaz: Gazetteer, place: Place) -> list[Place]:
    """The divisions containing a place (a locality's parent first when it is not stored)."""
    if gaz.has(place.id):
        return gaz.ancestors(place.id)
    if place.parent_id is None or not gaz.has(place.parent_id):
        return []
    return [gaz.get(place.parent_id), *gaz.ancestors(place.parent_id)]

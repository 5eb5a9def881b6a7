"""The matcher's place hits read as fact extraction reads them (crawler.geo.cues, .unlisted).

The matcher finds place names with one automaton and picks a reading per name from the names
around it; this pass then reads the words around each hit, once per document:
  * a border's other side is background, not the event's place ("Afghan soldiers ... near
    the border with Pakistan": Pakistan is no primary place of an Afghanistan report);
  * the kind the words ask for wins: "the southern state of Guerrero" is the state, not a town
    of that name;
  * a person's name after a title or before "said" is no place ("Col. Jose Bautista");
  * a town is the namesake in the province of the document's other places, not a bigger one
    elsewhere ("near Mosquera ... the road towards Tumaco");
  * the place the sentence puts a name in holds it: "Toledo in north-eastern Colombia" is the
    Colombian Toledo, "Pishin in Iran's Sistan and Baluchestan" the Iranian one; with no
    namesake there a town is made there, and a division abroad the sentence contradicts is
    dropped ("the Central Region of Mopti");
  * districts and villages the gazetteer lacks ("Meluco district", "the village of Mucojo")
    become hits of their own, at a modest weight (UNLISTED_WEIGHT), placed like fact
    extraction places them, so a watch on their region sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from crawler.geo.cues import (
    Asked,
    asked_kind,
    border_side,
    comma_gap,
    inside_gap,
    possessive_gap,
)
from crawler.geo.gazetteer import Gazetteer
from crawler.geo.persons import person_context
from crawler.geo.places import Kind, Place
from crawler.geo.placescore import ZONE_WEIGHT, Layout, Zone
from crawler.geo.unlisted import (
    Evidence,
    not_a_place,
    parent_for,
    place_for,
    unlisted_holders,
    unlisted_names,
)

UNLISTED_WEIGHT = 0.5  # of the zone's weight: named by the words, not found in the gazetteer
_KIND_OF = re.compile(r"(?i:\s+(?:[\w-]+\s+)?(?:border\s+)?(?:town|city|village|district|"
                      r"region|province|state|port|capital)\s+of\s+(?:the\s+)?)")


@dataclass(frozen=True)
class Found:
    """A place hit as the matcher keeps it (the fields of crawler.matching's PlaceHit)."""

    place_id: str
    name: str
    start: int
    end: int
    weight: float
    zone: Zone


def refine(full: str, page: Layout, found: list[Found], gaz: Gazetteer) -> list[Found]:
    """The hits of one document, read with the words around them, plus the places the words
    name and the gazetteer lacks."""
    # A person's name that is also a town ("said the district police officer, Irfan Ahmed
    # Lehri") is no place, as fact extraction reads it.
    hits = sorted((f for f in found if gaz.get(f.place_id).kind in ("country", "province")
                   or person_context(full, f.start, f.end) is None), key=lambda f: f.start)
    borders = {h.start for h in hits if gaz.get(h.place_id).kind in ("country", "province")
               and border_side(full, h.start, h.end)}
    # A border's other side weighs as background: no event place, no sign of the country.
    hits = [replace(h, weight=ZONE_WEIGHT["background"], zone="background")
            if h.start in borders else h for h in hits]
    # First the kind the words ask for, then (with every hit so read) what holds each one.
    asked = {h.start: asked_kind(full, h.start, h.end) for h in hits if h.start not in borders}
    hits = [_asked(h, asked.get(h.start), hits, gaz) for h in hits]
    inner = [h for h in hits if h.start not in borders]  # a border holds no place
    read = [h for h in hits if h.start in borders]
    for index, hit in enumerate(inner):
        kept = _read(full, inner, index, gaz, asked.get(hit.start))
        if kept is not None:
            read.append(kept)
    read = _agreeing(read, gaz)
    inner = [h for h in read if h.start not in borders]
    return sorted(read + _unlisted(full, page, inner, gaz), key=lambda f: f.start)


def _agreeing(hits: list[Found], gaz: Gazetteer) -> list[Found]:
    """A town read in a province no other hit lies in, when a namesake lies in the province of
    another hit: that namesake ("near Mosquera ... the road towards Tumaco" is Nariño's
    Mosquera, not the bigger one near Bogotá; "Azare ... fled to Biu" the Borno village)."""
    provinces = {h.place_id: _province_id(gaz, h.place_id) for h in hits}
    if len(set(provinces.values()) - {""}) < 2:
        return hits  # one province or none: nothing to agree with elsewhere
    names: dict[str, set[str]] = {}
    for hit in hits:
        names.setdefault(provinces[hit.place_id], set()).add(hit.name.casefold())
    out: list[Found] = []
    for hit in hits:
        key = hit.name.casefold()
        if names.get(provinces[hit.place_id], set()) - {key} or \
                gaz.get(hit.place_id).kind not in ("city", "area", "district"):
            out.append(hit)
            continue
        other = next((p.id for p in gaz.towns_named(hit.name) if p.id != hit.place_id
                      and names.get(_province_id(gaz, p.id), set()) - {key}), None)
        out.append(replace(hit, place_id=other) if other is not None else hit)
    return out


def _province_id(gaz: Gazetteer, place_id: str) -> str:
    province = gaz.province_of(place_id)
    return province.id if province is not None else ""


def _asked(hit: Found, asked: Asked | None, hits: list[Found], gaz: Gazetteer) -> Found:
    """The province reading of a name the words call a province ("the state of Guerrero")."""
    if asked != "province" or gaz.get(hit.place_id).kind == "province":
        return hit
    provinces = [p for p in gaz.lookup(hit.name, towns=False) if p.kind == "province"]
    chosen = _in_context(gaz, provinces, hits)
    return replace(hit, place_id=chosen.id) if chosen is not None else hit


def _read(full: str, hits: list[Found], index: int, gaz: Gazetteer,
          asked: Asked | None) -> Found | None:
    """One hit, inside the place the sentence names: a namesake there, a town made there, or
    nothing for a division the sentence contradicts."""
    hit = hits[index]
    place = gaz.get(hit.place_id)
    holders = _holders(full, hits, index, gaz, place)
    if not holders or any(gaz.is_within(place.id, h.id) for h in holders):
        return hit
    inside = [p for p in gaz.lookup_within(hit.name, [h.id for h in holders])
              if p.kind != "country"]
    if inside:
        return replace(hit, place_id=inside[0].id)
    if place.kind in ("country", "province") or asked == "province":
        return None  # a division abroad the sentence contradicts: a misread name
    parent = max(holders, key=lambda h: len(gaz.ancestors(h.id)))
    kind: Kind = "district" if asked == "district" else "city"
    if parent.kind in ("city", "area") and kind == "district":
        return hit
    return replace(hit, place_id=gaz.synthesise(hit.name, kind, parent.id).id)


def _in_context(gaz: Gazetteer, options: list[Place], hits: list[Found]) -> Place | None:
    """Of several readings, one in a country the document's other hits are in, else the
    first."""
    countries = {gaz.get(h.place_id).country_code for h in hits if h.zone != "background"}
    return next((p for p in options if p.country_code in countries), None) or (
        options[0] if options else None)


def _holders(full: str, hits: list[Found], index: int, gaz: Gazetteer,
             place: Place) -> list[Place]:
    """The places the sentence puts hit `index` in: after it ("in", ", ", "capital of", a
    possessive chain) or right before it ("Iran's", "the Iranian town of")."""
    hit = hits[index]
    kinds = ("country", "province") if place.kind in ("district", "province") else (
        "country", "province", "district")
    out: list[Place] = []
    if index:
        before = hits[index - 1]
        gap = full[before.end:hit.start]
        if possessive_gap(gap) or _KIND_OF.fullmatch(gap):
            out.append(gaz.get(before.place_id))
    cursor = hit
    for later in hits[index + 1:]:
        if later.start - cursor.end > 80:  # no words that long join two places
            break
        gap = full[cursor.end:later.start]
        if not (inside_gap(gap) or (cursor is not hit and possessive_gap(gap))):
            break
        if not comma_gap(gap) or gaz.get(later.place_id).kind != "city":
            out.append(gaz.get(later.place_id))
        cursor = later
    return [p for p in out if p.kind in kinds]


def _unlisted(full: str, page: Layout, hits: list[Found], gaz: Gazetteer) -> list[Found]:
    """Hits for the districts, villages and areas the words name and the gazetteer lacks."""
    items = [u for u in unlisted_names(full)
             if not any(h.start < u.end and u.start < h.end for h in hits)]
    if not items:
        return []
    evidence = _evidence(hits, gaz)
    made: list[tuple[int, int, Place]] = []
    out: list[Found] = []
    for item in reversed(items):  # "X village in Y district": Y first
        if not_a_place(gaz, full, item):
            continue
        placed = [(h.start, h.end, gaz.get(h.place_id)) for h in hits]
        holders = unlisted_holders(full, item, placed + made)
        if not holders and item.needs_holder:
            continue
        parent = parent_for(gaz, item.kind, holders, evidence)
        if parent is None:
            continue
        place = place_for(gaz, item.name, item.kind, parent.id)
        made.append((item.start, item.end, place))
        zone = page.zone(item.start)
        out.append(Found(place.id, item.name, item.start, item.end,
                         round(page.weight(item.start, zone) * UNLISTED_WEIGHT, 3), zone))
    return out


def _evidence(hits: list[Found], gaz: Gazetteer) -> Evidence:
    """What the document's hits (borders left out) say about where it is."""
    provinces: dict[str, float] = {}
    countries: dict[str, float] = {}
    filed: Place | None = None
    for hit in hits:
        place = gaz.get(hit.place_id)
        if hit.zone == "dateline":
            filed = filed or (place if place.kind != "country" else None)
            continue
        countries[place.country_code] = countries.get(place.country_code, 0.0) + hit.weight
        province = gaz.province_of(place.id)
        if province is not None:
            provinces[province.id] = provinces.get(province.id, 0.0) + hit.weight
    return Evidence(tuple(sorted(provinces, key=lambda k: -provinces[k])),
                    tuple(sorted(countries, key=lambda k: -countries[k])), filed)

"""Where a report's event happened, as much as a watch needs: the primary place and the region rule.

The primary place is where the event sentences (see keysentence) say it happened: their most
specific place, the earliest on ties, leaving out places named as somewhere else (where the
wounded were taken, where people came from or travelled to, where an official spoke). Only when
the event sentences name no place does the weight of every mention decide (title, dateline and
lead first). The dateline names where a report was filed: it counts as the event place only
while the text names no other town or district ("QUETTA: ... gunned down here").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from crawler.geo import Gazetteer, Place
from crawler.geo.cues import border_side, hospital_of
from crawler.geo.placescore import STRONG_ZONES, ZONE_WEIGHT
from crawler.matching.records import CompiledWatch, Hit, PlaceHit
from crawler.parse.textnorm import word_count

# In choosing by weight a country or province named as often as a town loses to the town:
# "a blast in Quetta, Balochistan" happened in Quetta.
_SPECIFICITY = {"country": 0.5, "province": 0.8, "district": 1.0, "city": 1.0, "area": 1.0}
_KIND_ORDER = {"area": 0, "city": 0, "district": 1, "province": 2, "country": 3}
_SPECIFIC = ("area", "city", "district")
# Text right before a place that names it as somewhere other than the event's place.
_ELSEWHERE = re.compile(
    r"(?:\b(?:shifted|taken|airlifted|moved|rushed|referred|evacuated|transferred|brought|"
    r"flown|sent|fled|escaped|retreated|withdrew|withdrawing)\s+(?:back\s+)?(?:to|towards|into)"
    r"\s+(?:\w+\s+){0,4}"
    r"|\b(?:travel(?:l)?ing|going|heading|headed|bound|returning|driving|coming|on\s+(?:its|their|"
    r"his|her)\s+way|en\s+route)\s+(?:\w+\s+){0,4}?(?:to|for|towards)\s+(?:the\s+)?"
    r"|\bfrom\s+[\w'’ -]{1,40}?\s+to\s+(?:the\s+)?"
    r"|\bhospitals?\s+(?:in|at)\s+|\bhome\s?towns?\s+(?:in|of)\s+|\b(?:residents?|natives?|"
    r"people)\s+of\s+|\bhailing\s+from\s+|\bfrom\s+(?:the\s+)?"
    r"|\b(?:said|told|spoke|speaking|statement|issued|announced|briefing|reporters|vowed|"
    r"warned)\s+(?:\w+\s+){0,4}?(?:in|at)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)


_STREET = re.compile(r"[ -](?:road|street|st|avenue|lane|chowk|bazaar|square|colony)\b",
                     re.IGNORECASE)
_CUE_ENDS = frozenset({"to", "towards", "into", "for", "from", "in", "at", "of", "the"})


def region_rule(watch: CompiledWatch, places: list[PlaceHit], gazetteer: Gazetteer,
                full: str, events: list[tuple[int, int]], why: list[str],
                why_not: list[str]) -> tuple[list[PlaceHit], float, Place | None]:
    """Check the region rule; return in-region hits, region strength and the primary place."""
    weigh = _weigher(places, gazetteer)
    if not watch.region:
        return places, 1.0, primary_place(places, weigh, full, events, gazetteer)
    inside: list[PlaceHit] = []
    outside: list[PlaceHit] = []
    for place in places:
        if watch.contains(place.place_id, gazetteer):
            inside.append(place)
        elif place.place_id not in watch.neutral:
            outside.append(place)
    primary = primary_place(inside + outside, weigh, full, events, gazetteer)
    label = watch.region_label
    strong = [p for p in inside if p.zone in STRONG_ZONES or _within(p, events)]
    if not inside:
        why_not.append(f"no place inside {label}")
    elif not strong:
        why_not.append(f"no place inside {label} in title/dateline/lead or the key sentence")
    else:
        why.append(f"{strong[0].name} ({strong[0].zone}) is inside {label}")
    if primary is not None and inside and not watch.contains(primary.id, gazetteer):
        why_not.append(f"primary place {gazetteer.label(primary.id)} is outside {label}")
    elif primary is not None and inside:
        why.append(f"primary place {primary.name}")
    weight_in = sum(weigh(p) for p in inside)
    weight_out = sum(weigh(p) * _stray(p, inside, places, gazetteer) for p in outside)
    return inside, (weight_in / (weight_in + weight_out) if weight_in else 0.0), primary


def primary_place(places: list[PlaceHit], weigh: Callable[[PlaceHit], float], full: str,
                  events: list[tuple[int, int]], gazetteer: Gazetteer) -> Place | None:
    """The event sentences' most specific place, else the place weighing most.

    A place of an event sentence in background counts: such a sentence is an event sentence
    only when it gives news (a toll revised, a fresh killing ranked among the year's).
    """
    named = [p for p in places if p.zone != "dateline" and _within(p, events)
             and not _elsewhere(full, p) and not _border(full, p, gazetteer)]
    if named:
        countries: dict[str, set[str]] = {}
        for hit in places:
            countries.setdefault(gazetteer.get(hit.place_id).country_code, set()).add(hit.place_id)

        def first(hit: PlaceHit) -> tuple[bool, bool, int, bool, int]:
            place = gazetteer.get(hit.place_id)
            # A town in a country no other place of the text lies in is more likely a word
            # read as a name ("THE BUSH" in upper-case text) than where the event happened;
            # a title names a route or a region more often than the text's own sentence does;
            # "Kasi Road" is a street of the town, whatever town "Kasi" may name.
            alone = place.kind in _SPECIFIC and len(countries[place.country_code]) < 2
            return (alone, _STREET.match(full, hit.end) is not None, _KIND_ORDER[place.kind],
                    hit.zone == "title", hit.start)

        return gazetteer.get(min(named, key=first).place_id)
    totals: dict[str, float] = {}
    earliest: dict[str, int] = {}
    for hit in places:
        totals[hit.place_id] = totals.get(hit.place_id, 0.0) + weigh(hit)
        earliest.setdefault(hit.place_id, hit.start)
    if not totals:
        return None

    def heaviest(place_id: str) -> tuple[float, int]:
        return (totals[place_id] * _SPECIFICITY[gazetteer.get(place_id).kind],
                -earliest[place_id])

    return gazetteer.get(max(totals, key=heaviest))


def _stray(hit: PlaceHit, inside: list[PlaceHit], places: list[PlaceHit],
           gazetteer: Gazetteer) -> float:
    """How much a place outside the region weighs against it: a quarter when it is the only
    place of its country in a text naming two or more places of the region (a namesake
    abroad, "Balad" in Iraq beside Jowhar and Middle Shabelle), else all."""
    if len({p.place_id for p in inside}) < 2:
        return 1.0
    country = gazetteer.get(hit.place_id).country_code
    same = {p.place_id for p in places if gazetteer.get(p.place_id).country_code == country}
    return 0.25 if len(same) < 2 else 1.0


def _weigher(places: list[PlaceHit], gazetteer: Gazetteer) -> Callable[[PlaceHit], float]:
    """Each hit's weight, the dateline's cut to a background mention when the text names
    another town or district."""
    if not any(p.zone == "dateline" for p in places) or not any(
            p.zone not in ("dateline", "background")
            and gazetteer.get(p.place_id).kind in _SPECIFIC for p in places):
        return _own_weight
    cut = ZONE_WEIGHT["background"]
    return lambda p: cut if p.zone == "dateline" else p.weight


def _own_weight(place: PlaceHit) -> float:
    return place.weight


def _border(full: str, place: PlaceHit, gazetteer: Gazetteer) -> bool:
    """The place is a border's other side ("near the border with Pakistan"), never where the
    event sentence's event happened."""
    return (gazetteer.get(place.place_id).kind in ("country", "province")
            and border_side(full, place.start, place.end))


def _within(place: PlaceHit, spans: list[tuple[int, int]]) -> bool:
    return any(start <= place.start < end for start, end in spans)


def _elsewhere(full: str, place: PlaceHit) -> bool:
    """The words before the place name it as where someone was taken, came from or spoke;
    or it names the town of a hospital ("died at Quetta's Combined Military Hospital")."""
    window = full[max(0, place.start - 60) : place.start]
    words = window.split()
    if hospital_of(full, place.end):
        return True
    # Every cue ends in one of these words: most places follow another and need no search.
    if not words or words[-1].lower() not in _CUE_ENDS:
        return False
    return bool(_ELSEWHERE.search(window))


def near(full: str, terms: list[Hit], places: list[PlaceHit], within: int) -> bool:
    """True when some term stands within `within` words of some place."""
    for term in terms[:200]:
        for place in places[:200]:
            if term.end <= place.start:
                gap = full[term.end : place.start]
            elif place.end <= term.start:
                gap = full[place.end : term.start]
            else:
                gap = ""  # overlapping: a place name used as a term
            if word_count(gap) <= within:
                return True
    return False

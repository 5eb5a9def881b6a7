"""The incident's places from the gazetteer: most specific first, background places left out."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import ahocorasick

from crawler.geo import Gazetteer, Place
from crawler.incidents.facts.context import Span
from crawler.incidents.facts.eventtypes import is_attack_sentence
from crawler.incidents.facts.probe import Gated, lowered
from crawler.parse.textnorm import fold, fold_text

_SPECIFIC_RANK = {"area": 0, "city": 1, "district": 2}
_WIDE_RANK = {"province": 3, "country": 4}
# Localities the gazetteer lacks, named against a district or town it knows.
_AREA_OF = re.compile(
    r"\b(?:the\s+)?(?P<x>[A-Z][\w'-]+(?:\s[A-Z][\w'-]+){0,2})\s+(?:area|region|locality|village|"
    r"tehsil|sub-?division)\s+(?:of|in)\s+(?P<y>[A-Z][\w'-]+(?:\s[A-Z][\w'-]+){0,2})"
)
_POSSESSIVE_AREA = re.compile(
    r"\b(?P<y>[A-Z][\w-]+)['’]s\s+(?P<x>[A-Z][\w'-]+(?:\s[A-Z][\w'-]+){0,2})\s+"
    r"(?:area|region|locality|village|tehsil)"
)
# Where the wounded were taken or where a convoy came from is not where the attack happened.
_ELSEWHERE = re.compile(
    r"(?:(?:shifted|taken|airlifted|moved|rushed|referred|evacuated|transferred|brought|flown|"
    r"sent)\s+to\s+(?:\w+\s+){0,4}|hospitals?\s+(?:in|at)\s+|hometowns?\s+in\s+|from\s+)$",
    re.IGNORECASE,
)
_COUNTER_OP = Gated(
    re.compile(r"intelligence[- ]based operation|\bIBOs?\b|search operation", re.IGNORECASE),
    ["intelligence", "ibo", "search operation"],  # see crawler.incidents.facts.probe
)


class PlaceFinder:
    """Finds the gazetteer's matchable names in text with one Aho-Corasick automaton."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        ids: dict[str, list[tuple[str, bool]]] = {}
        for name, place_id, strict in gazetteer.match_names():
            ids.setdefault(name, []).append((place_id, strict))
        self._automaton = ahocorasick.Automaton()
        for name, entries in ids.items():
            self._automaton.add_word(name, (name, tuple(entries)))
        self._automaton.make_automaton()
        # Compiled once here, not escaped and looked up again for every span.
        self._not_places = [(bad, re.compile(re.escape(bad))) for bad in gazetteer.not_places()]

    def find(self, text: str) -> list[tuple[int, str, tuple[str, ...]]]:
        """(start, matched text, place ids) for each name in `text`, longest match wins."""
        folded = fold_text(text)
        low = folded.text
        masked = [False] * len(low)
        for bad, pattern in self._not_places:
            if bad not in low:  # the pattern is that literal: no occurrence, nothing to mask
                continue
            for m in pattern.finditer(low):
                masked[m.start() : m.end()] = [True] * (m.end() - m.start())
        found: list[tuple[int, int, str, tuple[str, ...]]] = []
        for end, (name, entries) in self._automaton.iter(low):
            start = end - len(name) + 1
            if (start > 0 and low[start - 1].isalnum()) or (
                end + 1 < len(low) and low[end + 1].isalnum()
            ):
                continue
            o_start = folded.original(start)
            o_end = folded.original(end + 1)
            if any(masked[start : end + 1]) or not text[o_start].isupper():
                continue
            at_start = not text[:o_start].strip(" \"“‘'(")
            ids = tuple(pid for pid, strict in entries if not (strict and at_start))
            if ids:
                found.append((o_start, o_end, text[o_start:o_end], ids))
        # Longest first, then drop hits inside a longer one ("Shah Mardan" hides "Mardan").
        found.sort(key=lambda h: (h[0] - h[1], h[0]))
        kept: list[tuple[int, int, str, tuple[str, ...]]] = []
        for hit in found:
            if all(hit[1] <= k[0] or hit[0] >= k[1] for k in kept):
                kept.append(hit)
        return [(s, name, ids) for s, _e, name, ids in sorted(kept)]


@functools.lru_cache(maxsize=4)
def finder_for(gazetteer: Gazetteer) -> PlaceFinder:
    """One finder per gazetteer object; building the automaton costs about a second."""
    return PlaceFinder(gazetteer)


def _choose(
    gaz: Gazetteer,
    ids: Sequence[str],
    anchors: Sequence[str],
    hints: Sequence[str] = (),
) -> Place | None:
    """Pick the place a name denotes: inside an anchor, deepest first."""
    places = [gaz.get(i) for i in ids]
    # Without other context, the actors' home countries settle "San Salvador" and the like.
    if not anchors:
        places = [p for p in places if p.country_code in hints] or places
    if anchors:
        inside = [p for p in places if any(gaz.is_within(p.id, a) for a in anchors)]
        if not inside:
            return None
        places = inside
    # "Kalat" is a district and its town: the town is the more specific reading.
    deepest = [
        p for p in places if not any(q.id != p.id and gaz.is_within(q.id, p.id) for q in places)
    ]
    return deepest[0] if deepest else places[0]


def _synthesised(gaz: Gazetteer, text: str, known: dict[str, Place]) -> list[Place]:
    """Areas the gazetteer lacks, placed under the district or town the text names beside them."""
    out: list[Place] = []
    for rx in (_AREA_OF, _POSSESSIVE_AREA):
        for m in rx.finditer(text):
            parent = known.get(fold(m.group("y")))
            x = m.group("x")
            if parent is None or fold(x) in known or parent.kind not in ("district", "city"):
                continue
            slug = re.sub(r"[^a-z0-9]+", "-", fold(x)).strip("-")
            out.append(
                Place(
                    f"{parent.id}/{slug}", x, "area", parent.id, parent.country_code, None, None, ()
                )
            )
    return out


def _anchors(gaz: Gazetteer, lead_places: Iterable[Place], first: Place | None) -> list[str]:
    """Provinces the incident lies in: those the lead names, else the first place's province."""
    anchors = [p.id for p in lead_places if p.kind == "province"]
    if not anchors and first is not None:
        province = gaz.province_of(first.id) or gaz.country_of(first.id)
        anchors = [province.id] if province else []
    if not anchors:
        anchors = [p.id for p in lead_places if p.kind == "country"][:1]
    return anchors


def incident_places(
    spans: Sequence[Span],
    gaz: Gazetteer,
    hints: Sequence[str] = (),
) -> tuple[tuple[Place, ...], Place | None, str]:
    """(places most specific first, primary place, evidence sentence) of the main incident."""
    finder = finder_for(gaz)
    eligible = [
        s
        for s in spans
        if not s.background
        and (s.lead or is_attack_sentence(s.text))
        and not _COUNTER_OP.search(s.text, lowered(s.text))
    ]
    hits = [
        (s, start, name, ids)
        for s in eligible
        for start, name, ids in finder.find(s.text)
        if not _ELSEWHERE.search(s.text[max(0, start - 40) : start])
    ]
    lead_places = [
        p
        for s, _st, name, ids in hits
        if s.lead
        for p in [_choose(gaz, ids, (), hints)]
        if p
    ]
    first_specific = next(
        (
            p
            for s, _st, name, ids in hits
            for p in [_choose(gaz, ids, (), hints)]
            if p and p.kind in _SPECIFIC_RANK and gaz.is_curated(p.id)
        ),
        None,
    )
    anchors = _anchors(gaz, lead_places, first_specific)
    chosen: list[tuple[Span, Place]] = []
    for s, _start, _name, ids in hits:
        place = _choose(gaz, ids, anchors)
        if place is not None:
            chosen.append((s, place))
    known = {fold(n): p for _s, p in chosen for n in (p.name, *p.aliases)}
    for s in eligible:
        chosen.extend((s, p) for p in _synthesised(gaz, s.text, known))
    specific = list(dict.fromkeys(p for _s, p in chosen if p.kind in _SPECIFIC_RANK))
    wide = list(dict.fromkeys(p for _s, p in chosen if p.kind in _WIDE_RANK))
    if not specific and not wide:
        return (), None, ""
    extra: list[Place] = []
    for p in specific + wide:
        for a in gaz.ancestors(p.id) if gaz.has(p.id) else _synth_ancestors(gaz, p):
            extra.append(a)
    pool = list(dict.fromkeys(specific + extra + wide))
    ordered = sorted(pool, key=lambda p: {**_SPECIFIC_RANK, **_WIDE_RANK}[p.kind])
    primary = _primary(gaz, [p for _s, p in chosen], specific)
    evidence = next((s.text for s, p in chosen if p == primary), "")
    return tuple(ordered), primary, evidence


def _synth_ancestors(gaz: Gazetteer, place: Place) -> list[Place]:
    """Ancestors of a synthesised area: its parent and the parent's chain."""
    if place.parent_id is None or not gaz.has(place.parent_id):
        return []
    return [gaz.get(place.parent_id), *gaz.ancestors(place.parent_id)]


def _primary(gaz: Gazetteer, mentioned: list[Place], specific: list[Place]) -> Place | None:
    """The most specific place named in the first place's district (Kalat -> Shah Mardan)."""
    if not specific:
        return mentioned[0] if mentioned else None
    district = _district(gaz, specific[0])
    same = [p for p in specific if district is not None and _district(gaz, p) == district]
    return min(same or specific[:1], key=lambda p: _SPECIFIC_RANK[p.kind])


def _district(gaz: Gazetteer, place: Place) -> str | None:
    """The id of the district a (possibly synthesised) place lies in."""
    probe = place.id if gaz.has(place.id) else place.parent_id
    if probe is None or not gaz.has(probe):
        return None
    found = gaz.district_of(probe)
    return found.id if found else None

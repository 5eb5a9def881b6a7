"""One watch's verdict on one scanned document: rules, region, primary place, score, snippet."""

from __future__ import annotations

import bisect
import functools
import json
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crawler.clock import iso
from crawler.config.watches import WatchConfig
from crawler.geo import Gazetteer, Place
from crawler.geo.placescore import STRONG_ZONES, Layout, Zone
from crawler.models import Document
from crawler.parse.textnorm import word_count

# In choosing the primary place a country or province named as often as a town loses to the
# town: "a blast in Quetta, Balochistan" happened in Quetta.
_SPECIFICITY = {"country": 0.5, "province": 0.8, "district": 1.0, "city": 1.0, "area": 1.0}
SNIPPET_CHARS = 300
_START = operator.attrgetter("start")


@dataclass(frozen=True)
class Hit:
    """A term found in the document: the configured term, its rule group, and where."""

    term: str
    group: str  # "any", "all[0]", "none", "regex" or "near"
    start: int
    end: int


@dataclass(frozen=True)
class PlaceHit:
    """A place named in the document, with the weight of where it stands."""

    place_id: str
    name: str  # the text as written
    start: int
    end: int
    weight: float
    zone: Zone


@dataclass(frozen=True)
class Match:
    """The verdict of one watch on one document, with everything that explains it.

    Offsets in `terms` and `places` are into title + "\\n\\n" + text. `score` is in 0..1:
    term strength (distinct terms found, saturating at 3) times region strength (weight of places
    inside the region over weight of places inside and outside it; 1 without a region rule).
    """

    watch: str
    matched: bool
    score: float
    terms: tuple[Hit, ...]
    places: tuple[PlaceHit, ...]
    primary_place: Place | None
    snippet: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CompiledWatch:
    """A watch ready to judge: its config, its region ids and what only surrounds the region."""

    config: WatchConfig
    index: int
    region: frozenset[str]
    neutral: frozenset[
        str
    ]  # places containing the region: naming Pakistan says nothing against Balochistan
    regexes: tuple[re.Pattern[str], ...]
    region_label: str
    # The verdict on a document without any of the watch's terms, when that alone decides it:
    # computed once, returned for the many documents a watch has nothing to say about.
    no_hits: Match | None = None
    # Memo of contains(): a pure function of the place id, asked for every place hit.
    _inside: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def contains(self, place_id: str, gazetteer: Gazetteer) -> bool:
        """True when the place lies inside (or is) one of the watch's region places."""
        known = self._inside.get(place_id)
        if known is None:
            known = any(gazetteer.is_within(place_id, r) for r in self.region)
            self._inside[place_id] = known
        return known

    @classmethod
    def build(
        cls,
        config: WatchConfig,
        index: int,
        region: frozenset[str],
        gazetteer: Gazetteer,
        regexes: tuple[re.Pattern[str], ...],
    ) -> CompiledWatch:
        """Derive the neutral places and a readable label of the region."""
        neutral = frozenset(a.id for r in region for a in gazetteer.ancestors(r)) - region
        label = " or ".join(sorted(gazetteer.get(r).name for r in region)) or "(anywhere)"
        watch = cls(config, index, region, neutral, regexes, label)
        rules = config.keywords
        if not regexes and (rules.any or rules.all):
            empty = Scan("", {}, list, lambda: Layout("", 0, 0, None, 0, ()))
            verdict = judge(watch, empty, Document(title="", text=""), gazetteer)
            watch = cls(config, index, region, neutral, regexes, label, verdict)
        return watch


class Scan:
    """What the automaton found in one document, shared by every watch; places and layout lazily."""

    def __init__(
        self,
        full: str,
        terms: dict[int, list[tuple[str, str, int, int]]],
        places: Callable[[], list[PlaceHit]],
        layout: Callable[[], Layout],
    ) -> None:
        self.full = full
        self.terms = terms
        self._places = places
        self.layout = layout

    @functools.cached_property
    def places(self) -> list[PlaceHit]:
        """Place hits, resolved and weighed on first use (most documents never need them)."""
        return self._places()


def judge(watch: CompiledWatch, scan: Scan, doc: Document, gazetteer: Gazetteer) -> Match:
    """Decide whether one watch matches the scanned document, and say why."""
    if watch.no_hits is not None and watch.index not in scan.terms and not watch.config.language:
        return watch.no_hits
    config, rules = watch.config, watch.config.keywords
    hits = [Hit(*raw) for raw in scan.terms.get(watch.index, ())]
    hits += [
        Hit(rx.pattern, "regex", m.start(), m.end())
        for rx in watch.regexes
        for m in rx.finditer(scan.full)
        if m.end() > m.start()
    ]
    hits.sort(key=_START)
    groups = {h.group for h in hits}
    positive = [h for h in hits if h.group in ("any", "regex")]
    why_not: list[str] = []
    why: list[str] = []
    language = (doc.language or "").split("-")[0].lower()
    if config.language and language and language not in config.language:
        why_not.append(f"language {language!r} is not one of {', '.join(config.language)}")
    if (rules.any or rules.regex) and not positive:
        why_not.append("no term of keywords.any/regex found")
    for i, group in enumerate(rules.all):
        if f"all[{i}]" not in groups:
            why_not.append(f"no term of keywords.all[{i}] ({_short(group)})")
    if "none" in groups:
        excluded = next(h for h in hits if h.group == "none")
        why_not.append(f"excluded by {excluded.term!r}")
    found = sorted({h.term for h in hits if h.group not in ("none", "near")})
    if why_not:
        # The keyword rules already fail: skip places, layout and snippet (the common, cheap case).
        return Match(config.name, False, 0.0, tuple(hits), (), None, "", tuple(why_not))
    if found:
        why.append(f"terms: {', '.join(found[:8])}")
    lead_terms = positive or [h for h in hits if h.group.startswith("all")]
    if rules.lead and lead_terms:
        page = scan.layout()
        if not any(page.zone(h.start) in STRONG_ZONES for h in lead_terms):
            why_not.append(
                "no keyword term in title/dateline/lead (only further down or in background)"
            )
    inside, score_places, primary = _region(watch, scan.places, gazetteer, why, why_not)
    if config.near is not None and not why_not:
        near_terms = [h for h in hits if h.group == "near"] if config.near.terms else positive
        if not _near(scan.full, near_terms, inside, config.near.within):
            why_not.append(
                f"no term within {config.near.within} words of a place in {watch.region_label}"
            )
    score = round(min(1.0, len(found) / 3) * score_places, 3)
    if score < config.min_score and not why_not:
        why_not.append(f"score {score} is below min_score {config.min_score}")
    why.append(f"score {score}")
    shown = [(h.start, h.end) for h in hits] + [(p.start, p.end) for p in (inside or scan.places)]
    return Match(
        watch=config.name,
        matched=not why_not,
        score=score,
        terms=tuple(hits),
        places=tuple(scan.places),
        primary_place=primary,
        snippet=snippet(scan.full, shown),
        reasons=tuple(why_not or why),
    )


def _region(
    watch: CompiledWatch,
    places: list[PlaceHit],
    gazetteer: Gazetteer,
    why: list[str],
    why_not: list[str],
) -> tuple[list[PlaceHit], float, Place | None]:
    """Check the region rule; return in-region hits, region strength and the primary place."""
    if not watch.region:
        return places, 1.0, _primary(places, gazetteer)
    inside: list[PlaceHit] = []
    outside: list[PlaceHit] = []
    for place in places:
        if watch.contains(place.place_id, gazetteer):
            inside.append(place)
        elif place.place_id not in watch.neutral:
            outside.append(place)
    primary = _primary(inside + outside, gazetteer)
    label = watch.region_label
    strong = [p for p in inside if p.zone in STRONG_ZONES]
    if not inside:
        why_not.append(f"no place inside {label}")
    elif not strong:
        why_not.append(f"no place inside {label} in title/dateline/lead")
    else:
        why.append(f"{strong[0].name} ({strong[0].zone}) is inside {label}")
    if primary is not None and inside and not watch.contains(primary.id, gazetteer):
        why_not.append(f"primary place {gazetteer.label(primary.id)} is outside {label}")
    elif primary is not None and inside:
        why.append(f"primary place {primary.name}")
    weight_in = sum(p.weight for p in inside)
    weight_out = sum(p.weight for p in outside)
    return inside, (weight_in / (weight_in + weight_out) if weight_in else 0.0), primary


def _primary(places: list[PlaceHit], gazetteer: Gazetteer) -> Place | None:
    """The place the document is most about: weight by position, towns before provinces."""
    totals: dict[str, float] = {}
    for hit in places:
        totals[hit.place_id] = totals.get(hit.place_id, 0.0) + hit.weight
    if not totals:
        return None
    first = {}
    for hit in reversed(places):
        first[hit.place_id] = hit.start

    def rank(place_id: str) -> tuple[float, int]:
        return (totals[place_id] * _SPECIFICITY[gazetteer.get(place_id).kind], -first[place_id])

    return gazetteer.get(max(totals, key=rank))


def _near(full: str, terms: list[Hit], places: list[PlaceHit], within: int) -> bool:
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


def snippet(full: str, spans: list[tuple[int, int]], size: int = SNIPPET_CHARS) -> str:
    """About `size` characters around the densest cluster of spans, each marked [like this]."""
    spans = sorted(set(spans))
    if not spans:
        return " ".join(full[:size].split())
    # Spans starting in [start, start + window) of each span, counted by bisection; the densest
    # cluster wins, the first one on ties.
    starts = [start for start, _ in spans]
    window = size - 60
    counts = [
        max(1, bisect.bisect_left(starts, start + window) - i) for i, start in enumerate(starts)
    ]
    best = counts.index(max(counts))
    begin = max(0, spans[best][0] - 60)
    begin = full.rfind(" ", 0, begin) + 1 if begin else 0
    end = min(len(full), begin + size)
    if end < len(full) and " " in full[end - 30 : end]:
        end = full.rfind(" ", end - 30, end)
    pieces, cursor = [], begin
    for start, stop in spans:
        if start < cursor or stop > end:
            continue
        pieces += [full[cursor:start], "[", full[start:stop], "]"]
        cursor = stop
    pieces.append(full[cursor:end])
    text = " ".join("".join(pieces).split())
    return ("… " if begin > 0 else "") + text + (" …" if end < len(full) else "")


def _short(terms: tuple[str, ...]) -> str:
    """A few terms of a group, for messages."""
    return ", ".join(terms[:4]) + (", ..." if len(terms) > 4 else "")


def verdict_fields(match: Match, now: datetime) -> dict[str, Any]:
    """A verdict's columns but its article id (extraction workers render them before it exists)."""
    place = match.primary_place
    # Hits are flat records: their __dict__ is what asdict() would build, at a tenth the cost.
    return {
        "watch": match.watch, "matched": int(match.matched),
        "score": round(match.score, 4),
        "primary_place_id": place.id if place else None,
        "primary_place": place.name if place else None,
        "terms": json.dumps([vars(h) for h in match.terms], ensure_ascii=False),
        "places": json.dumps([vars(p) for p in match.places], ensure_ascii=False),
        "snippet": match.snippet, "reasons": json.dumps(list(match.reasons), ensure_ascii=False),
        "matched_at": iso(now),
    }

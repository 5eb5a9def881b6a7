"""What matching passes around: term and place hits, a compiled watch, a scan and a verdict."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from crawler.config.watches import WatchConfig
from crawler.geo import Gazetteer, Place
from crawler.geo.placescore import Layout, Zone


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
    # Places containing the region: naming Pakistan says nothing against Balochistan.
    neutral: frozenset[str]
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

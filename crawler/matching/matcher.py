"""The matching engine: all watches compiled once into Aho-Corasick automata, never a term loop.

Two automata, both built once by compile_watches: one holds every term of every watch, the other
every matchable gazetteer name, not-a-place mask and background marker. They are separate because
place names are most of all hits and a Python-level loop pays for each hit: the place automaton
runs only on documents where some watch's keyword rules hold (measured: 2-3x the throughput).

Coordinates: every offset in a Hit or PlaceHit is into `document_string(doc)`, that is
doc.title + "\\n\\n" + doc.text (the separator is there even when the title is empty), in Python
string indices of the original (unfolded) text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import ahocorasick

from crawler.config.watches import WatchConfig, validate_watches
from crawler.geo import Gazetteer, resolve_place
from crawler.geo.hits import Found, refine
from crawler.geo.placescore import BACKGROUND_MARKERS, Layout, layout
from crawler.matching.verdict import CompiledWatch, Hit, Match, PlaceHit, Scan, build_watch, judge
from crawler.models import Document
from crawler.parse.dateline import find_dateline
from crawler.parse.textnorm import fold, fold_text, inflections, key_form

__all__ = [
    "Hit",
    "Match",
    "Matcher",
    "PlaceHit",
    "WatchConfigError",
    "compile_watches",
    "document_string",
]


class WatchConfigError(ValueError):
    """Watches that cannot be compiled; `problems` lists each one with its config path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid watches:\n" + "\n".join(problems))


@dataclass(frozen=True)
class _Key:
    """The place side of an automaton key: the places a name stands for, or a not-a-place mask.

    Term automaton values are (key length, ((watch index, group, term), ...)); place automaton
    values are (key length, _Key | None, kind): kind _MARKER for a background marker ("for
    decades", "in 2019"), _RECENT for a phrase that starts like one but dates the news itself
    ("in the past few hours"), else _PLAIN.
    """

    place_ids: tuple[str, ...]
    strict: bool
    mask: bool


_PLAIN, _MARKER, _RECENT = 0, 1, 2
# Phrases that begin with a background marker ("in the past", "previous") yet say the event is
# recent: "in the past few hours", "the previous night".
RECENT_PHRASES: tuple[str, ...] = tuple(
    f"in the {span} {amount}"
    for span in ("past", "last")
    for amount in ("hour", "few hours", "several hours", "couple of hours", "24 hours",
                   "48 hours", "12 hours", "two hours", "three hours", "day", "24hrs")
) + tuple(f"previous {part}" for part in ("day", "night", "evening", "morning", "afternoon"))


def document_string(doc: Document) -> str:
    """The string all match offsets refer to: title, a blank line, text."""
    return f"{doc.title}\n\n{doc.text}"


class Matcher:
    """Compiled watches; `classify` gives one Match per enabled watch for a document."""

    def __init__(
        self,
        terms: ahocorasick.Automaton,
        places: ahocorasick.Automaton,
        watches: Sequence[CompiledWatch],
        gazetteer: Gazetteer,
    ) -> None:
        self._term_automaton = terms
        self._place_automaton = places
        self._watches = tuple(watches)
        self._gazetteer = gazetteer
        self._lineage = _Lineage(gazetteer)
        # Per watch, its verdict on a document without any of its terms when that is known in
        # advance (CompiledWatch.no_hits; not with a language rule): most watches on most
        # documents need no judging at all.
        self._known_misses = tuple(
            (w, None if w.config.language else w.no_hits) for w in self._watches
        )

    @property
    def watch_names(self) -> tuple[str, ...]:
        """Names of the compiled watches, in config order."""
        return tuple(w.config.name for w in self._watches)

    def classify(self, doc: Document) -> list[Match]:
        """Run every watch over the document; matched or not, each watch gets its Match."""
        full = document_string(doc)
        folded = fold_text(full)
        padded = f" {folded.text} "
        original = folded.original if folded.offsets is not None else None
        terms: dict[int, list[tuple[str, str, int, int]]] = {}
        # Keys are padded with spaces and so is the text: every hit is a whole word or phrase.
        # Hits stay plain tuples here: this loop runs for every hit of every document.
        for end, (length, key_terms) in self._term_automaton.iter(padded):
            start, stop = end - length + 1, end - 1
            if original is not None:
                start, stop = original(start), original(stop)
            for watch_index, group, term in key_terms:
                terms.setdefault(watch_index, []).append((term, group, start, stop))
        scan: Scan | None = None
        matches = []
        for watch, known in self._known_misses:
            if known is not None and watch.index not in terms:
                matches.append(known)  # what judge would return, without the call
                continue
            if scan is None:
                lazy = _LazyPlaces(self, full, len(doc.title), padded, original)
                scan = Scan(full=full, terms=terms, places=lazy.places, layout=lazy.layout)
            matches.append(judge(watch, scan, doc, self._gazetteer))
        return matches

    def _scan_places(
        self, padded: str, original: Callable[[int], int] | None
    ) -> tuple[list[tuple[int, int, _Key]], list[int]]:
        """Place names, masks and background markers of a folded, padded document."""
        spans: list[tuple[int, int, _Key]] = []
        markers: list[int] = []
        recent: set[int] = set()
        for end, (length, key, kind) in self._place_automaton.iter(padded):
            start, stop = end - length + 1, end - 1
            if original is not None:
                start, stop = original(start), original(stop)
            if key is not None:
                spans.append((start, stop, key))
            if kind == _MARKER:
                markers.append(start)
            elif kind == _RECENT:
                recent.add(start)
        if recent:
            # "in the past few hours" starts where the marker "in the past" does: news, not
            # background.
            markers = [m for m in markers if m not in recent]
        return spans, markers

    def _names(
        self, full: str, spans: list[tuple[int, int, _Key]]
    ) -> list[tuple[int, int, tuple[str, ...]]]:
        """Longest non-overlapping place names that are written as proper nouns."""
        spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        kept: list[tuple[int, int, tuple[str, ...]]] = []
        last_end = -1
        for start, end, key in spans:
            if start < last_end:
                continue
            last_end = end
            if key.mask or not full[start].isupper():
                continue  # "The Balochistan Post", or "mach"/"reading" in lower case
            if key.strict and _sentence_initial(full, start):
                continue  # "Tank fire..." at a sentence start is not the town of Tank
            kept.append((start, end, key.place_ids))
        return kept

    def _places(
        self, full: str, kept: list[tuple[int, int, tuple[str, ...]]], page: Layout
    ) -> list[PlaceHit]:
        """Resolve each name to one place and weigh it by where it stands."""
        chosen = self._lineage.disambiguate([ids for _, _, ids in kept])
        hits = []
        for (start, end, _), place_id in zip(kept, chosen, strict=True):
            zone = page.zone(start)
            hits.append(
                Found(place_id, full[start:end], start, end, page.weight(start, zone), zone)
            )
        # Read with the words around them, as fact extraction reads them (borders, "the state
        # of X", "X in <country>", districts and villages the gazetteer lacks): crawler.geo.hits.
        return [PlaceHit(f.place_id, f.name, f.start, f.end, f.weight, f.zone)
                for f in refine(full, page, hits, self._gazetteer)]


class _LazyPlaces:
    """Scan places and compute the layout of one document only when a watch needs them.

    Most documents fail every watch's keyword rules; for them the place scan (the bulk of all
    automaton hits: place names are far more frequent than event terms) never runs.
    """

    def __init__(
        self,
        matcher: Matcher,
        full: str,
        title_length: int,
        padded: str,
        original: Callable[[int], int] | None,
    ) -> None:
        self._matcher, self._full, self._title_length = matcher, full, title_length
        self._padded, self._original = padded, original
        self._layout: Layout | None = None
        self._spans: list[tuple[int, int, _Key]] = []

    def layout(self) -> Layout:
        """The layout (title, dateline, lead, background markers), computed on first use."""
        if self._layout is None:
            self._spans, markers = self._matcher._scan_places(self._padded, self._original)
            page = layout(self._full, self._title_length, tuple(markers))
            if page.dateline is None:
                page = _with_wire_dateline(page)
            self._layout = page
        return self._layout

    def places(self) -> list[PlaceHit]:
        """The place hits, resolved and weighed."""
        page = self.layout()
        kept = self._matcher._names(self._full, self._spans)
        return self._matcher._places(self._full, kept, page)


def _with_wire_dateline(page: Layout) -> Layout:
    """The layout with the dateline parse.dateline reads and the layout's own pattern does not
    ("QUETTA, 14 JAN 25 (PPI) --", "Mogadishu, Somalia (AP) —"): its place is where the report
    was filed, not where it happened."""
    found = find_dateline(page.full[page.text_start : page.text_start + 200])
    if found is None:
        return page
    start = page.text_start + found.text.find(found.place)
    return replace(page, dateline=(start, page.text_start + found.end))


def _sentence_initial(full: str, start: int) -> bool:
    """True when only quotes/spaces stand between `start` and a sentence end or the text start."""
    before = full[max(0, start - 6) : start].rstrip(" \"'‘“(")
    return not before or before[-1] in ".!?\n:"


class _Lineage:
    """Picks one place per ambiguous name, with what it needs of the gazetteer memoized by id.

    The gazetteer never changes under a compiled matcher, so ancestors and rank facts of a place
    are computed once per matcher instead of once per hit.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._facts: dict[str, tuple[bool, int, bool]] = {}

    def ancestors(self, place_id: str) -> tuple[str, ...]:
        """Ids of the places containing this one, nearest first."""
        chain = self._ancestors.get(place_id)
        if chain is None:
            chain = tuple(a.id for a in self._gazetteer.ancestors(place_id))
            self._ancestors[place_id] = chain
        return chain

    def disambiguate(self, candidates: list[tuple[str, ...]]) -> list[str]:
        """One place per name: inside a place named unambiguously, curated, most specific."""
        if all(len(ids) == 1 for ids in candidates):
            return [ids[0] for ids in candidates]  # nothing to rank: the context is not needed
        context: set[str] = set()
        for ids in candidates:
            if len(ids) == 1:
                context.add(ids[0])
                context.update(self.ancestors(ids[0]))

        def rank(place_id: str) -> tuple[bool, int, bool, bool, int, bool]:
            curated, depth, is_town = self._rank_facts(place_id)
            # A country the other places lie in counts as context too: "Somali" beside
            # Mogadishu is Somalia, not the Somali region of Ethiopia. Without context a name a
            # country shares with a division abroad is the country (a demonym: "Somali
            # soldiers"), unless the text places the division ("Ethiopia's Somali region").
            # The nearer the context, the better: "Chhattisgarh's Bijapur district" is the
            # district in that state, not the namesake town in another state of India.
            ancestors = self.ancestors(place_id)
            placed = place_id in context or any(a in context for a in ancestors)
            near = next((len(ancestors) - i for i, a in enumerate(ancestors) if a in context), 0)
            return (placed, near, curated, depth == 0, depth, is_town)

        chosen: dict[tuple[str, ...], str] = {}  # a town named thrice is ranked once
        for ids in candidates:
            if len(ids) > 1 and ids not in chosen:
                chosen[ids] = max(ids, key=rank)
        return [ids[0] if len(ids) == 1 else chosen[ids] for ids in candidates]

    def _rank_facts(self, place_id: str) -> tuple[bool, int, bool]:
        """Curated, depth in the hierarchy, and whether the place is a town, of one place."""
        facts = self._facts.get(place_id)
        if facts is None:
            gazetteer = self._gazetteer
            facts = (
                gazetteer.is_curated(place_id),
                len(self.ancestors(place_id)),
                gazetteer.get(place_id).kind in ("city", "area"),
            )
            self._facts[place_id] = facts
        return facts


def compile_watches(watches: Sequence[WatchConfig], gazetteer: Gazetteer) -> Matcher:
    """Compile every enabled watch's terms and the gazetteer's names into automata, once.

    Raises WatchConfigError when validate_watches finds problems.
    """
    problems = validate_watches(watches, gazetteer)
    if problems:
        raise WatchConfigError(problems)
    entries: dict[str, list[tuple[int, str, str]]] = {}
    compiled: list[CompiledWatch] = []
    for watch in (w for w in watches if w.enabled):
        index = len(compiled)
        rules = watch.keywords
        groups = [("any", rules.any), ("none", rules.none)]
        groups += [(f"all[{i}]", group) for i, group in enumerate(rules.all)]
        if watch.near is not None and watch.near.terms is not None:
            groups.append(("near", watch.near.terms))
        for group, group_terms in groups:
            for term in group_terms:
                for form in inflections(fold(term)) if rules.inflect else {fold(term)}:
                    entries.setdefault(key_form(form), []).append((index, group, term))
        region: set[str] = set()
        for _, ref, kind in watch.place_refs():
            region.update(p.id for p in resolve_place(gazetteer, ref, kind))
        compiled.append(
            build_watch(
                watch,
                index,
                frozenset(region),
                gazetteer,
                tuple(re.compile(p, re.IGNORECASE) for p in rules.regex),
            )
        )
    term_automaton = ahocorasick.Automaton()
    for key, found in entries.items():
        if key.strip():
            term_automaton.add_word(key, (len(key), tuple(found)))
    term_automaton.make_automaton()
    place_automaton = _place_automaton(gazetteer)
    return Matcher(term_automaton, place_automaton, compiled, gazetteer)


def _place_automaton(gazetteer: Gazetteer) -> ahocorasick.Automaton:
    """The gazetteer's matchable names, not-a-place masks, background markers and the recent
    phrases that cancel a marker, in one automaton (see _Key)."""
    places: dict[str, list[str]] = {}
    strict: set[str] = set()
    for name, place_id, is_strict in gazetteer.match_names():
        places.setdefault(key_form(name), []).append(place_id)
        if is_strict:
            strict.add(key_form(name))
    masks = {key_form(name) for name in gazetteer.not_places()}
    markers = {key_form(phrase) for phrase in BACKGROUND_MARKERS}
    recent = {key_form(phrase) for phrase in RECENT_PHRASES}
    automaton = ahocorasick.Automaton()
    for key in places.keys() | masks | markers | recent:
        if key.strip():
            place = (
                _Key(tuple(places.get(key, ())), key in strict, key in masks)
                if key in places or key in masks
                else None
            )
            role = _MARKER if key in markers else _RECENT if key in recent else _PLAIN
            automaton.add_word(key, (len(key), place, role))
    automaton.make_automaton()
    return automaton

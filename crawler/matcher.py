"""The matching engine: every watch term and gazetteer name in one Aho-Corasick automaton.

Coordinates: every offset in a Hit or PlaceHit is into `document_string(doc)`, that is
doc.title + "\\n\\n" + doc.text (the separator is there even when the title is empty), in Python
string indices of the original (unfolded) text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

from crawler.gazetteer import Gazetteer
from crawler.models import Document
from crawler.placescore import Layout, layout
from crawler.textnorm import fold, fold_text, inflections
from crawler.verdict import CompiledWatch, Hit, Match, PlaceHit, Scan, judge
from crawler.watches import WatchConfig, resolve_place, validate_watches


__all__ = ["Hit", "Match", "Matcher", "PlaceHit", "WatchConfigError", "compile_watches",
           "document_string"]


class WatchConfigError(ValueError):
    """Watches that cannot be compiled; `problems` lists each one with its config path."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid watches:\n" + "\n".join(problems))


@dataclass(frozen=True)
class _Key:
    """What one automaton key stands for: terms of watches, places, or a not-a-place mask."""

    length: int
    terms: tuple[tuple[int, str, str], ...]  # (watch index, group, configured term)
    place_ids: tuple[str, ...]
    strict: bool
    mask: bool


def document_string(doc: Document) -> str:
    """The string all match offsets refer to: title, a blank line, text."""
    return f"{doc.title}\n\n{doc.text}"


class Matcher:
    """Compiled watches; `classify` gives one Match per enabled watch for a document."""

    def __init__(self, automaton: ahocorasick.Automaton, watches: Sequence[CompiledWatch],
                 gazetteer: Gazetteer) -> None:
        self._automaton = automaton
        self._watches = tuple(watches)
        self._gazetteer = gazetteer

    @property
    def watch_names(self) -> tuple[str, ...]:
        """Names of the compiled watches, in config order."""
        return tuple(w.config.name for w in self._watches)

    def classify(self, doc: Document) -> list[Match]:
        """Run every watch over the document; matched or not, each watch gets its Match."""
        full = document_string(doc)
        scan = self._scan(full, len(doc.title))
        return [judge(watch, scan, doc, self._gazetteer) for watch in self._watches]

    def _scan(self, full: str, title_length: int) -> Scan:
        """Find term hits per watch and place hits (after masks, case and disambiguation)."""
        folded = fold_text(full)
        text = folded.text
        size = len(text)
        terms: dict[int, list[Hit]] = {}
        spans: list[tuple[int, int, _Key]] = []
        for end, key in self._automaton.iter(text):
            start = end - key.length + 1
            # Whole words only: the automaton finds "kill" inside "skill"; drop those here.
            if (start > 0 and text[start - 1].isalnum()) or (end + 1 < size and text[end + 1].isalnum()):
                continue
            o_start, o_end = folded.original(start), folded.original(end + 1)
            for watch_index, group, term in key.terms:
                terms.setdefault(watch_index, []).append(Hit(term, group, o_start, o_end))
            if key.place_ids or key.mask:
                spans.append((o_start, o_end, key))
        lazy_layout = _LazyLayout(full, title_length)
        places = self._places(full, spans, lazy_layout)
        return Scan(full=full, terms=terms, places=places, layout=lazy_layout.get)

    def _places(self, full: str, spans: list[tuple[int, int, _Key]], lazy: _LazyLayout
                ) -> list[PlaceHit]:
        """Longest non-overlapping place names, proper nouns only, each resolved to one place."""
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
        if not kept:
            return []
        chosen = _disambiguate(self._gazetteer, [ids for _, _, ids in kept])
        page = lazy.get()
        return [PlaceHit(place_id, full[start:end], start, end, page.weight(start), page.zone(start))
                for (start, end, _), place_id in zip(kept, chosen, strict=True)]


class _LazyLayout:
    """Compute a document's layout only when a watch or a place needs it."""

    def __init__(self, full: str, title_length: int) -> None:
        self._full, self._title_length = full, title_length
        self._layout: Layout | None = None

    def get(self) -> Layout:
        """The layout, computed on first use."""
        if self._layout is None:
            self._layout = layout(self._full, self._title_length)
        return self._layout


def _sentence_initial(full: str, start: int) -> bool:
    """True when only quotes/spaces stand between `start` and a sentence end or the text start."""
    before = full[max(0, start - 6):start].rstrip(" \"'‘“(")
    return not before or before[-1] in ".!?\n:"


def _disambiguate(gazetteer: Gazetteer, candidates: list[tuple[str, ...]]) -> list[str]:
    """Pick one place per name: one inside a place named unambiguously, curated, most specific."""
    context: set[str] = set()
    for ids in candidates:
        if len(ids) == 1:
            context.add(ids[0])
            context.update(a.id for a in gazetteer.ancestors(ids[0]))

    def rank(place_id: str) -> tuple[bool, bool, int, bool]:
        chain = gazetteer.ancestors(place_id)
        is_town = gazetteer.get(place_id).kind in ("city", "area")
        return (any(a.id in context for a in chain), gazetteer.is_curated(place_id), len(chain), is_town)

    return [ids[0] if len(ids) == 1 else max(ids, key=rank) for ids in candidates]


def compile_watches(watches: Sequence[WatchConfig], gazetteer: Gazetteer) -> Matcher:
    """Compile every enabled watch and the gazetteer's names into one automaton.

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
                    entries.setdefault(form, []).append((index, group, term))
        region: set[str] = set()
        for _, ref, kind in watch.place_refs():
            region.update(p.id for p in resolve_place(gazetteer, ref, kind))
        compiled.append(CompiledWatch.build(watch, index, frozenset(region), gazetteer,
                                            tuple(re.compile(p, re.IGNORECASE) for p in rules.regex)))
    places: dict[str, list[str]] = {}
    strict: set[str] = set()
    for name, place_id, is_strict in gazetteer.match_names():
        places.setdefault(name, []).append(place_id)
        if is_strict:
            strict.add(name)
    masks = set(gazetteer.not_places())
    automaton = ahocorasick.Automaton()
    for key in entries.keys() | places.keys() | masks:
        if not key:
            continue
        automaton.add_word(key, _Key(len(key), tuple(entries.get(key, ())),
                                     tuple(places.get(key, ())), key in strict, key in masks))
    automaton.make_automaton()
    return Matcher(automaton, compiled, gazetteer)

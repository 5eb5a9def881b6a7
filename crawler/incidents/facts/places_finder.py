"""The gazetteer's matchable names found in a sentence with one Aho-Corasick automaton."""

from __future__ import annotations

import functools
import re

import ahocorasick

from crawler.geo import Gazetteer
from crawler.parse.textnorm import fold_text


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
            # A name some place holds as a common word is read as that word at a sentence's
            # start whichever place it would be ("Bama residents ...": no Bama in Burkina Faso).
            at_start = not text[:o_start].strip(" \"“‘'(")
            ids = () if at_start and any(strict for _pid, strict in entries) else tuple(
                pid for pid, _strict in entries)
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

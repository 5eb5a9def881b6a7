"""Where a place stands in an article (title, dateline, lead, body, background) and what it weighs.

News puts where it happened first: the dateline ("Quetta, Nov 16"), the title and the lead
paragraph. Places there weigh most; body places weigh less the further down they stand (inverted
pyramid); a sentence that gives background ("violence has been frequent in Balochistan", "which
borders Pakistan's Balochistan", "in 2019") weighs little wherever it stands.
All offsets are into the document string title + "\\n\\n" + text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Literal

from crawler.parse.dateline import find_dateline

Zone = Literal["title", "dateline", "lead", "body", "background"]
STRONG_ZONES: frozenset[str] = frozenset({"title", "dateline", "lead"})
ZONE_WEIGHT: dict[str, float] = {
    "title": 3.0,
    # The dateline names where the report was filed, not where the event was: a Quetta-dated
    # report of an attack in Mastung (or in Dera Ismail Khan) is about Mastung.
    "dateline": 0.5,
    "lead": 2.0,
    "body": 1.0,
    "background": 0.25,
}
BODY_FLOOR = 0.4  # weight of a body place at the very end of the article

# Phrases that mark a sentence as background. They are keys of the matching automaton (found in
# the same pass as terms and places, no extra scan), plus "in/since <year>".
BACKGROUND_MARKERS: tuple[str, ...] = (
    "has been frequent",
    "have been frequent",
    "has been common",
    "has been rife",
    "has been plagued",
    "has long been",
    "have long been",
    "has been the scene",
    "historically",
    "for decades",
    "decades long",
    "decade long",
    "long running",
    "in recent years",
    "in recent months",
    "earlier this year",
    "earlier this month",
    "last year",
    "last month",
    "this year",
    "persistent",
    "underscores",
    "underscore",
    "has seen",
    "have seen",
    "has also seen",
    "has faced",
    "have faced",
    "has witnessed",
    "has suffered",
    "neighbouring",
    "neighboring",
    "which borders",
    "bordering",
    "borders",
    "previous",
    "previously",
    "in the past",
    "similar attack",
    "similar attacks",
    "similar incident",
    "similar incidents",
    "separately",
    "according to tallies",
    "according to statistics",
    "acled",
    "crss",
    "long opposed",
    "a history of",
) + tuple(f"{word} {year}" for word in ("in", "since") for year in range(1950, 2036))
_SENTENCE_ENDS = (". ", "? ", "! ", ".\n", "\n", ".\u201d ", '." ')
_SENTENCE_END = re.compile("|".join(re.escape(ending) for ending in _SENTENCE_ENDS))


@dataclass(frozen=True)
class Layout:
    """The zones of one document, computed once and shared by every watch."""

    full: str
    title_end: int
    text_start: int
    dateline: tuple[int, int] | None
    lead_end: int
    markers: tuple[int, ...]  # sorted offsets of background markers

    def sentence(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding `offset` (found with C-speed rfind/find)."""
        full = self.full
        floor = 0 if offset < self.title_end else self.text_start
        start = floor
        for ending in _SENTENCE_ENDS:
            # Only an ending past the start found so far can move it: searching from there keeps
            # each search inside the sentence (from `floor`, a missing "? " scanned the whole text
            # before the offset, for every place hit).
            before = full.rfind(ending, max(floor, start - len(ending) + 1), offset)
            if before >= 0:
                start = max(start, before + len(ending))
        return start, _sentence_end(full, offset)

    def zone(self, offset: int) -> Zone:
        """The zone an offset stands in; background beats lead and body, not title/dateline."""
        if offset < self.title_end:
            return "title"
        if self.dateline and self.dateline[0] <= offset < self.dateline[1]:
            return "dateline"
        if self.markers:
            start, end = self.sentence(offset)
            index = bisect.bisect_left(self.markers, start)
            if index < len(self.markers) and self.markers[index] < end:
                return "background"
        return "lead" if offset < self.lead_end else "body"

    def weight(self, offset: int, zone: Zone | None = None) -> float:
        """How much a place standing at `offset` says about where the event happened."""
        zone = zone or self.zone(offset)
        if zone != "body":
            return ZONE_WEIGHT[zone]
        span = max(1, len(self.full) - self.lead_end)
        return round(1.0 - (1.0 - BODY_FLOOR) * (offset - self.lead_end) / span, 3)


def layout(full: str, title_length: int, markers: tuple[int, ...] = ()) -> Layout:
    """Find the title, dateline and lead of `full`; `markers` flag background sentences."""
    text_start = title_length + 2 if title_length else 0
    while text_start < len(full) and full[text_start].isspace():
        text_start += 1
    paragraph_end = full.find("\n", text_start)
    paragraph_end = len(full) if paragraph_end < 0 else paragraph_end
    # The lead: the first paragraph of the text, at most its first two sentences.
    first_end = _sentence_end(full, text_start)
    lead_end = min(
        paragraph_end,
        _sentence_end(full, first_end + 1) if first_end < paragraph_end else paragraph_end,
    )
    return Layout(
        full,
        title_length,
        text_start,
        _find_dateline(full, text_start),
        lead_end,
        tuple(sorted(markers)),
    )


def _sentence_end(full: str, offset: int) -> int:
    """One past the first sentence-ending character at or after `offset`, or the text's end."""
    # One regex search instead of a find per ending: the leftmost ending decides either way.
    ending = _SENTENCE_END.search(full, offset)
    return len(full) if ending is None else ending.start() + 1


def _find_dateline(full: str, text_start: int) -> tuple[int, int] | None:
    """The dateline at the start of the text, if the opening looks like one (the shapes of
    crawler.parse.dateline: wire, newspaper, upper and mixed case)."""
    line = find_dateline(full[text_start:text_start + 200])
    if line is None:
        return None
    start = text_start + full[text_start:].index(line.place)
    return (start, text_start + len(line.text))

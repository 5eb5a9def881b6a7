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

Zone = Literal["title", "dateline", "lead", "body", "background"]
STRONG_ZONES: frozenset[str] = frozenset({"title", "dateline", "lead"})
ZONE_WEIGHT: dict[str, float] = {
    "title": 3.0, "dateline": 3.0, "lead": 2.0, "body": 1.0, "background": 0.25,
}
BODY_FLOOR = 0.4  # weight of a body place at the very end of the article

_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?")
_DAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_WIRE = r"\((?:AFP|Reuters|AP|APP|PTI|IANS|ANI|Xinhua|dpa|NNI|Dawn|BBC)\)"
# "Quetta [Pakistan], July 20 :", "QUETTA:", "Quetta, Nov 16", "Peshawar (Reuters) -", "TURBAT, March 3:"
_DATELINE = re.compile(
    rf"""\s*(?P<place>[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*){{0,3}})
    \s*(?P<bracket>\[[^\]\n]{{1,40}}\]|\((?!AFP|Reuters|AP\b|APP|PTI|IANS|ANI)[A-Za-z .]{{1,30}}\))?
    \s*(?:(?P<wire>{_WIRE})\s*)?
    (?P<sep>[,:—–-])?\s*
    (?P<date>(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}|{_DAY})(?:,?\s+\d{{4}})?)?
    \s*(?:{_WIRE})?\s*[:—–-]?""",
    re.VERBOSE,
)
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*\s+(?=[\"'‘“(\[]?[A-Z0-9])|\n+")
_BACKGROUND = re.compile(
    r"\b(?:ha(?:s|ve|d) (?:long )?been (?:frequent|common|rife|plagued|hit|wracked|racked|"
    r"troubled|volatile|restive|the scene|home)|historically|for decades|decades?[- ]long|"
    r"long[- ]running|in recent (?:years|months|weeks)|earlier this (?:year|month)|last (?:year|month)|"
    r"this year|persistent|underscores?|ha(?:s|ve) (?:also )?(?:seen|faced|witnessed|suffered)|"
    r"neighbou?ring|which borders|bordering|borders (?:with )?|previous(?:ly)?|in the past|"
    r"(?:in|since) (?:19|20)\d\d|similar (?:attacks?|incidents?|assaults?)|separately|"
    r"according to (?:tallies|statistics|data|figures)|ACLED|CRSS)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Layout:
    """The zones of one document, computed once and shared by every watch."""

    title_end: int
    text_start: int
    dateline: tuple[int, int] | None
    lead_end: int
    length: int
    sentence_starts: tuple[int, ...]
    background: tuple[bool, ...]

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the title is sentence 0)."""
        return max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)

    def zone(self, offset: int) -> Zone:
        """The zone an offset stands in; background beats lead and body, not title/dateline."""
        if offset < self.title_end:
            return "title"
        if self.dateline and self.dateline[0] <= offset < self.dateline[1]:
            return "dateline"
        if self.background[self.sentence_of(offset)]:
            return "background"
        return "lead" if offset < self.lead_end else "body"

    def weight(self, offset: int) -> float:
        """How much a place standing at `offset` says about where the event happened."""
        zone = self.zone(offset)
        if zone != "body":
            return ZONE_WEIGHT[zone]
        span = max(1, self.length - self.lead_end)
        return round(1.0 - (1.0 - BODY_FLOOR) * (offset - self.lead_end) / span, 3)


def layout(full: str, title_length: int) -> Layout:
    """Find the title, dateline, lead paragraph and background sentences of `full`."""
    text_start = title_length + 2 if title_length else 0
    while text_start < len(full) and full[text_start].isspace():
        text_start += 1
    dateline = _find_dateline(full, text_start)
    starts = [0, text_start] if title_length else [text_start]
    for boundary in _SENTENCE_END.finditer(full, text_start):
        if boundary.end() < len(full):
            starts.append(boundary.end())
    starts = sorted(set(starts))
    flags = [False] * len(starts)
    for marker in _BACKGROUND.finditer(full, text_start):
        index = bisect.bisect_right(starts, marker.start()) - 1
        if index >= 0 and (title_length == 0 or starts[index] >= text_start):
            flags[index] = True
    return Layout(
        title_end=title_length, text_start=text_start, dateline=dateline,
        lead_end=_lead_end(full, text_start, starts), length=len(full),
        sentence_starts=tuple(starts), background=tuple(flags),
    )


def _find_dateline(full: str, text_start: int) -> tuple[int, int] | None:
    """The dateline at the start of the text, if the opening looks like one."""
    match = _DATELINE.match(full, text_start, min(len(full), text_start + 120))
    if not match:
        return None
    place = match.group("place")
    is_caps = place.isupper() and len(place) > 2 and match.group("sep") in (":", "—", "–", "-")
    if match.group("date") or match.group("wire") or match.group("bracket") or is_caps:
        return (match.start("place"), match.end())
    return None


def _lead_end(full: str, text_start: int, starts: list[int]) -> int:
    """End of the lead: the first paragraph of the text, at most its first two sentences."""
    newline = full.find("\n", text_start)
    paragraph_end = len(full) if newline < 0 else newline
    later = [s for s in starts if text_start < s < paragraph_end]
    return later[1] if len(later) >= 2 else paragraph_end

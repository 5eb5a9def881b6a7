"""Casualty figures of one sentence: who was killed, wounded or abducted, and how many.

The sentence is read clause by clause (see `clauses`): each casualty verb with the people it
is about, so ages, distances, vehicles, unit numbers and dates in a sentence are never counted,
and two figures in one sentence go to the verbs they belong to. Stated zeros ("no one was hurt",
"no casualties", "no loss of life") are figures too: 0, not nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from crawler.incidents.facts.attribution import (
    DISPUTED,
    claimant_pattern,
    is_mention,
    is_superseded,
    sides,
)
from crawler.incidents.facts.clauses import Reading, clause_start, readings
from crawler.incidents.facts.lexicon import parse_number
from crawler.incidents.facts.probe import Gated, lowered

__all__ = ["Figure", "figures_in", "parse_number"]

# Stated zeros, with the kinds each one zeroes ("hurt" and "casualties" cover both).
_ZERO = Gated(
    re.compile(
        r"\b(?:no(?: ?-?one|body)|none)(?:\s+(?:else|other|of (?:the|them|those)(?:\s+[\w-]+){0,3}))?"
        r"\s+(?:was|were|has been|have been|had been|got|is|are)\s+(?:reported\s+)?"
        r"(?:immediately\s+)?(?P<verb>killed|died|dead|hurt|injured|wounded|harmed)"
        r"(?:\s+or\s+(?P<verb3>killed|hurt|injured|wounded|harmed))?"
        r"|\bno(?:body|\s?-?one) (?P<verb2>died|was hurt)"
        r"|\b(?:no|without(?: causing)?(?: any)?|caused no)\s+(?:immediate\s+)?"
        r"(?:reports?\s+of\s+(?:any\s+)?)?(?P<what>casualties|deaths?|fatalities|injuries|"
        r"loss of (?:life|lives)|lives? (?:was|were) lost)"
        r"|\bno lives (?:were|had been|have been) lost",
        re.IGNORECASE,
    ),
    # A literal of each branch above: who (no one, nobody, none) or what (casualties, ...).
    ["noone", "no one", "no-one", "no -one", "nobody", "none", "casualties", "death", "fatalities",
     "injuries", "loss of li", "lost"],
)
_ZERO_KINDS = {
    "killed": ("killed",), "died": ("killed",), "dead": ("killed",),
    "hurt": ("killed", "injured"), "harmed": ("killed", "injured"),
    "injured": ("injured",), "wounded": ("injured",), "was hurt": ("killed", "injured"),
    "casualties": ("killed", "injured"), "death": ("killed",), "deaths": ("killed",),
    "fatalities": ("killed",), "injuries": ("injured",),
}


@dataclass(frozen=True)
class Figure:
    """One casualty figure: whom it counts (killed / injured / militants / abducted) and how it
    adds up with the report's other figures (see tolls.aggregate)."""

    kind: str
    n: int
    more: bool = False  # beyond those counted so far ("two more", "also killed", "died later")
    total: bool = False  # the whole toll ("the death toll rose to 11")
    rising: bool = False  # the toll went up: a revision
    disputed: bool = False  # a claim or a doubted figure
    segment: int = 0
    lead: bool = False
    sentence: str = ""
    superseded: bool = False  # "earlier reports had put the toll at four"
    mention: bool = False  # given in passing ("the blast, which killed six")
    unofficial: bool = False  # only residents or witnesses say it: used if no official figure


def figures_in(
    sentence: str,
    segment: int = 0,
    lead: bool = False,
    claimants: re.Pattern[str] | None = None,
) -> list[Figure]:
    """Every casualty figure stated in one sentence (or clause), stated zeros included."""
    low = lowered(sentence)
    doubted = bool(DISPUTED.search(sentence, low))
    claims = claimants or claimant_pattern(None)
    out: list[Figure] = []
    for r in readings(sentence, low):
        claim, unofficial = sides(sentence, r.start, claims)
        how = Figure(
            "", 0, disputed=doubted or claim, segment=segment, lead=lead, sentence=sentence,
            mention=is_mention(sentence, r.start), unofficial=unofficial,
            superseded=is_superseded(sentence, clause_start(sentence, r.start, 0), r.start),
        )
        out.extend(_figures_of(r, how))
    out.extend(_zeros(sentence, low, segment, lead))
    return out


def _figures_of(r: Reading, how: Figure) -> list[Figure]:
    """The figures one reading gives: the victims of its kind, and the militants among them.

    `how` carries what the sentence says of every figure in it (claim, mention, ...).
    """
    more = r.counted.more or r.also or r.later
    if r.kind == "militants":
        n = r.counted.victims + r.counted.militants
        return [replace(how, kind="militants", n=n, more=more, total=r.total)]
    out: list[Figure] = []
    if r.counted.victims or not r.counted.militants:
        rising = r.rising or r.later
        out.append(replace(how, kind=r.kind, n=r.counted.victims, more=more, total=r.total,
                           rising=rising))
    if r.counted.militants and r.kind == "killed":
        out.append(replace(how, kind="militants", n=r.counted.militants, more=more))
    return out


def _zero_kinds(word: str) -> tuple[str, ...]:
    """The kinds a zero word covers ('casualties': killed and injured)."""
    return ("killed",) if "los" in word else _ZERO_KINDS.get(word, ())


def _zeros(sentence: str, low: str | None, segment: int, lead: bool) -> list[Figure]:
    """Stated zeros: 'no one was hurt' (killed and injured 0), 'no loss of life' (killed 0)."""
    out: list[Figure] = []
    for m in _ZERO.finditer(sentence, low):
        words = [m.group(g) for g in ("verb", "verb2", "verb3", "what") if m.group(g)]
        kinds = {k for w in words or ["loss of life"] for k in _zero_kinds(w.lower())}
        out.extend(Figure(k, 0, segment=segment, lead=lead, sentence=sentence) for k in kinds)
    return out

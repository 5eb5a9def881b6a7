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
from crawler.incidents.facts.lexicon import NOT_PEOPLE, parse_number
from crawler.incidents.facts.phrases import plural
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
        r"|\bno lives (?:were|had been|have been) lost"
        r"|\b(?:escaped|were|was|remained|are|is)\s+(?:\w+\s+)?(?P<unhurt>unhurt|unharmed|"
        r"unscathed)\b",
        re.IGNORECASE,
    ),
    # A literal of each branch above: who (no one, nobody, none) or what (casualties, ...).
    ["noone", "no one", "no-one", "no -one", "nobody", "none", "casualties", "death", "fatalities",
     "injuries", "loss of li", "lost", "unhurt", "unharmed", "unscathed"],
)
# A zero statement about a group: "none of the soldiers", "... casualties among the staff".
_NONE_OF_GROUP = re.compile(r"none\s+of\s+(?!them\b|those\b)", re.IGNORECASE)
_AMONG = re.compile(r"\s+(?:among|amongst|in\s+the\s+ranks\s+of|on\s+the\s+side\s+of)\b",
                    re.IGNORECASE)
# A zero that covers deaths and wounds alike: "were hurt", "killed or injured".
_HURT_ALL = re.compile(r"\b(?:hurt|harmed|killed\s+or\s+(?:injured|wounded|hurt)|"
                       r"(?:injured|wounded)\s+or\s+killed)\b", re.IGNORECASE)
_VAGUE = Gated(
    re.compile(
        r"\b(?P<act>killing|wounding|injuring)\s+(?:several\s+|many\s+|some\s+|dozens\s+of\s+|"
        r"scores\s+of\s+|hundreds\s+of\s+)?(?:[a-z-]+\s+){0,2}?(?P<obj>[a-z]+)"
        r"(?=\s*(?:[,.;:)]|$|(?:and|in|at|on|near|who|inside|outside|during|when)\b))"
        r"|\b(?P<subj>[a-z]+)\s+(?:were|have\s+been|had\s+been)\s+(?:\w+ly\s+)?"
        r"(?P<pas>killed|wounded|injured|hurt)\b",
        re.IGNORECASE,
    ),
    ["killing", "wounding", "injuring", "killed", "wounded", "injured", "hurt"],
)
_SOME = frozenset(("several", "many", "dozens", "scores", "hundreds", "others", "some"))
_ZERO_KINDS = {
    "killed": ("killed",), "died": ("killed",), "dead": ("killed",),
    "hurt": ("killed", "injured"), "harmed": ("killed", "injured"),
    "injured": ("injured",), "wounded": ("injured",), "was hurt": ("killed", "injured"),
    "casualties": ("killed", "injured"), "death": ("killed",), "deaths": ("killed",),
    "fatalities": ("killed",), "injuries": ("injured",), "unhurt": ("killed", "injured"),
    "unharmed": ("killed", "injured"), "unscathed": ("killed", "injured"),
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
    # A zero about a named group ("no coalition troops were hurt") and the kinds it covers:
    # the incident's zero only while nobody else is said to be hurt (see tolls.aggregate).
    group_zero: bool = False
    covers: tuple[str, ...] = ()
    vague: bool = False  # people hurt without a number ("wounding Afghan soldiers"): no figure


def figures_in(
    sentence: str,
    segment: int = 0,
    lead: bool = False,
    claimants: re.Pattern[str] | None = None,
    headline: bool = False,
) -> list[Figure]:
    """Every casualty figure stated in one sentence (or clause), stated zeros included; a
    `headline` counts bare nouns ("soldier martyred")."""
    low = lowered(sentence)
    doubted = bool(DISPUTED.search(sentence, low))
    claims = claimants or claimant_pattern(None)
    out: list[Figure] = []
    found = readings(sentence, low, headline)
    for r in found:
        claim, unofficial = sides(sentence, r.start, claims)
        how = Figure(
            "", 0, disputed=doubted or claim, segment=segment, lead=lead, sentence=sentence,
            mention=is_mention(sentence, r.start), unofficial=unofficial,
            superseded=is_superseded(sentence, clause_start(sentence, r.start, 0), r.start),
        )
        out.extend(_figures_of(r, how, sentence))
    out.extend(_zeros(sentence, low, segment, lead))
    out.extend(Figure(kind, 0, vague=True, segment=segment, sentence=sentence)
               for kind in vague_kinds(sentence, low, found))
    return out


def _figures_of(r: Reading, how: Figure, sentence: str) -> list[Figure]:
    """The figures one reading gives: the victims of its kind, and the militants among them.

    `how` carries what the sentence says of every figure in it (claim, mention, ...).
    """
    if r.counted.group:
        covers = ("killed", "injured") if _HURT_ALL.search(sentence, r.start, r.end + 20) \
            else (r.kind,)
        how = replace(how, group_zero=True, covers=covers)
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
    """Stated zeros: 'no one was hurt' (killed and injured 0), 'no loss of life' (killed 0);
    'none of the soldiers', 'no casualties among the peacekeepers' name a group."""
    out: list[Figure] = []
    for m in _ZERO.finditer(sentence, low):
        words = [m.group(g) for g in ("verb", "verb2", "verb3", "what", "unhurt") if m.group(g)]
        found = {k for w in words or ["loss of life"] for k in _zero_kinds(w.lower())}
        # "The soldiers escaped unhurt" is about them; "none of the soldiers" too.
        group = bool(m.group("unhurt") or _NONE_OF_GROUP.match(m.group(0))
                     or _AMONG.match(sentence, m.end()))
        if found == {"injured"} and not group:
            found.add("killed")  # nobody was even injured: nobody was killed
        kinds = tuple(sorted(found))
        out.extend(Figure(k, 0, segment=segment, lead=lead, sentence=sentence,
                          group_zero=group, covers=kinds) for k in kinds)
    return out


def vague_kinds(sentence: str, low: str | None, found: list[Reading]) -> set[str]:
    """Kinds of people the sentence says were hurt without a number ('wounding Afghan
    soldiers', 'several policemen were injured'), outside its counted statements."""
    if not _VAGUE.passes(sentence, low):
        return set()
    kinds: set[str] = set()
    for m in _VAGUE.finditer(sentence, low):
        if any(r.start <= m.start() < max(r.end, r.start + 1) for r in found):
            continue
        word = (m.group("obj") or m.group("subj")).lower()
        if word in _SOME or (plural(word) and word not in NOT_PEOPLE
                             and parse_number(word) is None):
            verb = (m.group("act") or m.group("pas")).lower()
            kinds.add("killed" if verb.startswith("kill") else "injured")
    return kinds

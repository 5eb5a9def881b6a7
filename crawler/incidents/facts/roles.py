"""Where the counted people stand in their clause: the subject a passive or intransitive verb
ends ("five others, including a policeman, were seriously injured"), the object an active verb
takes ("killing two policemen and a civilian"), one person named before "was killed", the
subject opening the clause of "died", and whom "them" stands for ("shot them dead").
"""

from __future__ import annotations

import re

from crawler.incidents.facts.lexicon import BODIES, NOT_PEOPLE, bare, is_militant, parse_number
from crawler.incidents.facts.phrases import (
    NO_ONE_IN_PARTICULAR,
    OPEN,
    Counted,
    Item,
    breakdown_after,
    counted_item,
    counted_list,
    people,
    plural,
)

_REFLEXIVE = re.compile(r"(?:him|her|them)sel(?:f|ves)\s+(?:and|along with|as well as)\s+", re.I)

# What may stand between a counted phrase and its verb: a relative clause ("five assailants who
# stormed a hotel were killed") or an apposition naming them ("two brothers, Musa Ibrahim, 34,
# and Adamu Ibrahim, 29, were killed"), with no verb of its own.
_RELATIVE_REST = re.compile(r"^\s*(?:who|that)\s+[\w'’-]+\b[^,;]*$", re.IGNORECASE)
_APPOSITION_REST = re.compile(r"^\s*,[^;]*?,?\s*$")
_FINITE = re.compile(
    r"\b(?:said|says|told|were|was|is|are|had|has|have|when|while|after|before|who|which|that|"
    r"but)\b",
    re.IGNORECASE,
)
# The words between a phrase and its verb: auxiliaries, adverbs, hedges.
_GAP = re.compile(
    r"(?:\s*\b(?:were|was|are|is|have|has|had|been|being|be|may|might|must|also|all|both|each|"
    r"reportedly|"
    r"allegedly|later|subsequently|then|instantly|immediately|confirmed|feared|believed to have|"
    r"said to have|reported|on the spot|at the scene|\w+ly|not|never)\b)*\s*$",
    re.IGNORECASE,
)
_SINGULAR_AUX = re.compile(r"\b(?:was|has been|had been|is)\b", re.IGNORECASE)

def object_after(text: str, pos: int, heads: frozenset[str] | None = None) -> Counted | None:
    """The counted phrase an active verb ending at `pos` takes ('killing at least 12 people');
    with `heads`, only a phrase whose head is one of them ('three more bodies')."""
    start = pos + len(text[pos:]) - len(text[pos:].lstrip())
    reflexive = _REFLEXIVE.match(text, start)  # "a suicide bomber killed himself and three ..."
    start = reflexive.end() if reflexive else start
    items, end = counted_list(text, start, allow_bare=heads is None, definite=True)
    if not items or (heads is not None and items[0].head not in heads):
        return None
    whole, _after = breakdown_after(text, end, people(items, start, end, text[:pos]))
    return whole


def antecedent(text: str, end: int) -> Counted | None:
    """The last counted people before `end`: whom 'them' stands for ('offloaded nine
    passengers from a bus and shot them dead')."""
    for m in reversed(list(OPEN.finditer(text, 0, end))):
        items, stop = counted_list(text, m.start(), allow_bare=False)
        if items and stop <= end:
            return people(items, m.start(), stop, text[: m.start()])
    return None


# How far before its verb a subject may start: the longest lists and breakdowns of the
# fixtures take under 120 characters.
_SUBJECT_REACH = 200


def subject_before(text: str, start: int, verb_at: int) -> Counted | None:
    """The counted phrase (list, breakdown) that ends, but for auxiliaries, right before a verb.

    The leftmost figure whose phrase reaches the verb wins, so a list is read whole; a phrase
    whose head is a thing ("12 vehicles") or an age set off by commas ("Khan, 56,") is no subject.
    A relative clause may stand between ("a vigilante who was shot in the chest succumbed").
    """
    start = max(start, verb_at - _SUBJECT_REACH)
    region = text[start:verb_at]
    gap = _GAP.search(region)
    stop = gap.start() if gap else len(region)
    for m in OPEN.finditer(region):
        if m.start() > stop:
            break
        items, end = counted_list(region, m.start())
        if not items:
            continue
        whole = people(items, start + m.start(), start + end, text[: start + m.start()])
        whole, after = breakdown_after(region, end, whole)
        if after > end:
            after = _subset_end(region, end, after, whole)
            whole, after = _list_goes_on(region, after, whole, text[:start])
        rest = region[after:stop]
        if not rest.strip(" ,") or _RELATIVE_REST.match(rest) or (
            not whole.bare and _apposition(rest)
        ):
            if (whole.bare and _is_age(region, m.start(), end)) or _one_for_many(
                items, region[stop:]
            ):
                continue
            return whole
    return None


_AND_MORE = re.compile(r"\s*,?\s*(?:and|as well as|plus)\s+", re.IGNORECASE)


_COMMA_AND = re.compile(r",\s*and\s+", re.IGNORECASE)


def _subset_end(region: str, end: int, after: int, whole: Counted) -> int:
    """Where the breakdown of a list's first item ends: 'six Naxals, including two women
    cadres, and a jawan' -- a jawan is no Naxal, so he is no part of the breakdown."""
    if whole.victims or not whole.militants:
        return after
    joins = list(_COMMA_AND.finditer(region, end, after))
    if not joins:
        return after
    item = counted_item(region, joins[-1].end(), True, True)
    return joins[-1].start() if item is not None and not item.militant else after


def _list_goes_on(region: str, at: int, whole: Counted, before: str) -> tuple[Counted, int]:
    """'six Naxals, including two women cadres, and a jawan': the list goes on after the
    breakdown of its first item; the rest is added."""
    joined = _AND_MORE.match(region, at)
    if joined is None:
        return whole, at
    items, end = counted_list(region, joined.end())
    if not items:
        return whole, at
    more = people(items, 0, end, before + region[: joined.end()])
    return Counted(whole.victims + more.victims, whole.militants + more.militants, whole.more,
                   whole.start, len(before) + end, whole.bare and more.bare), end


def _apposition(rest: str) -> bool:
    """', Musa Ibrahim, 34, and Adamu Ibrahim, 29,': names (and ages) of those counted, with
    no verb and no other people counted in it."""
    if not _APPOSITION_REST.match(rest) or _FINITE.search(rest):
        return False
    return not any(
        item.head for m in OPEN.finditer(rest) for item in [counted_item(rest, m.start(), False)] if item
    )


def _one_for_many(items: list[Item], gap: str) -> bool:
    """'a hotel ... were killed': one thing named before a plural verb is not its subject."""
    return len(items) == 1 and items[0].n == 1 and bool(re.search(r"\bwere\b", gap, re.I))


def _is_age(region: str, start: int, end: int) -> bool:
    """'Khan, 56, was killed': a bare figure between commas after a name is an age."""
    return region[:start].rstrip().endswith(",") and region[end:].lstrip().startswith(",")



_SINGLE_START = re.compile(
    r"^\W*(?:the|his|her|a|an)\s+(?:[\w'’-]+\s+){0,2}?(?P<head>[\w'’-]+)\b(?=\s*(?:,|was|who|"
    r"had|died|succumbed|perished|lost|later|also|\s))",
    re.IGNORECASE,
)


def clause_subject(text: str, start: int, verb_at: int) -> Counted | None:
    """One person opening the clause of an intransitive verb ('The victim, 23, was shot in the
    head and died on the spot'; 'His brother later succumbed')."""
    m = _SINGLE_START.match(text, start, verb_at)
    if not m:
        return None
    head = bare(m.group("head"))
    if head in NOT_PEOPLE or head in BODIES or plural(head) or head in NO_ONE_IN_PARTICULAR:
        return None
    if is_militant(head):
        return Counted(0, 1, start=start, end=m.end())
    return Counted(1, 0, start=start, end=m.end())



def singular_subject(text: str, start: int, verb_at: int) -> Counted | None:
    """One person named without a figure before 'was killed' ('Constable Ali was martyred')."""
    region = text[start:verb_at]
    gap = _GAP.search(region)
    if not gap or not _SINGULAR_AUX.search(gap.group(0)):
        return None
    words = region[: gap.start()].rstrip(" ,").split()
    if not words or bare(words[-1]) in NO_ONE_IN_PARTICULAR:
        return None
    if any(bare(w) in ("no", "nobody", "none") for w in words[:2]):
        return None
    head = bare(words[-1])
    if head in NOT_PEOPLE or head in BODIES or plural(head):
        return None  # a thing, or people of a number not said ("scores of people had been")
    if is_militant(head):
        return Counted(0, 1, start=start, end=verb_at)
    return Counted(1, 0, start=start, end=verb_at)


_HEADLINE_PARTS = re.compile(r"\s*(?:[,;&]|\band\b)\s*", re.IGNORECASE)


def headline_subject(text: str, start: int, verb_at: int) -> Counted | None:
    """People a headline names before its verb, bare nouns counting one each: "DRG jawan
    martyred", "Six insurgents, soldier killed". None when no bare noun stands there (a
    figure-led subject is read as in running text)."""
    parts = [p for p in _HEADLINE_PARTS.split(text[start:verb_at].strip()) if p]
    if not parts or len(parts) > 4:
        return None
    victims = militants = 0
    bare_one = False
    for part in parts:
        items, end = counted_list(part, 0) if OPEN.match(part) else ([], 0)
        if items and end == len(part.rstrip()):
            counted = people(items, 0, end)
            victims, militants = victims + counted.victims, militants + counted.militants
            continue
        words = part.split()
        head = bare(words[-1]) if words else ""
        if not (1 <= len(words) <= 3 and head.isalpha()) or plural(head) or head in NOT_PEOPLE \
                or head in BODIES or head in NO_ONE_IN_PARTICULAR or parse_number(head) is not None:
            return None
        bare_one = True
        militants, victims = (militants + 1, victims) if is_militant(head) else \
            (militants, victims + 1)
    return Counted(victims, militants, start=start, end=verb_at) if bare_one else None

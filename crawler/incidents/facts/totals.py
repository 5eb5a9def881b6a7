"""Tolls stated as totals: "the death toll rose to 11", "bringing the toll to nine", "put the toll
at four", "taking the number of security personnel killed in the attack to four", "bringing to
seven the number of people killed", "the number of worshippers killed has risen to 47", and
running counts by ordinal ("the second police officer to die ..., in which two soldiers and a
girl were also killed" = 5; "a fourth policeman has died of his wounds" = 4).
"""

from __future__ import annotations

import re

from crawler.incidents.facts.lexicon import FIGURE, QUALIFIER
from crawler.incidents.facts.phrases import Counted, Reading, counted_list
from crawler.incidents.facts.probe import Gated

# "the number of (the) dead", "the number of security personnel killed in the attack".
_NUMBER_OF = (
    r"number\s+of\s+(?:the\s+|those\s+)?(?:[\w-]+\s+){0,3}?(?:dead|deaths|killed|fatalities|"
    r"victims|injured|wounded|casualties)(?:\s+(?:in|from|during|by|of)(?:\s+[\w'’-]+){1,6}?"
    r"(?=\s+(?:to|at|has|have|had|rose|risen|is|was|stood|stands|now)\b))?"
)
_TOLL_RISE = Gated(
    re.compile(
        r"\b(?:bringing|raising|taking|pushing|brought|raised|took|pushed|revised|revising|"
        r"put|puts|putting|placed|placing|lowered)\s+(?:the\s+)?(?:overall\s+|total\s+|"
        r"official\s+)?(?P<what>(?:death\s+|casualty\s+|injury\s+)?(?:toll|tally|figures?|total|"
        r"fatalities|deaths|dead|casualties|" + _NUMBER_OF + r"|number))"
        r"(?:\s+(?:of|from|in)(?:\s+[\w'’-]+){1,6}?)??"
        r"(?P<dir>\s+(?:up|upwards?|down|downwards?))?\s+(?:to|at)\s+",
        re.IGNORECASE,
    ),
    ["bringing", "raising", "taking", "pushing", "brought", "raised", "took", "pushed",
     "revised", "revising", "put", "placed", "placing", "lowered"],
)
_TOLL_STATE = Gated(
    re.compile(
        r"\b(?P<what>(?:death|casualty|injury)\s+toll|toll|tally|" + _NUMBER_OF + r")"
        r"[^.;]{0,100}?\b(?P<verb>rose|risen|rises|climbed|climbs|jumped|increased|reached|"
        r"reaches|mounted|went\s+up|gone\s+up|stood|stands|now\s+stands|is\s+now|was\s+now)"
        r"\s+(?:to\s+|at\s+)?",
        re.IGNORECASE,
    ),
    ["toll", "tally", "number of"],
)
# Verbs by which a toll went up. "Bringing the toll to 14" only sums what the sentence counts
# ("two more were killed in the second attack, bringing the total to 14"); it is a rise when a
# later death goes with it ("three more died overnight, bringing the toll to nine").
# The figure first: "bringing to seven the number of people killed in the blast".
_TOLL_INVERTED = Gated(
    re.compile(
        r"\b(?P<verb>bringing|brought|taking|took|raising|raised|pushing|pushed)\s+to\s+"
        r"(?P<fig>(?:(?:" + QUALIFIER + r")\s+)*(?:" + FIGURE + r"))\s+the\s+(?:overall\s+|total\s+)?"
        r"(?P<what>(?:death\s+|casualty\s+|injury\s+)?(?:toll|tally|" + _NUMBER_OF + r"))",
        re.IGNORECASE,
    ),
    ["bringing to", "brought to", "taking to", "took to", "raising to", "raised to",
     "pushing to", "pushed to"],
)
# A running count by ordinal: "the second police officer to die", "the fifth jawan to lose his
# life in the attack", with those "also killed" beside it ("in which two soldiers and a girl
# were also killed").
_ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 1)}
_ORDINAL_TOLL = Gated(
    re.compile(
        r"\b(?:the|a)\s+(?P<ord>" + "|".join(_ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))\s+"
        r"(?:[\w-]+\s+){0,3}?(?:to\s+(?:die|succumb|be\s+killed|lose\s+(?:his|her|their)\s+"
        r"li(?:fe|ves))|(?:(?:who\s+(?:was|had\s+been)\s+)?(?:wounded|injured|hurt)\b[^.;]{0,80}?"
        r"\s+)?(?:has\s+|had\s+|later\s+)?(?:died|succumbed))\b",
        re.IGNORECASE,
    ),
    ["to die", "to succumb", "to be killed", "to lose", "died", "succumbed"],
)
_RISE_WORD = re.compile(
    r"\b(?:rose|risen|rises|climbed|climbs|jumped|increased|reached|reaches|mounted|went|gone|"
    r"raising|raised|up|upwards?)\b",
    re.IGNORECASE,
)
_HURT_WHAT = re.compile(r"injur|wound", re.IGNORECASE)
_LEADING_FIGURE = re.compile(r"(?:(?:" + QUALIFIER + r")\s+)*(?:" + FIGURE + r")\b", re.I)


def toll_statements(sentence: str, low: str | None, earlier: list[Reading]) -> list[Reading]:
    """Tolls stated as totals: 'bringing the death toll to nine', 'the toll rose to 11',
    'bringing to seven the number of people killed', 'the second officer to die'."""
    out = _stated_tolls(sentence, low, earlier)
    for m in _TOLL_INVERTED.finditer(sentence, low):
        items, _end = counted_list(sentence, m.start("fig"))
        if items:
            kind = "injured" if _HURT_WHAT.search(m.group("what")) else "killed"
            out.append(Reading(kind, Counted(items[0].n, 0, start=m.start(), end=m.end()),
                               m.start(), m.end(), total=True, rising=True))
    for m in _ORDINAL_TOLL.finditer(sentence, low):
        raw = m.group("ord").lower()
        n = _ORDINALS.get(raw) or int(raw[:-2])
        also = sum(r.counted.victims for r in earlier if r.also and r.kind == "killed"
                   and r.start > m.end())
        out.append(Reading("killed", Counted(n + also, 0, start=m.start(), end=m.end()),
                           m.start(), m.end(), total=True, rising=True))
    return out


def _stated_tolls(sentence: str, low: str | None, earlier: list[Reading]) -> list[Reading]:
    """'bringing the death toll to nine', 'the toll rose to 11', 'put the toll at four'."""
    out: list[Reading] = []
    for gate, verb_first in ((_TOLL_RISE, True), (_TOLL_STATE, False)):
        for m in gate.finditer(sentence, low):
            items, end = counted_list(sentence, m.end())
            if not items or not _LEADING_FIGURE.match(sentence, m.end()):
                continue
            what = m.group("what")
            kind = "injured" if _HURT_WHAT.search(what) else "killed"
            verb = m.group(0)[: m.start("what") - m.start()] if verb_first else m.group("verb")
            rising = bool(_RISE_WORD.search(verb) or _RISE_WORD.search(m.groupdict().get("dir") or ""))
            if verb_first and not rising and not verb.lower().startswith(("put", "placed")):
                rising = any(r.later for r in earlier)
            n = items[0].n
            out.append(Reading(kind, Counted(n, 0, start=m.start(), end=end), m.start(), end,
                               total=True, rising=rising))
    return out

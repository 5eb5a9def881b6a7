"""Places the gazetteer lacks, named in a report: made (Gazetteer.synthesise) where it puts them.

Two passes, after the known names are read (crawler.incidents.facts.place_resolve):
  1. localities named against a known place: "Kardgap area of Mastung", "KIRCHINGA VILLAGE OF
     MADAGALI", "Katarko village, Gujba", "Guriel, Galguduud region", "Lafoole village, about
     20 km from Afgooye" (`localities`);
  2. names the words call a district, town or area ("Ancuabe district", "the village of
     Mucojo", "Komanda, Irumu territory"), placed by crawler.geo.unlisted: in the place the
     sentence names, else by the rest of the report and the watches (`unlisted`).
The same name in the same parent is the same place in every report, so reports of one event
in a district the gazetteer lacks merge.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from crawler.geo import Gazetteer, Place
from crawler.geo.cues import word_kind
from crawler.geo.places import Kind
from crawler.geo.unlisted import (
    Evidence,
    not_a_place,
    parent_for,
    place_for,
    unlisted_holders,
    unlisted_names,
)
from crawler.incidents.facts.context import Span
from crawler.incidents.facts.place_mentions import (
    LOCATIVE_BOOST,
    STOP_WORDS,
    Mention,
    _run,
    name_runs,
    span_weight,
)
from crawler.parse.textnorm import fold

Resolved = list[tuple[Mention, Place]]
_NAME = r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}"
_WORDS = r"area|region|locality|village|tehsil|sub-?division|neighbou?rhood|district|quarter|junction"
_LOCALITY = re.compile(
    rf"\b(?P<x>{_NAME})\s+(?P<w>(?i:{_WORDS}))\s*(?i:of|in|,)\s+(?:(?i:the)\s+)?(?P<y>{_NAME})")
# After an unknown name the text gives its region: "Guriel, Galguduud region", "Geidam town in
# Yobe State", "Ajilari, a settlement on the outskirts of Maiduguri", "Lafoole village, about
# 20 km from Afgooye", "Elasha Biyaha, on the outskirts of Mogadishu".
_PLACED_TAIL = re.compile(
    r"(?:\s+(?i:town|village|settlement|community))?(?:\s*,\s*|\s+(?i:in)\s+)"
    r"(?i:(?:a|the)\s+(?:\w+\s+)?(?:town|village|settlement|community|suburb|district|"
    r"neighbou?rhood|area)\s+)?"
    r"(?i:(?:on the outskirts of|outskirts of|just outside|outside|near|"
    r"(?:about|some|nearly|around)?\s*\d+\s*(?:km|kilomet(?:re|er)s|miles)\s+(?:\w+\s+)?"
    r"(?:from|of)|(?:north|south|east|west)\w* of|in|of)\s+)?(?i:the\s+)?")
_POSSESSIVE = re.compile(
    rf"\b(?P<y>{_NAME})['’]s\s+(?P<x>{_NAME})\s+(?P<w>(?i:area|region|locality|village|tehsil))")
_NOT_NAMES = frozenset({"the", "a", "an", "in", "of", "on", "at", "and", "this", "that"})
_LOCALITY_PARENTS = ("district", "city", "province")


def localities(gaz: Gazetteer, spans: Sequence[Span], chosen: Resolved) -> Resolved:
    """Localities the gazetteer lacks, placed under the district or town named beside them."""
    known = {fold(n): (m, p) for m, p in chosen for n in (m.name, p.name, *p.aliases)}
    taken = {(id(m.span), m.start) for m, _p in chosen if m.weight > 0}
    out: Resolved = []
    for span in spans:
        for rx in (_LOCALITY, _POSSESSIVE):
            for match in rx.finditer(span.text):
                found = _locality(gaz, span, (match.group("x"), match.start("x")),
                                  match.group("y"), _kind(match.group("w")), known, taken)
                if found is not None:
                    out.append(found)
        out.extend(_placed(gaz, span, known, taken))
    return out


def _kind(word: str | None) -> Kind:
    """ "village" makes a town, "district" a district, the rest an area."""
    kind = word_kind(word) if word else None
    return kind or "area"


def _placed(gaz: Gazetteer, span: Span, known: dict[str, tuple[Mention, Place]],
            taken: set[tuple[int, int]]) -> Resolved:
    """Unknown names where places stand, followed by the region the text puts them in."""
    text = span.text
    out: Resolved = []
    for start, words in name_runs(text):
        x = " ".join(words)
        tail = _PLACED_TAIL.match(text, start + len(x))
        if tail is None:
            continue
        word = re.match(r"\s+(town|village|settlement)\b", text[start + len(x):], re.IGNORECASE)
        for y_words in _regions_after(text, tail.end()):
            found = next((f for size in range(len(y_words), 0, -1) for f in [_locality(
                gaz, span, (x, start), " ".join(y_words[:size]),
                _kind(word.group(1) if word else None), known, taken)] if f is not None), None)
            if found is not None:
                out.append(found)
                break
    return out


def _regions_after(text: str, at: int) -> list[list[str]]:
    """The name words at `at`, and, after a possessive, the next name's words first:
    "in Somalia's Lower Juba region" gives Lower Juba, then Somalia."""
    first = _run(text, at)
    after = at + len(" ".join(first))
    possessive = re.match(r"['’][sS]\s+", text[after:after + 4]) if first else None
    return ([_run(text, after + possessive.end())] if possessive else []) + [first]


def _locality(gaz: Gazetteer, span: Span, x_at: tuple[str, int], y: str, kind: Kind,
              known: dict[str, tuple[Mention, Place]], taken: set[tuple[int, int]]
              ) -> tuple[Mention, Place] | None:
    """One "X area of Y" as a new place under Y, when Y is a known division or town."""
    x, x_start = x_at
    words = x.split()
    # "POLICE POST IN ANCUABE district": in upper case the name is what follows the last
    # function word.
    cut = [i for i, w in enumerate(words) if fold(w) in _NOT_NAMES or fold(w) in STOP_WORDS]
    words = words[cut[-1] + 1:] if cut else words
    if not words or (id(span), x_start) in taken or fold(" ".join(words)) in known \
            or gaz.is_common_word(" ".join(words)):
        return None
    parent_hit = known.get(fold(y))
    if parent_hit is None or parent_hit[1].kind not in _LOCALITY_PARENTS:
        return None
    parent_mention, parent = parent_hit
    if kind == "district" and parent.kind != "province":
        kind = "area"  # "X district of Quetta": a part of the district Quetta, not another one
    name = " ".join(words)
    start = x_start + len(x) - len(name)
    place = place_for(gaz, name, kind, parent.id)
    weight = max(parent_mention.weight, 1.0 * LOCATIVE_BOOST if span.lead else 1.0)
    return Mention(span, start, start + len(name), name, (), weight, why="locality"), place


def unlisted(gaz: Gazetteer, spans: Sequence[Span], chosen: Resolved,
             evidence: Callable[[], Evidence]) -> Resolved:
    """Districts, towns and areas the words name and the gazetteer lacks, each placed in what
    its sentence names, else where the rest of the report and the watches put it (`evidence`
    is asked for only then: it reads the report's other sentences)."""
    out: Resolved = []
    read: list[Evidence] = []
    for index, span in enumerate(spans):
        here = [(m.start, m.end, p) for m, p in chosen if m.span is span and m.weight > 0]
        base = span_weight(span, index, len(spans)) * LOCATIVE_BOOST
        for item in reversed(unlisted_names(span.text)):  # "X village in Y district": Y first
            if any(s < item.end and item.start < e for s, e, _p in here) or not_a_place(
                    gaz, span.text, item):
                continue
            holders = unlisted_holders(span.text, item, here)
            if not holders and item.needs_holder:
                continue
            if not holders and not read:
                read.append(evidence())
            parent = parent_for(gaz, item.kind, holders, read[0] if read else Evidence())
            if parent is None:
                continue
            place = place_for(gaz, item.name, item.kind, parent.id)
            mention = Mention(span, item.start, item.end, item.name, (), base, why="unlisted")
            here.append((item.start, item.end, place))
            out.append((mention, place))
    return sorted(out, key=lambda mp: (mp[0].span.index, mp[0].start))

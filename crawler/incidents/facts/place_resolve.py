"""Which place a name is: the country prior and the report's own context decide.

A name often denotes several places ("Bay" is a Somali region and a Philippine town; "Gubio" a
Nigerian town, "Gubbio" an Italian one). The reading kept is, in order:
  1. inside another place named in the same sentence ("Gubio, Borno State");
  2. in a country the report speaks of: country names, demonyms ("the Somali town of"), the
     dateline's country, names that can only be in one country, the actors' home countries;
  3. in the watches' countries (the gazetteer's prior) before any namesake abroad;
  4. a capital before another country's namesake; hand-checked places, then bigger kinds and
     more people.
Of readings nested in one another (Kalat the district, Kalat the town) the one the words around
the name ask for ("Mastung district", "Geidam town"), else the most specific.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crawler.geo import Gazetteer, Place
from crawler.incidents.facts.context import Span
from crawler.incidents.facts.place_mentions import (
    LOCATIVE_BOOST,
    STOP_WORDS,
    Mention,
    _run,
    name_runs,
)
from crawler.parse.textnorm import fold

_DIVISION_WORD = re.compile(
    r"^\s*(?i:district|local government area|lga|region|province|state|county|tehsil)\b"
    r"|(?i:(?:district|region|province|state|county) of\s+(?:the\s+)?)$")
_TOWN_WORD = re.compile(r"^\s*(?i:towns?|village|city)\b|(?i:(?:town|village|city) of\s+)$")
# Localities the gazetteer lacks, named against a district or town it knows:
# "Kardgap area of Mastung", "KIRCHINGA VILLAGE OF MADAGALI", "Katarko village, Gujba".
_NAME = r"[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2}"
_LOCALITY = re.compile(
    rf"\b(?P<x>{_NAME})\s+(?i:area|region|locality|village|tehsil|sub-?division|neighbou?rhood|"
    rf"district|quarter|junction)\s*(?i:of|in|,)\s+(?:(?i:the)\s+)?(?P<y>{_NAME})")
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
    rf"\b(?P<y>{_NAME})['’]s\s+(?P<x>{_NAME})\s+(?i:area|region|locality|village|tehsil)")
_NOT_NAMES = frozenset({"the", "a", "an", "in", "of", "on", "at", "and", "this", "that"})


class Reader:
    """Reads each mention as one place, with what the whole report says about its country."""

    def __init__(self, gaz: Gazetteer, found: Sequence[Mention], hints: Sequence[str]) -> None:
        self.gaz = gaz
        self.countries: dict[str, float] = {}
        for code in hints:
            self._signal(code, 0.5)
        by_span: dict[int, set[str]] = {}
        for mention in found:
            by_span.setdefault(id(mention.span), set()).update(mention.ids)
            for code in mention.demonym:
                self._signal(code, mention.weight / len(mention.demonym))
            codes = {gaz.get(i).country_code for i in mention.ids}
            if len(codes) == 1 and mention.weight > 0 and mention.why != "cued":
                self._signal(codes.pop(), mention.weight)
        self._beside = by_span

    def _signal(self, code: str, weight: float) -> None:
        self.countries[code] = self.countries.get(code, 0.0) + weight

    def country(self) -> str | None:
        """The country the report speaks of most, if any."""
        return max(self.countries, key=self.countries.__getitem__) if self.countries else None

    def resolve(self, mention: Mention) -> Place | None:
        """The place a mention is, or None for a demonym."""
        if mention.within:
            return self._within(mention)
        if not mention.ids:
            return None
        gaz = self.gaz
        candidates = [gaz.get(i) for i in mention.ids]
        beside = self._beside.get(id(mention.span), set()) - set(mention.ids)
        if mention.why == "cued":
            # A small town found by its position alone must be where the report already is.
            candidates = [p for p in candidates if self._expected(p, beside)]
            if not candidates:
                return None
        best = max(candidates, key=lambda p: self._score(p, beside))
        nested = [p for p in candidates if p.id != best.id and gaz.is_within(p.id, best.id)]
        return _by_words(mention, [best, *nested]) if nested else best

    def _within(self, mention: Mention) -> Place:
        """ "the Somali town of X": X in that country, a new town there if the gazetteer has none."""
        inside = [p for p in (self.gaz.get(i) for i in mention.ids)
                  if p.country_code in mention.within]
        if inside:
            return max(inside, key=lambda p: self._score(p, set()))
        country = mention.within[0]
        name = mention.name.title() if mention.name.isupper() else mention.name
        slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
        return Place(f"{country}/{slug}", name, "city", country, country, None, None, ())

    def _expected(self, place: Place, beside: set[str]) -> bool:
        """In a place named beside it, in a country the report names, or in the prior."""
        gaz = self.gaz
        return (place.country_code in gaz.prior or self.countries.get(place.country_code, 0) > 0
                or any(a != place.id and gaz.is_within(place.id, a) for a in beside))

    def _score(self, place: Place, beside: set[str]) -> tuple[bool, float, bool, bool, int, int]:
        gaz = self.gaz
        anchored = any(a != place.id and gaz.is_within(place.id, a) for a in beside)
        capital = gaz.capital(place.country_code)
        return (
            anchored,
            self.countries.get(place.country_code, 0.0),
            place.country_code in gaz.prior,
            capital is not None and capital.id == place.id,
            gaz.is_curated(place.id),
            gaz.population(place.id),
        )


def _by_words(mention: Mention, nested: list[Place]) -> Place:
    """Of nested readings, the one the words around the name ask for, else the deepest."""
    text, start, end = mention.span.text, mention.start, mention.end
    around = (text[end:end + 30], text[max(0, start - 30):start])
    if any(_DIVISION_WORD.search(s) for s in around):
        divisions = [p for p in nested if p.kind in ("district", "province")]
        if divisions:
            return divisions[0]
    if any(_TOWN_WORD.search(s) for s in around):
        towns = [p for p in nested if p.kind in ("city", "area")]
        if towns:
            return towns[-1]
    return nested[-1] if len(nested) > 1 and nested[-1].kind in ("city", "area") else nested[0]


def localities(gaz: Gazetteer, spans: Sequence[Span],
               chosen: list[tuple[Mention, Place]]) -> list[tuple[Mention, Place]]:
    """Localities the gazetteer lacks, placed under the district or town named beside them."""
    known = {fold(n): (m, p) for m, p in chosen for n in (m.name, p.name, *p.aliases)}
    taken = {(id(m.span), m.start) for m, _p in chosen if m.weight > 0}
    out: list[tuple[Mention, Place]] = []
    for span in spans:
        for rx in (_LOCALITY, _POSSESSIVE):
            for match in rx.finditer(span.text):
                found = _locality(gaz, span, match.group("x"), match.start("x"),
                                  match.group("y"), known, taken)
                if found is not None:
                    out.append(found)
        out.extend(_placed(gaz, span, known, taken))
    return out


def _placed(gaz: Gazetteer, span: Span, known: dict[str, tuple[Mention, Place]],
            taken: set[tuple[int, int]]) -> list[tuple[Mention, Place]]:
    """Unknown names where places stand, followed by the region the text puts them in."""
    text = span.text
    out: list[tuple[Mention, Place]] = []
    for start, words in name_runs(text):
        x = " ".join(words)
        tail = _PLACED_TAIL.match(text, start + len(x))
        if tail is None:
            continue
        y_words = _run(text, tail.end())
        for size in range(len(y_words), 0, -1):
            found = _locality(gaz, span, x, start, " ".join(y_words[:size]), known, taken)
            if found is not None:
                out.append(found)
                break
    return out


def _locality(gaz: Gazetteer, span: Span, x: str, x_start: int, y: str,
              known: dict[str, tuple[Mention, Place]], taken: set[tuple[int, int]]
              ) -> tuple[Mention, Place] | None:
    """One "X area of Y" as a new area under Y, when Y is a known division or town."""
    words = x.split()
    # "POLICE POST IN ANCUABE district": in upper case the name is what follows the last
    # function word.
    cut = [i for i, w in enumerate(words) if fold(w) in _NOT_NAMES or fold(w) in STOP_WORDS]
    words = words[cut[-1] + 1:] if cut else words
    if not words or (id(span), x_start) in taken or fold(" ".join(words)) in known \
            or gaz.is_common_word(" ".join(words)):
        return None
    parent_hit = known.get(fold(y))
    if parent_hit is None or parent_hit[1].kind not in ("district", "city", "province"):
        return None
    parent_mention, parent = parent_hit
    name = " ".join(words)
    start = x_start + len(x) - len(name)
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    place = Place(f"{parent.id}/{slug}", name.title() if name.isupper() else name, "area",
                  parent.id, parent.country_code, None, None, ())
    weight = max(parent_mention.weight, 1.0 * LOCATIVE_BOOST if span.lead else 1.0)
    return Mention(span, start, start + len(name), name, (), weight, why="locality"), place

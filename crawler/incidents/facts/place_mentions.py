"""Place mentions of a report's sentences, each with the places it may be and what it weighs.

A mention is found three ways: a name the gazetteer matches in text (one Aho-Corasick pass), a
capitalised name standing where reports put places ("in X", "X town", "the village of X", "X,
Borno State") looked up among the world's small towns, or a locality the gazetteer lacks named
against one it knows ("Kardgap area of Mastung district"). Its weight says how much it tells
where the event happened: the lead weighs more than the end, a name after "in"/"near"/"attacked"
more than a bare one, a highway's end points ("Quetta-Karachi highway") little; where the wounded
were taken, where an official spoke, a person's name ("Mr Ali Bama") nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from crawler.geo import Gazetteer, Place
from crawler.geo.cues import COMPASS, border_side, hospital_of
from crawler.geo.persons import person_context
from crawler.incidents.facts.context import Span
from crawler.incidents.facts.places_finder import finder_for
from crawler.parse.textnorm import fold

LOCATIVE_BOOST = 1.5
EVENT_BOOST = 2.0  # "the attack took place in X"
_EVENT_AT = re.compile(
    r"(?i:\b(?:took place|happened|occurred|was carried out|was staged|were killed|was killed)"
    r"\s+(?:\w+\s+){0,3}(?:in|at|near)\s+(?:the\s+)?)$")
ROUTE_WEIGHT = 0.3
SPEAKERS_WEIGHT = 0.2
_KINDS = (r"towns?|villages?|city|district|area|region|locality|local government area|lga|"
          r"province|state|tehsil|sub-?division|county|settlement|outskirts|suburbs?|market|camp")
_KIND_AFTER = re.compile(rf"\s*(?i:{_KINDS})\b")  # these "after" patterns are used with .match(text, pos)
_REGION_AFTER = re.compile(r"\s*(?i:region|regional state)\b")  # "Somali Region" of Ethiopia
_CAPITAL_AFTER = re.compile(r"\s+(?i:capital)\b")
# "the Somali town of X", "the Mozambican port city of X"
_KIND_OF = re.compile(r"\s+(?:\w+\s+)?(?i:town|city|village|port|district|region|province|"
                      r"state|county|settlement)\s+(?i:of)\s+(?:(?i:the)\s+)?")
_ROUTE = re.compile(r"[-–/]\s*[A-Z]|\s*(?i:and\s+[A-Z][\w-]*\s+)?(?i:highway|road|motorway)\b")
_BETWEEN = re.compile(r"(?i:between\s+)$")
# Where the wounded were taken, where an official spoke, where a convoy came from: not the event.
_ELSEWHERE = re.compile(
    r"(?:(?:shifted|taken|airlifted|moved|rushed|referred|evacuated|transferred|brought|flown|"
    r"sent)\s+to\s+(?:\w+\s+){0,4}|hospitals?\s+(?:in|at)\s+(?:the\s+)?|hospital,?\s+|"
    r"hometowns?\s+in\s+|(?<!km )(?<!kilometres )(?<!kilometers )(?<!miles )from\s+|"
    r"(?:told|said|speaking|spoke|statement|conference|briefing|reporters|journalists)"
    r"\s+(?:\w+\s+){0,3}(?:in|at|from)\s+|by (?:tele)?phone from\s+)$",
    re.IGNORECASE,
)
# "officials in Maimana said", "a source in Marrupa told Lusa": where the speakers are.
_SPEAKERS_IN = re.compile(
    r"(?i:\b(?:officials?|authorities|sources?|police|residents|officers|spokes(?:man|woman|"
    r"person)|doctors|witnesses|elders|leaders?|commanders?|journalists?|correspondents?|"
    r"colleagues)\s+(?:in|at|from|based\s+in)\s+(?:the\s+)?)$")
_SAID_AFTER = re.compile(r"(?:\s*,)?\s+(?:\w+\s+){0,2}?(?i:said|say|says|told|reported|confirmed|"
                         r"added)\b")
# "Ghazni officials said", "a Baghlan police spokesman said": a name as the speakers'
# affiliation (not "Quetta police station", nor "attacked Kech police").
_AFFILIATION = re.compile(
    r"\s+(?:(?i:provincial|district|state|regional|local|city|municipal)\s+)?"
    r"(?i:police|officials?|authorities|government|administration|spokes(?:man|woman|person)|"
    r"governor)\b(?!\s+(?i:station|post|line|headquarters|checkpoint|check-?post|camp|"
    r"office|building|compound|convoy|van|vehicle|mobile|patrol)s?\b)"
    r"(?:\s+(?:spokes(?:man|woman|person)|chief|commander|director))?(?:\s+[A-Z][\w'’.-]*){0,3}"
    r",?\s+(?i:said|says|say|told|confirmed|added|stated)\b")
_NAME = re.compile(r"[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?")
_POSSESSOR = re.compile(rf"[A-Z][\w-]*['’][sS]\s+(?:{COMPASS}\s+)?$")
_POSSESSIVE_END = re.compile(r"['’][sS]$")
_PARTICLE = re.compile(r"(de|del|de la|de las|de los|da|do|das|dos|di|du)\s+")
# Words that end a capitalised run in upper-case text (they are never part of a town's name).
STOP_WORDS = frozenset(
    "a an the in on at of near and or to from by with for as after before during when where "
    "while on this that its his their was were is are be been has had have said says told "
    "monday tuesday wednesday thursday friday saturday sunday night morning evening afternoon "
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec town village city".split()
) | frozenset(re.sub(r"[^a-z |-]", "", _KINDS.replace("|", " ")).split())


@dataclass(frozen=True)
class Mention:
    """One place name in one span, with the places it may be."""

    span: Span
    start: int
    end: int
    name: str
    ids: tuple[str, ...]
    weight: float
    demonym: tuple[str, ...] = ()  # the countries, when the name is a country's adjective
    area: Place | None = None  # a locality the gazetteer lacks (its parent is known)
    why: str = ""
    within: tuple[str, ...] = ()  # "the Somali town of X": X is in one of these countries


def span_weight(span: Span, index: int, count: int) -> float:
    """Title and lead weigh most, then less the further down the report the sentence stands."""
    if span.lead or span.index < 0:
        return 2.0
    return round(1.0 - 0.6 * index / max(1, count), 3)


def mentions(spans: Sequence[Span], gaz: Gazetteer, elsewhere: bool = False) -> list[Mention]:
    """Every place mention of the spans, persons and elsewhere-places left out; `elsewhere`
    keeps the places named as somewhere else (weight 0: where an official spoke from, where
    the wounded were taken), which still say which country a report is about."""
    found: list[Mention] = []
    for index, span in enumerate(spans):
        base = span_weight(span, index, len(spans))
        cued = list(_cued(span, gaz, base))
        # A longer name the text places wins over a shorter one inside it ("Buni Yadi", not a
        # town called "Buni"); otherwise the gazetteer's matched names come first.
        hits = [m for m in _named(span, gaz, base) if not any(
            c.start <= m.start and m.end <= c.end and c.end - c.start > m.end - m.start
            for c in cued)]
        placed = [(m.start, m.end) for m in hits if m.within]
        hits = [m for m in hits if m.within or not _overlaps(m, placed)]
        taken = [(m.start, m.end) for m in hits]
        hits += [m for m in cued if not _overlaps(m, taken)]
        found.extend(m for m in sorted(hits, key=lambda m: m.start) if m.weight > 0 or (
            elsewhere and _named_elsewhere(span.text, m.start, m.end)))
    return found


def _named(span: Span, gaz: Gazetteer, base: float) -> Iterator[Mention]:
    """Names the gazetteer matches in text."""
    text = span.text
    for start, name, ids in finder_for(gaz).find(text):
        end = start + len(name)
        countries = gaz.demonym(name)
        if countries and not _REGION_AFTER.match(text, end):
            yield from _demonym(span, start, end, name, countries, base, gaz)
            continue
        ids = tuple(i for i in ids if i not in countries)
        if ids:
            yield Mention(span, start, end, name, ids, _weight(text, start, end, base, gaz, ids))


def _demonym(span: Span, start: int, end: int, name: str, countries: tuple[str, ...],
             base: float, gaz: Gazetteer) -> Iterator[Mention]:
    """A country's adjective: a weak sign of the country; "the Somali capital" is Mogadishu.
    "Near the Kenyan border" names the other side: no sign of the event's country."""
    if border_side(span.text, start, end):
        return
    yield Mention(span, start, end, name, (), base, demonym=countries)
    kind_of = _KIND_OF.match(span.text, end)
    words = _run(span.text, kind_of.end()) if kind_of else []
    if kind_of and words:
        x_start = kind_of.end()
        x_end = x_start + len(" ".join(words))
        ids = tuple(p.id for p in gaz.lookup(span.text[x_start:x_end]))
        yield Mention(span, x_start, x_end, span.text[x_start:x_end], ids,
                      base * LOCATIVE_BOOST, why="demonym", within=countries)
    capital = gaz.capital(countries[0]) if len(countries) == 1 else None
    capital_word = _CAPITAL_AFTER.match(span.text, end)
    if capital is not None and capital_word is not None:
        stop = capital_word.end()
        yield Mention(span, start, stop, span.text[start:stop], (capital.id,),
                      _weight(span.text, start, stop, base, gaz, (capital.id,)), why="capital")


_CUE_WORDS = frozenset("in at near outside around into attacked stormed raided overran struck".split())
_OF_WORDS = frozenset(
    re.sub(r"[^a-z |]", "", _KINDS).replace("|", " ").split()
    + "outskirts suburb suburbs capital headquarters town village".split()
    # "the village head of Mafa", "the chief of Kirawa": a village's own people
    + "head headman chief".split())


def cued_before(text: str, start: int) -> bool:
    """True when the words before `start` are where reports put a place ("in", "near the",
    "the town of", "attacked"): a few word comparisons, no regex scan per name."""
    words = text[max(0, start - 40):start].lower().split()[-3:]
    if words and words[-1] == "the":
        words.pop()
    if not words:
        return False
    if words[-1] in _CUE_WORDS:
        return True
    return words[-1] == "of" and len(words) > 1 and words[-2] in _OF_WORDS


def name_runs(text: str, cued_only: bool = True) -> Iterator[tuple[int, list[str]]]:
    """(start, words) of the capitalised names standing where places stand ("in X")."""
    for match in _NAME.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
            continue
        if _inside_run(text, start) or (cued_only and not cued_before(text, start)):
            continue
        words = _run(text, start)
        if words:
            yield start, words


def _inside_run(text: str, start: int) -> bool:
    """True when the name word at `start` continues a name begun before it ("Yadi" in "Buni
    Yadi"): the run is read from its first word."""
    if start < 2 or text[start - 1] != " ":
        return False
    previous = text[max(0, start - 30):start - 1].rsplit(" ", 1)[-1]
    # a possessive ends a name: "Chad's Lac province" holds two
    return bool(_NAME.fullmatch(previous)) and fold(previous) not in STOP_WORDS \
        and not _POSSESSIVE_END.search(previous)


def _cued(span: Span, gaz: Gazetteer, base: float) -> Iterator[Mention]:
    """Capitalised names where places stand, found among the world's towns."""
    text = span.text
    for start, words in name_runs(text, cued_only=False):
        cued = cued_before(text, start)
        for size in range(len(words), 0, -1):
            end = start + len(" ".join(words[:size]))
            if not (cued or _KIND_AFTER.match(text, end) or text[end:end + 2] == ", "):
                continue
            name = text[start:end]
            if (gaz.is_common_word(name) and not _division_of(text, start, end)) \
                    or gaz.demonym(name):
                continue
            # a near spelling only of the whole name: a part of a longer one ("Elasha" of
            # "Elasha Biyaha") spelt like another town (Lashio) is no sign of it
            found = gaz.lookup(name) or (gaz.near_spellings(name)
                                         if cued and size == len(words) else [])
            ids = tuple(p.id for p in found)
            if ids:
                yield Mention(span, start, end, text[start:end], ids,
                              _weight(text, start, end, base, gaz, ids), why="cued")
                break


def _division_of(text: str, start: int, end: int) -> bool:
    """A name that is also a common word, named as a division of a country: "Cameroon's
    North-West region", "Ghana's Central Region"."""
    return bool(_KIND_AFTER.match(text, end)) and bool(_POSSESSOR.search(text, max(0, start - 40),
                                                                          start))


def _run(text: str, start: int) -> list[str]:
    """Up to three name words from `start` (stopping at function and kind words), with the
    particles of Spanish and Portuguese names between them ("Santa Rosa del Sur", "Mocímboa
    da Praia")."""
    words: list[str] = []
    names = 0
    for match in _NAME.finditer(text, start):
        at = start + len(" ".join(words)) + (1 if words else 0)
        if match.start() != at:
            particle = _PARTICLE.match(text, at) if words else None
            if particle is None or particle.end() != match.start():
                break
            words.append(particle.group(1))
        if fold(match.group()) in STOP_WORDS or names == 3:
            if words and _PARTICLE.fullmatch(words[-1] + " "):
                words.pop()
            break
        word, possessive = _POSSESSIVE_END.subn("", match.group())
        words.append(word)
        names += not _PARTICLE.fullmatch(word.lower() + " ")  # "SAN VICENTE DEL CAGUÁN"
        if possessive:  # "Mozambique's Cabo Delgado": the name ends at its possessive
            break
    return words


def _weight(text: str, start: int, end: int, base: float, gaz: Gazetteer,
            ids: tuple[str, ...]) -> float:
    """A mention's weight from where it stands: 0 when it is not where the event was."""
    before = text[max(0, start - 60):start]
    if _named_elsewhere(text, start, end):
        return 0.0
    kinds = {gaz.get(i).kind for i in ids}
    if kinds - {"country", "province"} and person_context(text, start, end):
        return 0.0
    if ("country" in kinds or not kinds - {"country", "province"}) and border_side(text, start,
                                                                                  end):
        return 0.0  # "near the border with Pakistan": the other side, not the event's place
    if (_SPEAKERS_IN.search(before) and _SAID_AFTER.match(text, end)) \
            or _AFFILIATION.match(text, end):
        # "officials in Maimana said": where the speakers are, near the event at best; the
        # event's place only when nothing else places it
        return base * SPEAKERS_WEIGHT
    if _ROUTE.match(text, end) or _BETWEEN.search(before) or before.rstrip().endswith(("-", "–")):
        return base * ROUTE_WEIGHT
    if _EVENT_AT.search(before):
        return base * EVENT_BOOST
    if cued_before(text, start) or _KIND_AFTER.match(text, end):
        return base * LOCATIVE_BOOST
    return base


def _named_elsewhere(text: str, start: int, end: int) -> bool:
    """True for a place named as somewhere else: where the wounded were taken, where an
    official spoke ("told reporters in X"), a hospital's town ("died at Kabul's Emergency
    Hospital")."""
    return bool(_ELSEWHERE.search(text, max(0, start - 60), start)) or hospital_of(text, end)


def _overlaps(mention: Mention, taken: list[tuple[int, int]]) -> bool:
    return any(mention.start < e and s < mention.end for s, e in taken)

"""Places the gazetteer lacks, named by the words that say what they are, and where they lie.

Many countries have no second level in the world data (Mozambique's districts, Congo's
territories) and villages are missing everywhere, yet reports name them plainly:
  "Ancuabe district", "NTAMBA VILLAGE", "Kolwa tehsil", "Bakassi LGA", "Irumu territory"
  "the village of Mucojo", "the municipality of El Tambo", "the city of Iguala"
  "Komanda, Irumu territory" (a town named against its district)
  "Boni, a town in central Mali" (an apposition says what it is)
The kind comes from the word (crawler.geo.cues.word_kind); first-level words ("province",
"state", "region") never make a place, since those lists are complete.

Where such a place lies (`parent_for`), in order: the place the sentence puts it in ("in
Macomia district", "of Kandahar province"); the province the report's other places are in; the
dateline's province (not a national capital's: wire bureaus sit there; a provincial city's
reporters mostly tell of their own province, "KARACHI: ... in Orangi Town"); the one watched
region the report's country evidence allows ("MAPUTO -- ... in Meluco district" for a watch on
Cabo Delgado: the rest of the report is in its country); the one country it names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from crawler.geo.cues import (
    AREA_WORDS,
    DISTRICT_WORDS,
    TOWN_WORDS,
    inside_gap,
    possessive_gap,
    word_kind,
)
from crawler.geo.gazetteer import Gazetteer
from crawler.geo.persons import person_context
from crawler.geo.places import Kind, Place

_WORD = r"[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)*"
_KINDS = "|".join(re.escape(w).replace(r"\-", "[- ]?") for w in sorted(
    DISTRICT_WORDS + TOWN_WORDS + AREA_WORDS, key=len, reverse=True))
# The same words as written, in lower, title and upper case: a case-sensitive alternation
# scans faster than a case-insensitive one.
_KINDS_AS_WRITTEN = "|".join(dict.fromkeys(
    re.escape(v).replace(r"\-", "[- ]?") for w in sorted(
        DISTRICT_WORDS + TOWN_WORDS + AREA_WORDS, key=len, reverse=True)
    for v in (w, w.title(), w.upper())))
# Three scans, each opening on what is rare in prose (a capital, " of " before a capital, a
# comma before an article), so a long report costs little:
# "Ancuabe district", "NTAMBA VILLAGE" (the name is then read backwards from the kind word)
_CAP_KIND = re.compile(rf"[A-Z][\w'’]*(?:-[A-Za-z][\w'’]*)* (?P<kind>{_KINDS_AS_WRITTEN})\b(?!-)")
# "the village of Mucojo", "THE MUNICIPALITY OF TLALTIZAPAN"
_OF_CAP = re.compile(r" [oO][fF] (?=[A-Z])")
_KIND_END = re.compile(rf"(?i:\b(?:the|a|an|in|at|near|on|into|to)\s+(?:the\s+)?)"
                       rf"(?P<kind>(?i:{_KINDS}))$")
_NAME_AT = re.compile(rf"{_WORD}(?:\s+{_WORD}){{0,2}}")
# "Boni, a town in central Mali"
_APPOSITION = re.compile(rf", (?i:an?|the) (?:[\w-]+ ){{0,2}}?(?P<kind>(?i:{_KINDS})) "
                         r"(?i:in|of|near|on|outside)\b")
_WORD_RX = re.compile(_WORD)
_CUE_BEFORE = re.compile(r"(?i:\b(?:in|at|near|outside|on|into|attacked|raided|stormed)\s+)$")
# Words that end a name read backwards, or are never one: function words, verbs and nouns of
# reports (in upper-case text every word is capitalised), compass words, generic adjectives.
_NOT_NAME = frozenset(
    "a an the in on at of near and or to from by with for as after before during when where "
    "while this that its his her their our was were is are be been has had have said says told "
    "into onto across along outside inside within around about over under between same each "
    "every another other which whose what who whom one two three four five six seven eight nine "
    "ten north south east west northern southern eastern western central northeast northwest "
    "southeast southwest north-east north-west south-east south-west north-eastern "
    "north-western south-eastern south-western upper lower new old main entire whole local rural "
    "remote border tribal restive troubled neighbouring neighboring nearby home native "
    "monday tuesday wednesday thursday friday saturday sunday police army military security "
    "government troops soldiers forces militants insurgents gunmen rebels fighters attackers "
    "people villagers residents officials authorities sources witnesses farmers civilians "
    "district province state region town village city area county territory municipality "
    "capital headquarters camp market mosque church school base post checkpoint "
    "he she it we they you i him them us his hers its there here some many most more much all "
    "any both few several such than then also late early last next first second third".split())
# A name ending in one of these is a street or a building, not a place: "the Jinnah Road area".
_FACILITY = frozenset(
    "road street avenue highway motorway bridge lane chowk square bazaar market junction "
    "hospital school college university station airport stadium hotel mosque church camp "
    "base post checkpoint park colony plaza mall tower gate".split())
_VERB_FORM = re.compile(r"(?i:.{3,}(?:ed|ing))$")
MAX_WORDS = 3
MAX_UPPER_WORDS = 2


@dataclass(frozen=True)
class Unlisted:
    """A name standing where the text says it is a district, town or area."""

    name: str
    start: int
    end: int
    kind: Kind
    tail: int  # where the words that may place it begin ("... district| in Cabo Delgado")
    word: str = ""  # the kind word as written ("district", "VILLAGE", "area")

    @property
    def needs_holder(self) -> bool:
        """ "The Jinnah Road area", "the Sariab area": an area is placed only by the place the
        sentence names with it ("the Zeen area of Kolwa tehsil"), never by the report's region."""
        return self.word.lower() in AREA_WORDS


def unlisted_names(text: str) -> list[Unlisted]:
    """Every name the words around it call a district, town or area, in text order."""
    found: dict[tuple[int, int], Unlisted] = {}
    lowered: list[str] = []  # the text in lower case, made once if a sentence start needs it
    for item in (*_named_then_kind(text), *_kind_of_name(text), *_appositions(text)):
        if item.name.rsplit(" ", 1)[-1].lower() in _FACILITY or _word_at_start(
                text, item, lowered):
            continue
        found.setdefault((item.start, item.end), item)
    kept: list[Unlisted] = []
    for item in sorted(found.values(), key=lambda u: (u.start, -u.end)):
        if not any(k.start <= item.start < k.end for k in kept):
            kept.append(item)
    return kept


def _named_then_kind(text: str) -> Iterator[Unlisted]:
    """ "Ancuabe district", "NTAMBA VILLAGE", and "Komanda" of "Komanda, Irumu territory"."""
    for match in _CAP_KIND.finditer(text):
        word = match.group("kind")
        kind = word_kind(word)
        at = match.start("kind") - 1
        words = _words_before(text, at) if kind is not None else []
        if kind is None or not words:
            continue
        name_start = at - len(" ".join(words))
        yield Unlisted(" ".join(words), name_start, at, kind, match.end(), word)
        if kind == "district" and text[name_start - 2:name_start] == ", ":
            yield from _against(text, name_start - 2)


def _kind_of_name(text: str) -> Iterator[Unlisted]:
    """ "the village of Mucojo", "THE MUNICIPALITY OF TLALTIZAPAN"."""
    for match in _OF_CAP.finditer(text):
        before = _KIND_END.search(text, max(0, match.start() - 40), match.start())
        kind = word_kind(before.group("kind")) if before else None
        name = _NAME_AT.match(text, match.end())
        if before is None or kind is None or name is None:
            continue
        words = _cut(name.group().split(), _upper(text, match.start()), forwards=True)
        if words:
            joined = " ".join(words)
            at = match.end()
            yield Unlisted(joined, at, at + len(joined), kind, at + len(joined),
                           before.group("kind"))


def _appositions(text: str) -> Iterator[Unlisted]:
    """ "Boni, a town in central Mali": the name before the comma, where places stand."""
    for match in _APPOSITION.finditer(text):
        kind = word_kind(match.group("kind"))
        words = _words_before(text, match.start()) if kind is not None else []
        if kind is not None and words:
            yield from _cued_name(text, " ".join(words), match.start(), kind,
                                  match.group("kind"))


def _word_at_start(text: str, item: Unlisted, lowered: list[str]) -> bool:
    """A single word opening a sentence that the text also writes in lower case ("Village
    elders said ... the village"): a word, not a name."""
    before = text[max(0, item.start - 3):item.start].rstrip(" \"“‘'(")
    if " " in item.name or (before and before[-1] not in ".!?\n:") or item.name.isupper():
        return False
    if not lowered:
        lowered.append(text.lower())
    return f" {item.name.lower()} " in lowered[0]


def _against(text: str, comma: int) -> Iterator[Unlisted]:
    """The town named against a district: "Komanda" of "Komanda, Irumu territory"."""
    words = _words_before(text, comma)
    if words:
        yield from _cued_name(text, " ".join(words), comma, "city", "town")


def _cued_name(text: str, raw: str, end: int, kind: Kind, word: str) -> Iterator[Unlisted]:
    """A name ending at `end`, when it stands where places stand ("in X, ...")."""
    words = _cut(raw.split(), _upper(text, end), forwards=False)
    if not words:
        return
    name = " ".join(words)
    if _CUE_BEFORE.search(text, max(0, end - len(name) - 20), end - len(name)):
        yield Unlisted(name, end - len(name), end, kind, end, word)


def _words_before(text: str, at: int) -> list[str]:
    """The capitalised words ending at `at`, nearest last, cut at words that are no name."""
    words: list[str] = []
    end = at
    while len(words) < MAX_WORDS:
        begin = end
        while begin > 0 and (text[begin - 1].isalnum() or text[begin - 1] in "'’-"):
            begin -= 1
        if begin == end or not _WORD_RX.fullmatch(text[begin:end]):
            break
        words.insert(0, text[begin:end])
        if begin < 2 or text[begin - 1] != " ":
            break
        end = begin - 1
    return _cut(words, _upper(text, at), forwards=False)


def _cut(words: list[str], upper: bool, forwards: bool = False) -> list[str]:
    """The words that may be the name: after the last word that is none (reading backwards)
    or before the first (reading forwards); in upper-case text verb forms end a name too."""
    def no_name(word: str) -> bool:
        return word.lower() in _NOT_NAME or (upper and bool(_VERB_FORM.match(word)))

    if forwards:
        out: list[str] = []
        for word in words:
            if no_name(word):
                break
            out.append(word)
    else:
        cuts = [i for i, w in enumerate(words) if no_name(w)]
        out = words[cuts[-1] + 1:] if cuts else words
    return out[-MAX_UPPER_WORDS:] if upper and not forwards else out


def _upper(text: str, at: int) -> bool:
    """True when the text around `at` is written in capitals (wire style)."""
    window = text[max(0, at - 60):at + 60]
    return not any(c.islower() for c in window)


@dataclass(frozen=True)
class Evidence:
    """What the rest of a report says about where it is, for placing an unlisted name."""

    provinces: tuple[str, ...] = ()  # provinces of the report's other places, most named first
    countries: tuple[str, ...] = ()  # countries of its places, demonyms and actors
    dateline: Place | None = None    # the filing place


_DEPTH = {"area": 0, "city": 1, "district": 2, "province": 3, "country": 4}
_HOLDERS: dict[str, tuple[str, ...]] = {
    "district": ("province", "country"),
    "city": ("area", "city", "district", "province", "country"),
    "area": ("area", "city", "district", "province", "country"),
}


def parent_for(gaz: Gazetteer, kind: Kind, holders: Sequence[Place],
               evidence: Evidence) -> Place | None:
    """Where an unlisted place lies: the most specific place the sentence puts it in, else
    what the rest of the report and the watches say (see the module docstring)."""
    allowed = [p for p in holders if p.kind in _HOLDERS[kind]]
    if allowed:
        return min(allowed, key=lambda p: _DEPTH[p.kind])
    if evidence.provinces:
        return gaz.get(evidence.provinces[0])
    line = evidence.dateline
    province = _dateline_province(gaz, line)
    if province is not None:  # a provincial bureau's report: "KARACHI: ... in Orangi Town"
        return province
    countries = list(dict.fromkeys(evidence.countries or ((line.country_code,) if line else ())))
    regions = _regions(gaz, countries)
    if len(regions) == 1:
        return gaz.get(regions[0])
    if len(countries) == 1 and gaz.has(countries[0]):
        return gaz.get(countries[0])
    return None


def _regions(gaz: Gazetteer, countries: Sequence[str]) -> list[str]:
    """The watched regions the report's countries allow (all of them when it names none)."""
    regions = [r for r in gaz.regions if gaz.has(r)]
    if countries:
        regions = [r for r in regions if gaz.get(r).country_code in countries]
    return regions


def _dateline_province(gaz: Gazetteer, place: Place | None) -> Place | None:
    """The province of a dateline city, unless the city is its country's capital."""
    if place is None:
        return None
    capital = gaz.capital(place.country_code)
    if capital is not None and capital.id == place.id:
        return None
    return gaz.province_of(place.id) if gaz.has(place.id) else None


def place_for(gaz: Gazetteer, name: str, kind: Kind, parent_id: str) -> Place:
    """The place of that name inside the parent (spelt so, or a letter or two otherwise:
    "Maiwand" is Maywand), else a new one made there."""
    name = name.title() if name.isupper() else name
    known = [p for p in gaz.lookup_within(name, [parent_id])
             if p.id != parent_id and p.kind not in ("country", "province")]
    return known[0] if known else gaz.synthesise(name, kind, parent_id)


def not_a_place(gaz: Gazetteer, text: str, item: Unlisted) -> bool:
    """A common word, a country's adjective ("Somali community"), a country's own name or a
    person's name standing where a place could."""
    return (gaz.is_common_word(item.name) or bool(gaz.demonym(item.name))
            or person_context(text, item.start, item.end) is not None
            or any(p.kind == "country" for p in gaz.lookup(item.name, towns=False)))


def unlisted_holders(text: str, item: Unlisted, placed: list[tuple[int, int, Place]]
                     ) -> list[Place]:
    """The places after an unlisted name's kind word joined by "in", "of", ", " (and what
    holds them in turn), or a possessive before it ("Kandahar's Zhari district")."""
    ordered = sorted(placed, key=lambda p: p[0])
    out = [p for s, e, p in ordered if e <= item.start and possessive_gap(text[e:item.start])]
    cursor = item.tail
    for start, end, place in ordered:
        if start < cursor:
            continue
        gap = text[cursor:start]
        if not (inside_gap(gap) or (out and possessive_gap(gap))):
            break
        out.append(place)
        cursor = end
    return out

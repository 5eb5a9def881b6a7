"""Which place a name is: the words around it, the report's own context and the country prior.

A name often denotes several places ("Bay" is a Somali region and a Philippine town; "Toledo"
a town in Ohio, in Spain and in Colombia's Norte de Santander). The reading kept is:
  0. a country's name is the country ("in northern Mozambique"), unless the words make it a
     town or a division ("the town of Colombia", "Niger State");
  1. inside the place the sentence puts it in ("Toledo in north-eastern Colombia", "Kalat,
     capital of Zabul province", "Palma in Mozambique's Cabo Delgado"): a namesake there, or
     one spelt a letter otherwise; with none, a town of that name is made there, never a
     namesake abroad chosen;
  2. inside another place the sentence names, then inside another place of the report;
  2b. in the province of the report's other names, in any sentence and at any weight ("near
     Mosquera ... the road towards Tumaco" is Nariño's; a smaller namesake there is looked
     up when the automaton found only a bigger one elsewhere);
  3. in a country the report speaks of: country names, demonyms ("the Somali town of"), the
     dateline's country, names that can only be in one country, the actors' home countries;
  4. in the watches' countries (the gazetteer's prior) before any namesake abroad;
  5. a capital before another country's namesake; hand-checked places, then more people.
Of readings nested in one another (Kandahar the province, the district and the city) the one
the words around the name ask for ("the province of Kandahar", "Spin Boldak district", "the town
of X"), here or where the report names it again (one name, one reading: a headline's "in
Ghazni" beside the body's "Ghazni province"); with no such words the division holding another
place of the report that the town does not ("in Arauca" beside "near Tame"), else the reading
called by that very name, the town first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from crawler.geo import Gazetteer, Place
from crawler.geo.cues import Asked, asked_kind, comma_gap, inside_gap, possessive_gap
from crawler.geo.places import Kind, squash_key
from crawler.incidents.facts.place_mentions import Mention
from crawler.parse.textnorm import fold

_DEPTH = {"country": 0, "province": 1, "district": 2, "city": 3, "area": 4}
# The readings each kind of words asks for, before any other is considered.
_ASKED: dict[str | None, tuple[str, ...]] = {
    "province": ("province",), "district": ("district",), "town": ("city", "area")}


class Reader:
    """Reads each mention as one place, with what the whole report says about its country."""

    def __init__(self, gaz: Gazetteer, found: Sequence[Mention], hints: Sequence[str],
                 context: Callable[[], Sequence[Mention]] = tuple) -> None:
        self.gaz = gaz
        self._context = context
        self._found = found
        self._asked: dict[str, Asked] | None = None
        self._areas: dict[str, set[str]] | None = None
        self.countries: dict[str, float] = {}
        self.filed: dict[str, float] = {}  # the dateline's share of `countries`
        for code in hints:
            self._signal(code, 0.5)
        by_span: dict[int, set[str]] = {}
        for mention in found:
            by_span.setdefault(id(mention.span), set()).update(mention.ids)
            for code in mention.demonym:
                self._signal(code, mention.weight / len(mention.demonym))
            codes = {gaz.get(i).country_code for i in mention.ids}
            if len(codes) == 1 and mention.weight > 0 and mention.why != "cued":
                code = codes.pop()
                self._signal(code, mention.weight)
                if mention.why == "dateline":
                    self.filed[code] = self.filed.get(code, 0.0) + mention.weight
        self._beside = by_span
        self._named = {i for m in found if m.weight > 0 and m.why != "cued" for i in m.ids}
        self._holders = _holders(found)
        self._read: dict[int, Place | None] = {}

    def _signal(self, code: str, weight: float) -> None:
        self.countries[code] = self.countries.get(code, 0.0) + weight

    def country(self, filed: bool = True) -> str | None:
        """The country the report speaks of most, if any; `filed=False` leaves the dateline
        out (it says where the report was filed, not where the event was)."""
        weights = {c: w - (0.0 if filed else self.filed.get(c, 0.0))
                   for c, w in self.countries.items()}
        weights = {c: w for c, w in weights.items() if w > 0}
        return max(weights, key=weights.__getitem__) if weights else None

    def body_countries(self) -> tuple[str, ...]:
        """The countries the report's own words point to, strongest first (no dateline)."""
        weights = {c: w - self.filed.get(c, 0.0) for c, w in self.countries.items()}
        return tuple(sorted((c for c, w in weights.items() if w > 0), key=lambda c: -weights[c]))

    def resolve(self, mention: Mention) -> Place | None:
        """The place a mention is, or None (a demonym; a small town nothing here places)."""
        key = id(mention)
        if key not in self._read:
            self._read[key] = None  # a place holding itself through a chain reads as none
            self._read[key] = self._resolve(mention)
        return self._read[key]

    def _resolve(self, mention: Mention) -> Place | None:
        if mention.within:
            return self._within(mention)
        if not mention.ids:
            return None
        gaz = self.gaz
        asked = asked_kind(mention.span.text, mention.start, mention.end)
        candidates = [gaz.get(i) for i in mention.ids]
        country = next((p for p in candidates if p.kind == "country"), None)
        if country is not None and asked is None:
            return country  # "in northern Mozambique" is not Ilha de Mocambique's town
        asked = asked or self._asked_elsewhere().get(squash_key(fold(mention.name)))
        if asked in ("town", "district") and not any(p.kind in _ASKED[asked] for p in candidates):
            candidates += gaz.lookup(mention.name)  # "the town of Colombia", "Panama, a village"
        candidates = [p for p in candidates if p.kind != "country"] or candidates
        candidates = [p for p in candidates if p.kind in _ASKED.get(asked, ())] or candidates
        candidates += self._agreeing_namesakes(mention, candidates)
        holders = self.holders(mention, candidates, asked)
        if holders:
            inside = [p for p in candidates if _inside(gaz, p, holders)] or [
                p for p in gaz.lookup_within(mention.name, holders) if p.kind != "country"]
            if not inside:
                return self._made(mention, candidates, holders, asked)
            candidates = inside
        beside = self._beside.get(id(mention.span), set()) - set(mention.ids)
        if mention.why in ("cued", "dateline"):
            # A small town found by its position alone, or a filing place, must be where the
            # report already is: "LONDON (Reuters) - ... Somali soldiers" is not about London.
            candidates = [p for p in candidates
                          if self._expected(p, beside, own=mention.why == "dateline")]
            if not candidates:
                return None
        elsewhere = self._named - set(mention.ids)
        best = candidates[0] if len(candidates) == 1 else max(
            candidates, key=lambda p: self._score(p, beside, elsewhere, mention.name))
        family = [p for p in candidates if p.id == best.id or gaz.is_within(p.id, best.id)
                  or gaz.is_within(best.id, p.id)]
        if len(family) < 2:
            return best
        return (None if asked else self._holding_others(family, elsewhere)) or _by_words(
            gaz, mention, family, asked)

    def _holding_others(self, family: Sequence[Place], elsewhere: set[str]) -> Place | None:
        """Of nested readings (Ghazni the province, the district, the city), the narrowest
        division that holds another place the report names when the town does not: a
        headline's "in Ghazni" over "in Andar district" is the province; "in Arauca" beside
        "near Tame" the department, not the city of Arauca."""
        gaz = self.gaz
        ids = {p.id for p in family}
        others = [i for i in elsewhere if i not in ids and gaz.get(i).kind != "country"]
        towns = [p for p in family if p.kind in ("city", "area")]
        if not others or not towns:
            return None
        holding = [p for p in family if p.kind in ("province", "district")
                   and any(gaz.is_within(o, p.id) and not any(gaz.is_within(o, t.id)
                                                              for t in towns) for o in others)]
        return max(holding, key=lambda p: _DEPTH[p.kind]) if holding else None

    def holders(self, mention: Mention, candidates: Sequence[Place],
                asked: Asked | None) -> list[str]:
        """The places the sentence puts the name in, that can hold it: a country or province;
        a district too for a town ("Turbat, Kech district"), not for a district ("Kech,
        Panjgur and Gwadar districts" is a list)."""
        district_ok = asked == "town" or not any(p.kind in ("district", "province")
                                                 for p in candidates)
        town_ok = asked == "town" or all(p.kind in ("city", "area") for p in candidates)
        out: list[str] = []
        for holder, comma in self._holders.get(id(mention), ()):
            for place in self._readings(holder):
                if place.kind in ("country", "province") or (
                        place.kind == "district" and district_ok) or (
                        place.kind == "city" and town_ok and not comma):
                    out.append(place.id)
        return out

    def _readings(self, holder: Mention) -> list[Place]:
        """What a holding mention is read as: its place, or a demonym's country."""
        if not holder.ids:
            return [self.gaz.get(c) for c in holder.demonym[:1] if self.gaz.has(c)]
        place = self.resolve(holder)
        return [place] if place is not None else []

    def _made(self, mention: Mention, candidates: list[Place], holders: list[str],
              asked: Asked | None) -> Place | None:
        """A town (or district) the gazetteer lacks, inside the place the sentence names; not
        for a division's name ("the Central Region of Mopti" is no town of Mopti)."""
        gaz = self.gaz
        places = [gaz.get(i) for i in holders]
        if asked == "province" or all(p.kind in ("country", "province") for p in candidates):
            return None
        kind: Kind = "district" if asked == "district" else "city"
        # A village may lie in a town that stands for its district ("Ngoshe village in Gwoza").
        usable = [p for p in places if _DEPTH[p.kind] < _DEPTH[kind]
                  or (kind == "city" and p.kind == "city")]
        if not usable:
            return None
        parent = max(usable, key=lambda p: _DEPTH[p.kind])
        name = mention.name.title() if mention.name.isupper() else mention.name
        return gaz.synthesise(name, kind, parent.id)

    def _within(self, mention: Mention) -> Place:
        """ "the Somali town of X": X in that country, a new town there if the gazetteer has none."""
        inside = [p for p in (self.gaz.get(i) for i in mention.ids)
                  if p.country_code in mention.within]
        if inside:
            return max(inside, key=lambda p: self._score(p, set(), set()))
        name = mention.name.title() if mention.name.isupper() else mention.name
        return self.gaz.synthesise(name, "city", mention.within[0])

    def _expected(self, place: Place, beside: set[str], own: bool = False) -> bool:
        """In a place named beside it, in a country the report names (`own`: not counting
        the dateline's own sign), or in the prior."""
        gaz = self.gaz
        code = place.country_code
        named = self.countries.get(code, 0.0) - (self.filed.get(code, 0.0) if own else 0.0)
        return (code in gaz.prior or named > 0
                or any(a != place.id and gaz.is_within(place.id, a) for a in beside))

    def _score(self, place: Place, beside: set[str], elsewhere: set[str], name: str = ""
               ) -> tuple[bool, bool, int, float, bool, bool, int, int]:
        """Inside a place of the sentence, then of the report, then in the province of the
        report's other places, then the report's countries, the prior, a capital,
        hand-checked, more people."""
        gaz = self.gaz
        anchored = any(a != place.id and gaz.is_within(place.id, a) for a in beside)
        in_report = any(a != place.id and gaz.get(a).kind != "country"
                        and gaz.is_within(place.id, a) for a in elsewhere)
        capital = gaz.capital(place.country_code)
        return (
            anchored,
            in_report,
            self._neighbours(place, name),
            self.countries.get(place.country_code, 0.0),
            place.country_code in gaz.prior,
            capital is not None and capital.id == place.id,
            gaz.is_curated(place.id),
            gaz.population(place.id),
        )

    def _asked_elsewhere(self) -> dict[str, Asked]:
        """The kind the words ask for a name where the report names it with one ("in Andar
        district of Ghazni province"), for the same name standing bare (a headline's "in
        Ghazni"): one name, one reading. A name asked as two kinds is left bare."""
        if self._asked is None:
            kinds: dict[str, set[Asked]] = {}
            for mention in self._found:
                asked = asked_kind(mention.span.text, mention.start, mention.end)
                if asked is not None:
                    kinds.setdefault(squash_key(fold(mention.name)), set()).add(asked)
            self._asked = {k: v.pop() for k, v in kinds.items() if len(v) == 1}
        return self._asked

    def _agreeing_namesakes(self, mention: Mention, candidates: Sequence[Place]) -> list[Place]:
        """Small towns of the same name (the automaton finds the bigger places only) in the
        province of the report's other places, when no reading found lies there."""
        if mention.why == "dateline" or any(p.kind in ("country", "province") for p in candidates) \
                or any(self._neighbours(p, mention.name) for p in candidates):
            return []
        key = squash_key(fold(mention.name))
        have = {p.id for p in candidates}
        return [p for p in self.gaz.lookup(mention.name, loose=False)
                if p.id not in have and p.kind in ("city", "area")
                and squash_key(fold(p.name)) == key and self._neighbours(p, mention.name)]

    def _neighbours(self, place: Place, name: str) -> int:
        """How many of the report's other names lie in this place's province: a namesake is
        the one the text's other places agree with ("near Mosquera ... the road towards
        Tumaco" is Nariño's Mosquera, not the bigger one near Bogotá). Every name of the
        report counts, in any sentence and at any weight (where officials spoke, where the
        survivors fled), but only a name that can lie in one province."""
        if self._areas is None:
            self._areas = {}
            for other in self._context():
                found = {self._province(i) for i in other.ids}
                if len(found) == 1 and None not in found:
                    self._areas.setdefault(found.pop() or "", set()).add(
                        squash_key(fold(other.name)))
        province = self._province(place.id)
        names = self._areas.get(province, set()) if province else set()
        return len(names - {squash_key(fold(name))})

    def _province(self, place_id: str) -> str | None:
        found = self.gaz.province_of(place_id) if self.gaz.has(place_id) else None
        return found.id if found is not None else None


Holders = dict[int, list[tuple[Mention, bool]]]


def _holders(found: Sequence[Mention]) -> Holders:
    """For each mention, the mentions its sentence puts it in (and whether only a comma joins
    them): those after it joined by "in", ", ", ", capital of", a possessive ("in Mozambique's
    Cabo Delgado"), and a possessive before it ("Kandahar's Spin Boldak district")."""
    by_span: dict[int, list[Mention]] = {}
    for mention in found:
        by_span.setdefault(id(mention.span), []).append(mention)
    out: Holders = {}
    for mentions in by_span.values():
        mentions.sort(key=lambda m: m.start)
        for index, mention in enumerate(mentions):
            out[id(mention)] = _chain(mentions, index)
    return out


def _chain(mentions: list[Mention], index: int) -> list[tuple[Mention, bool]]:
    mention = mentions[index]
    text = mention.span.text
    out: list[tuple[Mention, bool]] = []
    if index and possessive_gap(text[mentions[index - 1].end:mention.start]):
        out.append((mentions[index - 1], False))
    cursor = mention
    for later in mentions[index + 1:]:
        gap = text[cursor.end:later.start]
        if not (inside_gap(gap) or (cursor is not mention and possessive_gap(gap))):
            break
        if later.weight > 0:
            out.append((later, comma_gap(gap)))
        cursor = later
    return out


def _inside(gaz: Gazetteer, place: Place, holders: Sequence[str]) -> bool:
    return any(gaz.is_within(place.id, h) for h in holders)


def _by_words(gaz: Gazetteer, mention: Mention, family: list[Place],
              asked: Asked | None) -> Place:
    """Of nested readings, the one the words around the name ask for; else the one called by
    that very name (not an alias: "Antioquia" is the department, not Santa Fe de Antioquia),
    the deepest town first."""
    deepest = sorted(family, key=lambda p: -len(gaz.ancestors(p.id)))
    towns = [p for p in deepest if p.kind in ("city", "area")]
    if asked == "province":
        found = [p for p in family if p.kind == "province"]
        if found:
            return found[0]
    if asked == "district":
        found = [p for p in family if p.kind == "district"] or towns
        if found:
            return found[0]
    if asked == "town" and towns:
        return towns[0]
    key = squash_key(fold(mention.name))
    named = [p for p in deepest if squash_key(fold(p.name)) == key] or deepest
    named_towns = [p for p in named if p.kind in ("city", "area")]
    return named_towns[0] if named_towns else min(named, key=lambda p: _DEPTH[p.kind])

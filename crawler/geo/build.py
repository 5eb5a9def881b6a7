"""Building the shipped gazetteer tables from seeds/gazetteer and the world data packages.

Kept apart from crawler.geo.gazetteer (the lookups) because it runs only when the compiled cache
(crawler.geo.cache) is missing or stale; see crawler.geo.gazetteer's docstring for the
sources and their order of trust, crawler.geo.sources for the packages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pycountry
import yaml

from crawler.geo.admin import build_admin, core_name
from crawler.geo.cities import add_world_places
from crawler.geo.places import Kind, Place, Tables, slug
from crawler.geo.sources import country_facts, iso_divisions, world_towns
from crawler.geo.towns import TownRow
from crawler.parse.textnorm import fold
from crawler.resources import seed


def build_shipped() -> tuple[Tables, list[TownRow]]:
    """Build the shipped gazetteer tables and the small towns for the on-disk town store."""
    tables = _divisions()
    world = _read_yaml(seed("gazetteer") / "world.yaml")
    towns = list(world_towns())
    admin = build_admin(tables, towns, iso_divisions())
    _add_vowel_spellings(tables)
    rows = add_world_places(tables, towns, admin)
    _add_demonyms(tables, world)
    core_name.cache_clear()  # the build's memo: of no use once the tables exist
    return tables, rows


def _divisions() -> Tables:
    """Countries, pycountry's divisions and the hand-checked places."""
    tables = Tables()
    world = _read_yaml(seed("gazetteer") / "world.yaml")
    pakistan = _read_yaml(seed("gazetteer") / "pakistan.yaml")
    extra_aliases: dict[str, list[str]] = world.get("aliases", {})
    for country in pycountry.countries:
        # Display the short common name ("Iran", not "Iran, Islamic Republic of"); keep the rest.
        common = getattr(country, "common_name", None) or country.name
        names = [country.name, getattr(country, "official_name", None)]
        aliases = [n for n in names if n and n != common] + extra_aliases.get(country.alpha_2, [])
        if country.alpha_2 == pakistan["country"]:
            aliases += pakistan.get("aliases", [])
        tables.add(
            Place(
                country.alpha_2,
                common,
                "country",
                None,
                country.alpha_2,
                None,
                None,
                tuple(a for a in dict.fromkeys(aliases) if a != common),
            )
        )
    for division in sorted(pycountry.subdivisions, key=lambda s: s.parent_code is not None):
        name, bracket = _split_bracket(division.name)
        aliases = ([bracket] if bracket else []) + extra_aliases.get(division.code, [])
        english = english_compass(name)
        if english and english not in aliases:
            aliases.append(english)
        parent = division.parent_code or division.country_code
        if parent not in tables.places:
            parent = division.country_code
        kind: Kind = "district" if division.parent_code else "province"
        tables.add(
            Place(
                division.code, name, kind, parent, division.country_code, None, None, tuple(aliases)
            )
        )
    for code, spec in pakistan["provinces"].items():
        _add_curated_tree(tables, code, spec)
    for code, places in world.get("places", {}).items():
        _add_curated_tree(tables, code, {"places": places})
    tables.stopwords = frozenset(fold(w) for w in world.get("stopwords", []))
    tables.not_places = tuple(fold(n) for n in pakistan.get("not_places", []))
    return tables


_DOUBLE_VOWEL = re.compile(r"([aeiou])\1", re.IGNORECASE)


def _add_vowel_spellings(tables: Tables) -> None:
    """Divisions spelt with doubled vowels (Somali and other transliterations: "Lower
    Shabeelle", "Hiiraan", "Galguduud") also get the spelling reports mostly use, the vowels
    single ("Lower Shabelle", "Hiraan", "Galgudud"), so the matcher finds them as written."""
    for place in list(tables.places.values()):
        if place.kind not in ("province", "district") or place.id in tables.curated:
            continue
        names = {fold(n) for n in (place.name, *place.aliases)}
        extra = [single for n in (place.name, *place.aliases)
                 for single in [_DOUBLE_VOWEL.sub(r"\1", n)]
                 if single != n and len(single) >= 6 and fold(single) not in names]
        if extra:
            tables.add(Place(place.id, place.name, place.kind, place.parent_id,
                             place.country_code, place.lat, place.lon,
                             place.aliases + tuple(dict.fromkeys(extra))))


def _add_curated_tree(tables: Tables, parent_id: str, spec: dict[str, Any]) -> None:
    """Add hand-checked aliases/coordinates of a division and the districts and towns under it."""
    parent = tables.places[parent_id]
    lat, lon = spec.get("at", (parent.lat, parent.lon))
    tables.add(
        Place(
            parent.id,
            parent.name,
            parent.kind,
            parent.parent_id,
            parent.country_code,
            lat,
            lon,
            parent.aliases + tuple(spec.get("aliases", ())),
        ),
        curated=True,
    )
    for entry in spec.get("districts", ()):
        _add_curated(tables, entry, parent, "district")
    for entry in spec.get("places", ()):
        _add_curated(tables, entry, parent, "city")


def _add_curated(tables: Tables, entry: str | dict[str, Any], parent: Place, kind: Kind) -> None:
    """Add one hand-checked place (a name or a mapping) and, recursively, the places inside it."""
    spec: dict[str, Any] = {"name": entry} if isinstance(entry, str) else entry
    lat, lon = spec.get("at", (None, None))
    place = Place(
        f"{parent.id}/{slug(spec['name'])}",
        spec["name"],
        spec.get("kind", kind),
        parent.id,
        parent.country_code,
        lat,
        lon,
        tuple(spec.get("aliases", ())),
    )
    tables.add(place, curated=True, strict=bool(spec.get("strict", False)))
    for child in spec.get("places", ()):
        _add_curated(tables, child, place, "city")


def _add_demonyms(tables: Tables, world: dict[str, Any]) -> None:
    """Countries' adjectives (countryinfo, plus world.yaml's) and capitals, as weak names."""
    facts = country_facts()
    extra: dict[str, list[str]] = world.get("demonyms", {})
    for code in tables.places.keys() & (facts.keys() | extra.keys()):
        if tables.places[code].kind != "country":
            continue
        fact = facts.get(code)
        names = ([fact.demonym] if fact and fact.demonym else []) + extra.get(code, [])
        for name in names:
            for form in (name, *_plural(name)):
                codes = tables.demonyms.get(fold(form), ())
                tables.demonyms[fold(form)] = tuple(dict.fromkeys((*codes, code)))
        capital = _capital(tables, code, fact.capital if fact else None)
        if capital:
            tables.capitals[code] = capital


def _plural(demonym: str) -> tuple[str, ...]:
    """ "Somali" -> ("Somalis",); "Sudanese" has none."""
    return (demonym + "s",) if re.search(r"(?:an|i)$", demonym) else ()


def _capital(tables: Tables, code: str, name: str | None) -> str | None:
    """The id of the city countryinfo names as a country's capital, the most populous such."""
    if not name:
        return None
    for candidate in (name, name.split(",")[0], re.sub(r"\s+D\.?C\.?$", "", name)):
        ids = [i for i in tables.by_name.get(fold(candidate), ())
               if tables.places[i].country_code == code and tables.places[i].kind == "city"]
        if ids:
            return max(ids, key=lambda i: tables.population.get(i, 0))
    return None


_COMPASS = {"nord": "North", "sud": "South", "est": "East", "ouest": "West"}
_NOT_COMPASS_NAMES = frozenset({"centre", "grand", "du", "de", "des", "la", "le"})


def english_compass(name: str) -> str | None:
    """ "Nord-Kivu" -> "North Kivu", "Ennedi-Est" -> "Ennedi East": a French division name
    with a compass word, as English reports write it; None when there is none, or when
    nothing but compass words would be left ("Nord-Ouest") or the name is no compound of
    a compass word ("Grand-Est")."""
    words = re.split(r"[- ]", name)
    lower = [w.lower() for w in words]
    if not set(lower) & _COMPASS.keys() or set(lower) & _NOT_COMPASS_NAMES:
        return None
    if all(w in _COMPASS for w in lower):
        return None
    return " ".join(_COMPASS.get(w.lower(), w) for w in words)


def _split_bracket(name: str) -> tuple[str, str | None]:
    """ "Ceredigion [Sir Ceredigion]" -> ("Ceredigion", "Sir Ceredigion")."""
    match = re.match(r"^(.*?)\s*\[(.+)\]\s*$", name)
    return (match.group(1), match.group(2)) if match else (name, None)


def _read_yaml(path: Path) -> dict[str, Any]:
    """Read one shipped data file."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return data if isinstance(data, dict) else {}

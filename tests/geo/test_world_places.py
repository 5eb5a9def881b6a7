"""World gazetteer: admin-1 and admin-2 for every country, the on-disk town store, other
spellings, demonyms, capitals and the country prior."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from crawler.geo import Gazetteer, resolve_place
from crawler.geo.admin import core_name
from crawler.geo.places import squash_key


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def prior() -> Gazetteer:
    return Gazetteer.load(countries=["NG", "SO", "MZ"])


@pytest.mark.parametrize(("name", "chain"), [
    ("Geidam", "Geidam, Yobe, Nigeria"),
    ("Gulak", "Gulak, Madagali, Adamawa, Nigeria"),
    ("Buni Yadi", "Buni Yadi, Gujba, Yobe, Nigeria"),
    ("Mocimboa da Praia", "Mocímboa da Praia, Cabo Delgado, Mozambique"),
    ("Bunia", "Bunia, Ituri, Congo, The Democratic Republic of the"),
    ("Taunsa", "Taunsa, Dera Ghazi Khan, Punjab, Pakistan"),
    ("Bosaso", "Bosaso, Bari, Somalia"),
    ("Jalalabad", "Jalālābād, Nangarhār, Afghanistan"),
    ("Tal Afar", "Tall ‘Afar, Tel Afar District, Nīnawá, Iraq"),
    ("Ménaka", "Ménaka, Cercle de Ménaka, Ménaka, Mali"),
])
def test_towns_of_every_country_carry_their_divisions(gaz: Gazetteer, name: str,
                                                      chain: str) -> None:
    assert chain in [gaz.describe(p.id) for p in gaz.lookup(name)]


@pytest.mark.parametrize(("name", "division"), [
    ("Lower Juba", "SO-JH"),
    ("Middle Shabele", "SO-SD"),
    ("Bavaria", "DE-BY"),
    ("Borno State", "NG-BO"),
    ("Yobe State", "NG-YO"),
    ("Hiiraan", "SO-HI"),
])
def test_geonames_english_admin1_names_find_the_iso_division(gaz: Gazetteer, name: str,
                                                             division: str) -> None:
    assert gaz.lookup(name)[0].id == division


@pytest.mark.parametrize(("name", "district"), [
    ("Madagali", "Madagali, Adamawa, Nigeria"),
    ("Gujba", "Gujba, Yobe, Nigeria"),
    ("Mobbar", "Mobbar, Borno, Nigeria"),
    ("Belet Weyne", "Belet Weyne, Hiiraan, Somalia"),
    ("Mastung District", "Mastung, Balochistan, Pakistan"),  # the hand-checked one, not a copy
])
def test_admin2_districts_exist_for_every_country(gaz: Gazetteer, name: str,
                                                  district: str) -> None:
    found = [gaz.describe(p.id) for p in gaz.lookup(name) if p.kind == "district"]
    assert district in found


def test_small_towns_live_on_disk_and_are_found_by_name(gaz: Gazetteer) -> None:
    gulak = gaz.lookup("Gulak")[0]
    assert gaz.lookup("Gulak", towns=False) == []  # not in the in-memory tables
    assert gaz.has(gulak.id) and gaz.get(gulak.id) == gulak
    assert gaz.district_of(gulak.id).name == "Madagali"  # type: ignore[union-attr]
    assert gaz.province_of(gulak.id).id == "NG-AD"  # type: ignore[union-attr]
    assert gaz.country_of(gulak.id).id == "NG"  # type: ignore[union-attr]
    with pytest.raises(KeyError):
        gaz.get("NG-AD/madagali/no-such-town")


def _lookup_in_child(queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    gaz = Gazetteer.load()
    queue.put((os.getpid(), [gaz.describe(p.id) for p in gaz.lookup("Buni Yadi")]))


def test_a_forked_worker_reads_the_town_store_on_its_own_connection(gaz: Gazetteer) -> None:
    assert gaz.lookup("Geidam")  # the parent has opened its connection before the fork
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_lookup_in_child, args=(queue,))
    child.start()
    pid, found = queue.get(timeout=60)
    child.join(60)
    assert child.exitcode == 0 and pid != os.getpid()
    assert found == ["Buni Yadi, Gujba, Yobe, Nigeria"]


@pytest.mark.parametrize(("written", "known"), [
    ("Beled Weyne", "Beledweyne"),
    ("Kismaayo", "Kismayo"),
    ("Baydhabo", "Baidoa"),
    ("Dhusamareb", "Dhuusamarreeb"),
    ("Dinsoor", "Diinsoor"),
    ("Lower Shabelle", "Shabeellaha Hoose"),
    ("Wanla Weyn", "Wanlaweyn"),
])
def test_other_spellings_are_found(gaz: Gazetteer, written: str, known: str) -> None:
    assert known in [p.name for p in gaz.lookup(written)]


@pytest.mark.parametrize("typo", ["Quetaa", "Balochistaan", "Kismayoo"])
def test_config_references_are_read_strictly(gaz: Gazetteer, typo: str) -> None:
    assert resolve_place(gaz, typo) == []


def test_a_config_name_is_not_made_ambiguous_by_small_towns_abroad(gaz: Gazetteer) -> None:
    assert [p.id for p in resolve_place(gaz, "Borno")] == ["NG-BO"]
    assert [p.id for p in resolve_place(gaz, "Gulak")] == [gaz.lookup("Gulak")[0].id]


@pytest.mark.parametrize(("typo", "country", "meant"), [
    ("Maidugiri", "NG", "Maiduguri"),
    ("Damaturuu", "NG", "Damaturu"),
    ("Kismaayoo", "SO", "Kismayo"),
])
def test_near_spellings_only_in_the_prior(prior: Gazetteer, gaz: Gazetteer, typo: str,
                                          country: str, meant: str) -> None:
    assert meant in [p.name for p in prior.near_spellings(typo)]
    assert all(p.country_code == country for p in prior.near_spellings(typo))
    assert gaz.near_spellings(typo) == []  # no prior, no guessing
    assert prior.near_spellings("Abc") == []  # too short to tell


@pytest.mark.parametrize(("demonym", "countries"), [
    ("Somali", ("SO",)),
    ("SOMALIS", ("SO",)),
    ("Nigerian", ("NG",)),
    ("Nigerians", ("NG",)),
    ("Pakistani", ("PK",)),
    ("Afghan", ("AF",)),
    ("Mozambican", ("MZ",)),
    ("Kenyan", ("KE",)),
])
def test_demonyms_are_weak_names_of_their_country(gaz: Gazetteer, demonym: str,
                                                  countries: tuple[str, ...]) -> None:
    assert gaz.demonym(demonym) == countries
    assert not gaz.lookup(demonym, towns=False) or demonym.lower().startswith("somali")
    matched = {(name, place) for name, place, _ in gaz.match_names()}
    assert (demonym.lower(), countries[0]) in matched


def test_an_adjective_shared_by_two_countries_names_both(gaz: Gazetteer) -> None:
    assert set(gaz.demonym("Congolese")) == {"CD", "CG"}
    assert gaz.demonym("Quetta") == ()


def test_a_demonym_that_is_a_division_name_is_matched_as_the_demonym(gaz: Gazetteer) -> None:
    pairs = {(name, place) for name, place, _ in gaz.match_names()}
    assert ("somali", "SO") in pairs and ("somali", "ET-SO") not in pairs
    assert gaz.lookup("Somali", towns=False)[0].id == "ET-SO"  # still there for config


@pytest.mark.parametrize(("country", "capital"), [
    ("SO", "Mogadishu"), ("NG", "Abuja"), ("PK", "Islamabad"), ("AF", "Kabul"),
    ("MZ", "Maputo"), ("KE", "Nairobi"),
])
def test_capitals(gaz: Gazetteer, country: str, capital: str) -> None:
    found = gaz.capital(country)
    assert found is not None and found.country_code == country and capital in found.name


def test_the_prior_matches_smaller_cities_and_districts_of_its_countries_only(
        gaz: Gazetteer, prior: Gazetteer) -> None:
    plain = {name for name, _, _ in gaz.match_names()}
    with_prior = {name for name, _, _ in prior.match_names()}
    for name in ("madagali", "gujba", "jawhar", "montepuez", "garoowe"):
        assert name not in plain and name in with_prior, name
    assert "kalabagh" not in with_prior  # a Pakistani town of 16,000: Pakistan is not in this prior
    assert "police" not in with_prior and "town" not in with_prior


@pytest.mark.parametrize(("name", "core"), [
    ("Borno State", "borno"), ("Mastung District", "mastung"), ("Province du Soum", "soum"),
    ("Madagali Local Government Area", "madagali"), ("Lower Juba", "lower juba"),
])
def test_core_names_drop_division_words(name: str, core: str) -> None:
    assert core_name(name) == core


@pytest.mark.parametrize(("a", "b"), [
    ("Beled Weyne", "Beledweyne"), ("Shabeelle", "Shabelle"), ("Dhuusamarreeb", "Dhusamareb"),
    ("Mocímboa-da-Praia", "Mocimboa da Praia"),
])
def test_squashed_keys_meet_across_transliterations(a: str, b: str) -> None:
    from crawler.parse.textnorm import fold
    assert squash_key(fold(a)) == squash_key(fold(b))

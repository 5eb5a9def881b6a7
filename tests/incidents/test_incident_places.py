"""The incident's place, class by class: dateline vs event place, person names that are towns,
the country prior and capitals, small towns the text places, demonyms, town level everywhere.

Each case is a short report of its own (none is a copy of the eval corpus); the expected place is
written as the gazetteer describes it ("Geidam, Yobe, Nigeria"), a locality the gazetteer lacks
as its name before its parent's description.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.geo import Gazetteer
from crawler.incidents.facts import extract_facts
from crawler.incidents.facts.facts import Facts
from crawler.models import Document

PUBLISHED = datetime(2025, 11, 4, 8, tzinfo=UTC)  # a Tuesday


@pytest.fixture(scope="module")
def watched() -> Gazetteer:
    """The watches' countries as the prior: Pakistan, Nigeria, Somalia, Mozambique."""
    return Gazetteer.load(countries=["PK", "NG", "SO", "MZ"])


def facts(gaz: Gazetteer, text: str, title: str = "") -> Facts:
    return extract_facts(Document(title=title, text=text, published=PUBLISHED), gaz)


def where(gaz: Gazetteer, text: str, title: str = "") -> str:
    place = facts(gaz, text, title).primary_place
    if place is None:
        return "(none)"
    if gaz.has(place.id):
        return gaz.describe(place.id)
    return f"{place.name}, {gaz.describe(place.parent_id)}" if place.parent_id else place.name


DATELINES = [
    ("QUETTA, Nov 4: Two levies men were killed when militants attacked their post in Chitkan "
     "area of Panjgur district on Monday, officials said here.",
     "Chitkan, Panjgur, Balochistan, Pakistan"),
    ("KABUL, Nov 4 (Reuters) - A roadside bomb killed three police officers in Jalalabad, the "
     "capital of Nangarhar province, on Monday, officials said.",
     "Jalālābād, Nangarhār, Afghanistan"),
    ("PESHAWAR, 4 NOV 25 (APP) -- FIVE SOLDIERS WERE MARTYRED IN AN IED BLAST IN MIR ALI, NORTH "
     "WAZIRISTAN, ON MONDAY, THE ISPR SAID.",
     "Mir Ali, North Waziristan, Khyber Pakhtunkhwa, Pakistan"),
    ("LAGOS, Nov 4 (AFP) - Gunmen killed 12 villagers in Zamfara state's Tsafe area on Monday, "
     "police said.", "Tsafe, Zamfara, Nigeria"),
    ("MAIDUGURI, Nov 4: A farmer was gunned down here on Monday by suspected insurgents, police "
     "said.", "Maiduguri, Borno, Nigeria"),
    ("KARACHI, 4 NOV 25 (PPI) -- A POLICEMAN WAS SHOT DEAD HERE ON MONDAY NIGHT, POLICE SAID.",
     "Karachi, Sindh, Pakistan"),
    ("MOGADISHU, 4 NOV 25 (SONNA) -- A ROADSIDE BOMB KILLED TWO SOLDIERS NEAR JOWHAR ON MONDAY, "
     "A COMMANDER TOLD SONNA IN MOGADISHU.", "Jawhar, Shabeellaha Dhexe, Somalia"),
    ("PEMBA, Nov 4 (Lusa) - Insurgents killed four fishermen near Mocimboa da Praia on Monday, "
     "the bodies were brought to Pemba, residents said.",
     "Mocímboa da Praia, Cabo Delgado, Mozambique"),
]


@pytest.mark.parametrize(("text", "place"), DATELINES)
def test_the_dateline_is_where_the_report_was_filed(watched: Gazetteer, text: str,
                                                     place: str) -> None:
    assert where(watched, text) == place


PERSONS = [
    ("Mr Ali Bama, a local councillor, said gunmen killed three farmers in Gwoza on Monday.",
     "Gwoza, Borno, Nigeria"),
    ("POLICE SPOKESMAN HASSAN MARDAN SAID THREE PEOPLE WERE KILLED IN NOSHKI ON MONDAY.",
     "Nushki, Balochistan, Pakistan"),
    ("The attack in Turbat on Monday was condemned by Senator Kalat Khan, who said the killers "
     "must be caught.", "Turbat, Kech, Balochistan, Pakistan"),
    ("Gunmen killed two traders in Damboa on Monday. A witness, Musa Kano, said they came on "
     "motorcycles.", "Damboa, Borno, Nigeria"),
    ("MORTARS KILLED FOUR PEOPLE IN MARKA ON MONDAY, DISTRICT COMMISSIONER OMAR ADEN SAID.",
     "Marka, Shabeellaha Hoose, Somalia"),
    ("Two soldiers were killed in Kohlu on Monday. Commander Abdul Sibi (48) led the pursuit.",
     "Kohlu, Balochistan, Pakistan"),
]


@pytest.mark.parametrize(("text", "place"), PERSONS)
def test_person_names_are_not_places(watched: Gazetteer, text: str, place: str) -> None:
    assert where(watched, text) == place


PRIOR = [
    ("Gunmen killed a trader in Hyderabad on Monday, police said.", "Hyderabad, Sindh, Pakistan"),
    ("A bomb killed two soldiers in Bama on Monday, the army said.", "Bama, Borno, Nigeria"),
    ("Two farmers were killed in Banki on Monday, a militia leader said.",
     "Banki, Bama, Borno, Nigeria"),
    ("A suicide bomber killed five people in Islamabad on Monday, police said.",
     "Islamabad, Pakistan"),
    ("Militants attacked a checkpoint in Kabul on Monday, killing four, officials said.",
     "Kabul, Kābul, Afghanistan"),
    ("A grenade attack in Mogadishu on Monday killed a soldier.",
     "Mogadishu, Banaadir, Somalia"),
    ("A BOMB KILLED THREE POLICEMEN IN JALALABAD ON MONDAY.", "Jalālābād, Nangarhār, Afghanistan"),
]


@pytest.mark.parametrize(("text", "place"), PRIOR)
def test_towns_resolve_in_the_watched_countries_and_capitals_at_home(
        watched: Gazetteer, text: str, place: str) -> None:
    assert where(watched, text) == place


def test_the_prior_decides_between_namesakes() -> None:
    text = "Gunmen killed a trader in Hyderabad on Monday, police said."
    assert where(Gazetteer.load(countries=["PK"]), text) == "Hyderabad, Sindh, Pakistan"
    india = where(Gazetteer.load(countries=["IN"]), text)
    assert india.endswith("India")


SMALL_TOWNS = [
    ("Insurgents attacked Geidam town in Yobe State on Monday, killing four.",
     "Geidam, Yobe, Nigeria"),
    ("Two soldiers were killed in Dinsoor in Bay region on Monday.", "Diinsoor, Bay, Somalia"),
    ("Gunmen killed five people in Kala village in Chibok local government area of Borno State "
     "on Monday.", "Kala, Chibok, Borno, Nigeria"),
    ("GUNMEN KILLED TWO PEOPLE IN GULAK, MADAGALI LOCAL GOVERNMENT AREA OF ADAMAWA STATE, ON "
     "MONDAY.", "Gulak, Madagali, Adamawa, Nigeria"),
    ("Three aid workers were shot dead in Yeed, a town in Bakool region, on Monday.",
     "Yeed, Bakool, Somalia"),
    ("A bomb exploded in Hodan district of Mogadishu on Monday, killing three.",
     "Hodan, Mogadishu, Banaadir, Somalia"),
    ("INSURGENTS KILLED SIX CIVILIANS IN MUIDUMBE DISTRICT, CABO DELGADO PROVINCE, ON MONDAY.",
     "Muidumbe, Cabo Delgado, Mozambique"),
]


@pytest.mark.parametrize(("text", "place"), SMALL_TOWNS)
def test_small_towns_are_found_where_the_text_puts_them(watched: Gazetteer, text: str,
                                                        place: str) -> None:
    assert where(watched, text) == place


DEMONYMS = [
    ("A car bomb killed six people in the Somali capital on Monday, police said.",
     "Mogadishu, Banaadir, Somalia"),
    ("A car bomb killed six people in the Afghan capital on Monday, police said.",
     "Kabul, Kābul, Afghanistan"),
    ("Insurgents attacked the Mozambican town of Palma on Monday, killing 12 civilians.",
     "Palma, Mozambique"),
    ("Al-Shabaab fighters stormed the central Somali town of Mahas on Monday, killing five "
     "soldiers.", "Mahas, Somalia"),
    ("AL-SHABAAB FIGHTERS OVERRAN AN ARMY BASE IN THE SOMALI TOWN OF EL BARAF ON MONDAY.",
     "El Baraf, Somalia"),
    ("NAIROBI, Nov 4 (Reuters) - Nigerian troops killed 20 insurgents near Bama on Monday, the "
     "army said.", "Bama, Borno, Nigeria"),
]


@pytest.mark.parametrize(("text", "place"), DEMONYMS)
def test_a_demonym_places_the_event_in_its_country(watched: Gazetteer, text: str,
                                                   place: str) -> None:
    assert where(watched, text) == place


def test_a_demonym_alone_still_gives_the_country(watched: Gazetteer) -> None:
    found = facts(watched, "EIGHT SOMALI SOLDIERS WERE KILLED ON MONDAY, AN OFFICER SAID.")
    assert found.primary_place is not None and found.primary_place.id == "SO"


TOWN_LEVEL = [
    ("A roadside bomb killed four soldiers near Damasak on Monday.", "Damasak, Mobbar, Borno"),
    ("Mortars hit Baidoa airport on Monday, killing two.", "Baidoa, Bay, Somalia"),
    ("Gunmen killed three people in Buni Yadi on Monday.", "Buni Yadi, Gujba, Yobe, Nigeria"),
    ("Insurgents beheaded two men in Mueda on Monday.", "Mueda, Cabo Delgado, Mozambique"),
    ("A bomb killed five people at a market in Konduga on Monday.", "Konduga, Borno, Nigeria"),
    ("Militants attacked a police post in Bosaso on Monday.", "Bosaso, Bari, Somalia"),
]


@pytest.mark.parametrize(("text", "place"), TOWN_LEVEL)
def test_places_outside_pakistan_are_towns_with_their_divisions(
        watched: Gazetteer, text: str, place: str) -> None:
    found = facts(watched, text)
    assert found.primary_place is not None and found.primary_place.kind in ("city", "area")
    assert where(watched, text).startswith(place)
    assert found.places[0] == found.primary_place  # most specific first
    assert any(p.kind == "country" for p in found.places)


def test_a_passing_mention_elsewhere_is_not_another_site(watched: Gazetteer) -> None:
    found = facts(watched, "KARACHI, Nov 4 (APP) - Two policemen were killed in Uthal, Lasbela "
                           "district, on Monday. The injured were shifted to a hospital in "
                           "Karachi.")
    names = {p.name for p in found.places}
    assert "Uthal" in names and "Karachi" not in names


def test_two_sites_of_one_attack_are_both_kept(watched: Gazetteer) -> None:
    found = facts(watched, "Militants launched simultaneous attacks in Turbat and Panjgur on "
                           "Monday, killing six soldiers, officials said.")
    districts = {p.name for p in found.places if p.kind == "district"}
    assert {"Kech", "Panjgur"} <= districts

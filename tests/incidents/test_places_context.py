"""The incident's place, round two, class by class: country names, namesakes the text places,
provinces named like their capitals, places the gazetteer lacks, foreign datelines.

Each case is a short report of its own, in mixed or upper case, in several countries (none is a
copy of tests/fixtures/eval/places_round2). The expected place is written as the gazetteer
describes it ("Spin Boldak, Kandahar, Afghanistan"); a synthesised place the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.geo import Gazetteer
from crawler.incidents.facts import extract_facts
from crawler.incidents.facts.facts import Facts
from crawler.models import Document

PUBLISHED = datetime(2025, 11, 4, 8, tzinfo=UTC)  # a Tuesday
# The watches of a desk following several conflicts: countries and the regions they watch.
COUNTRIES = ["PK", "NG", "SO", "MZ", "AF", "CO", "ML", "BF", "CD", "MX", "PH", "CU"]
REGIONS = ["PK-BA", "NG-BO", "NG-YO", "NG-AD", "SO", "MZ-P", "AF", "CO", "ML", "BF", "CD-IT",
           "CD-NK", "MX-MIC", "MX-GRO", "MX-GUA", "PH", "CU"]


@pytest.fixture(scope="module")
def watched() -> Gazetteer:
    return Gazetteer.load(countries=COUNTRIES, regions=REGIONS)


@pytest.fixture(scope="module")
def pakistan_only() -> Gazetteer:
    """A desk that follows Balochistan alone."""
    return Gazetteer.load(countries=["PK"], regions=["PK-BA"])


def facts(gaz: Gazetteer, text: str, title: str = "") -> Facts:
    return extract_facts(Document(title=title, text=text, published=PUBLISHED), gaz)


def where(gaz: Gazetteer, text: str, title: str = "") -> str:
    place = facts(gaz, text, title).primary_place
    return gaz.describe(place.id) if place is not None else "(none)"


COUNTRY_NAMES = [
    ("FOUR PEOPLE WERE KILLED IN AN INSURGENT RAID IN NORTHERN MOZAMBIQUE ON SUNDAY, POLICE SAID.",
     "", "Mozambique"),
    ("Gunmen killed five people in an attack on a bar in northern Mexico on Sunday.", "",
     "Mexico"),
    ("A bomb attack killed two soldiers in Colombia's Huila department on Monday.", "",
     "Huila, Colombia"),
    ("Jihadists killed six soldiers in an attack on an army camp in Ségou region on Monday.",
     "Mali: army camp attacked", "Ségou, Mali"),
    ("Rebels killed three policemen in an ambush in the town of Colombia, in Huila department, "
     "on Monday.", "", "Colombia, Huila, Colombia"),
    ("Militants killed 12 soldiers in an attack in Niger's Tillaberi region on Monday.", "",
     "Tillabéri, Niger"),
    ("COLOMBIA: GUERRILLAS KILL THREE SOLDIERS IN AN AMBUSH IN ANTIOQUIA ON MONDAY", "",
     "Antioquia, Colombia"),
    ("Gunmen killed four people in an attack on Panama, a village near Tumaco in Colombia's "
     "Narino department, on Monday.", "",
     "Panama, Tumaco, San Andres de Tumaco, Nariño, Colombia"),
]


@pytest.mark.parametrize(("text", "title", "place"), COUNTRY_NAMES)
def test_a_country_name_is_the_country(watched: Gazetteer, text: str, title: str,
                                       place: str) -> None:
    assert where(watched, text, title) == place


NAMESAKES = [
    ("Armed men killed four farmers near Valencia, in Colombia's Córdoba department, on Monday.",
     "CO-COR"),
    ("Dissidents attacked a police post in Buenos Aires, in Colombia's Cauca department, killing "
     "two officers on Monday.", "CO-CAU"),
    ("GUNMEN KILLED SIX PEOPLE IN AN ATTACK ON A CAR WASH IN ZAMORA, IN THE WESTERN STATE OF "
     "MICHOACAN, ON MONDAY.", "MX-MIC"),
    ("Gunmen killed three miners in an attack in Remedios, Antioquia, on Monday.", "CO-ANT"),
    ("A suicide bomber killed five policemen in Kalat, the capital of Zabul province, on Monday.",
     "AF-ZAB"),
    ("Rebels killed nine villagers in an attack near Mahagi, a town in Ituri province, on Monday.",
     "CD-IT"),
    ("INSURGENTS KILLED FIVE PEOPLE IN AN ATTACK NEAR PALMA IN MOZAMBIQUE'S CABO DELGADO PROVINCE.",
     "MZ-P"),
]


@pytest.mark.parametrize(("text", "inside"), NAMESAKES)
def test_the_sentence_places_a_name_with_namesakes_abroad(watched: Gazetteer, text: str,
                                                          inside: str) -> None:
    place = facts(watched, text).primary_place
    assert place is not None and place.kind in ("city", "district", "area")
    assert watched.is_within(place.id, inside), watched.describe(place.id)


ABROAD = [
    ("Gunmen killed five border guards near Saravan in Iran's Sistan and Baluchestan province "
     "on Monday, Iranian media said.", "IR"),
    ("FIVE BORDER GUARDS WERE KILLED IN AN ATTACK IN THE IRANIAN TOWN OF PISHIN ON MONDAY.", "IR"),
    ("Militants attacked a checkpoint near Kandahar in southern Afghanistan on Monday, killing "
     "two policemen.", "AF"),
]


@pytest.mark.parametrize(("text", "country"), ABROAD)
def test_a_town_the_text_places_abroad_is_abroad(pakistan_only: Gazetteer, text: str,
                                                 country: str) -> None:
    place = facts(pakistan_only, text).primary_place
    assert place is not None and place.country_code == country


PROVINCES = [
    ("Gunmen killed two policemen in the northern province of Kunduz on Monday. The attack took "
     "place in Imam Sahib district, officials said.", "Imām Şāḩib, Kunduz, Afghanistan"),
    ("A BOMB KILLED FOUR PEOPLE IN FARAH PROVINCE ON MONDAY. THE BLAST STRUCK A MARKET IN BALA "
     "BULUK DISTRICT, POLICE SAID.", "Bala Buluk, Farāh, Afghanistan"),
    ("Militants attacked a checkpoint in Khost province on Monday, killing three soldiers.",
     "Khōst, Afghanistan"),
    ("Gunmen killed seven people in an attack in Zacatecas state on Monday.", "Zacatecas, Mexico"),
    ("Jihadists killed 14 soldiers in an attack in the Gao region on Monday.", "Gao, Mali"),
    ("Armed men killed two soldiers in an ambush in the eastern department of Meta on Monday. The "
     "attack happened in the municipality of Puerto Rico, the army said.",
     "Puerto Rico, Meta, Colombia"),
    ("Insurgents attacked Konduga in Borno State on Monday, killing four people.",
     "Konduga, Borno, Nigeria"),
]


@pytest.mark.parametrize(("text", "place"), PROVINCES)
def test_a_province_is_the_province_and_a_place_inside_it_is_primary(
        watched: Gazetteer, text: str, place: str) -> None:
    assert where(watched, text) == place


UNLISTED = [
    ("Insurgents killed four people in an attack in Mecufi district on Monday, the Mozambican "
     "agency Lusa reported.", "Mecufi, Cabo Delgado, Mozambique"),
    ("INSURGENTS ATTACKED THE VILLAGE OF MIANGALEWA IN MUIDUMBE DISTRICT ON MONDAY, KILLING TWO, "
     "THE MOZAMBICAN ARMY SAID.",
     "Miangalewa, Muidumbe, Cabo Delgado, Mozambique"),
    ("Gunmen killed three people in an attack on Kiwanja, Rutshuru territory, on Monday.",
     "Kiwanja, Rutshuru Territory, Nord-Kivu, Congo, The Democratic Republic of the"),
    ("Boko Haram fighters killed six farmers in Ngoshe village in Gwoza LGA on Monday.",
     "Ngoshe, Gwoza, Borno, Nigeria"),
    ("Militants killed two Levies men in an attack on a post in the Zeen area of Kolwa tehsil "
     "in Balochistan on Monday.", "Zeen, Kolwah, Kech, Balochistan, Pakistan"),  # its spelling
    ("GUNMEN KILLED FIVE PEOPLE IN AN ATTACK IN THE MUNICIPALITY OF TLALTIZAPAN IN GUERRERO ON "
     "MONDAY.", "Tlaltizapan, Guerrero, Mexico"),
]


@pytest.mark.parametrize(("text", "place"), UNLISTED)
def test_places_the_gazetteer_lacks_are_made_from_the_words(watched: Gazetteer, text: str,
                                                            place: str) -> None:
    assert where(watched, text) == place


SAME_DISTRICT = [
    ("Insurgents killed four people in an attack in Mecufi district on Monday, the Mozambican "
     "agency Lusa reported.",
     "MAPUTO, 4 NOV 25 (AIM) -- FOUR CIVILIANS WERE KILLED WHEN INSURGENTS RAIDED A VILLAGE IN "
     "MECUFI DISTRICT ON MONDAY, THE ADMINISTRATOR SAID."),
    ("Gunmen attacked a checkpoint in Zhari district of Kandahar province on Monday, killing "
     "three police officers.",
     "KANDAHAR, Nov 4 (Pajhwok) - Three policemen were killed in an attack on a checkpoint in "
     "Zhari district on Monday, police said."),
]


@pytest.mark.parametrize(("one", "two"), SAME_DISTRICT)
def test_one_unlisted_district_gets_one_id_across_reports(watched: Gazetteer, one: str,
                                                          two: str) -> None:
    first, second = facts(watched, one).primary_place, facts(watched, two).primary_place
    assert first is not None and second is not None and first.id == second.id


DATELINES = [
    ("TEHRAN, 4 NOV 25 (IRNA) -- PAKISTANI SOLDIERS CLASHED WITH MILITANTS NEAR THE IRANIAN "
     "BORDER ON MONDAY, LEAVING THREE SOLDIERS DEAD.", "Pakistan"),
    ("KABUL, Nov 4 (AFP) - Four Pakistani soldiers were killed in an attack near the Afghan "
     "border on Monday, officials said.", "Pakistan"),
    ("NAIROBI, Nov 4 (Reuters) - Somali soldiers were killed in an ambush close to the Kenyan "
     "frontier on Monday, a Somali officer said.", "Somalia"),
    ("DAKAR, Nov 4 (AFP) - Jihadists killed eight Malian soldiers in an attack near the border "
     "with Senegal on Monday.", "Mali"),
    ("BOGOTA, 4 NOV 25 (EFE) -- TWO VENEZUELAN SOLDIERS WERE KILLED BY GUERRILLAS NEAR THE "
     "COLOMBIAN BORDER ON MONDAY, CARACAS SAID.", "Venezuela"),
    ("KAMPALA, Nov 4 (Reuters) - Rebels killed seven Congolese villagers in an attack in North "
     "Kivu province near the Ugandan border on Monday.", "Nord-Kivu, Congo, The Democratic "
     "Republic of the"),
    ("NIAMEY, Nov 4 (AFP) - At least 12 Nigerien soldiers were killed in an attack near the "
     "border with Burkina Faso on Monday, the army said.", "Niger"),
    ("DERA BUGTI, Nov 4: Militants ambushed a Frontier Corps convoy on Monday, killing three "
     "soldiers, officials said.", "Dera Bugti, Balochistan, Pakistan"),
    ("KANDAHAR, Nov 4: A motorcycle bomb killed two people here on Monday, police said.",
     "Kandahār, Kandahar District, Kandahār, Afghanistan"),
]


@pytest.mark.parametrize(("text", "place"), DATELINES)
def test_a_foreign_dateline_gives_way_to_the_body(watched: Gazetteer, text: str,
                                                  place: str) -> None:
    assert where(watched, text) == place

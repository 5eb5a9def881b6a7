"""The matcher sees the places fact extraction sees: districts and villages of a watched region
the gazetteer lacks ("<Name> district", "the village of <Name>"), namesakes the sentence places,
provinces named like their capitals, and a border's other side that is not the event's country.

Each case is a short report of its own in mixed or upper case (none is a copy of the eval set).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.config.watches import WatchConfig
from crawler.geo import Gazetteer
from crawler.matching.matcher import Matcher, compile_watches
from crawler.models import Document
from tests.support.watchkit import reference_watch

REGIONS = {
    "balochistan": ["Balochistan"],
    "cabo-delgado": ["Cabo Delgado"],
    "afghanistan": ["Afghanistan"],
    "colombia": ["Colombia"],
    "west-mexico": ["Michoacán", "Guerrero", "Guanajuato"],
    "somalia": ["Somalia"],
    "north-east-nigeria": ["Borno", "Yobe", "Adamawa"],
}
COUNTRIES = ["PK", "MZ", "AF", "CO", "MX", "SO", "NG"]
REGION_IDS = ["PK-BA", "MZ-P", "AF", "CO", "MX-MIC", "MX-GRO", "MX-GUA", "SO", "NG-BO", "NG-YO",
              "NG-AD"]


def _watches() -> list[WatchConfig]:
    return [reference_watch(name, places) for name, places in REGIONS.items()]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    gaz = Gazetteer.load(countries=COUNTRIES, regions=REGION_IDS)
    return compile_watches(_watches(), gaz)


def matched(matcher: Matcher, text: str, title: str = "") -> set[str]:
    doc = Document(title=title, text=text, published=datetime(2025, 11, 4, tzinfo=UTC))
    return {m.watch for m in matcher.classify(doc) if m.matched}


UNLISTED = [
    ("MAPUTO, Nov 4 (Lusa) - Insurgents killed four villagers in an attack in Mecufi district "
     "on Monday, the district administrator said.", "cabo-delgado"),
    ("MAPUTO, 4 NOV 25 (AIM) -- INSURGENTS KILLED TWO SOLDIERS IN AN ATTACK ON THE VILLAGE OF "
     "MIANGALEWA IN MUIDUMBE DISTRICT ON MONDAY.", "cabo-delgado"),
    ("Four Mozambican soldiers were killed when insurgents ambushed a convoy near the village of "
     "Nacate on Monday, military sources said.", "cabo-delgado"),
    ("Two Levies men were martyred when gunmen attacked their post in the Zeen area of Kolwa "
     "tehsil on Monday night, Pakistani officials said.", "balochistan"),
    ("ISLAMABAD, 4 NOV 25 (APP) -- THREE SOLDIERS WERE MARTYRED WHEN MILITANTS ATTACKED A POST "
     "IN JHAL JHAO TEHSIL ON MONDAY, THE ISPR SAID.", "balochistan"),
    ("ABUJA, Nov 4 (AFP) - Jihadists killed eleven farmers in an attack on Mairamri village on "
     "Monday, a militia leader said.\nThe village is in the south of Borno State, he said.",
     "north-east-nigeria"),
]


@pytest.mark.parametrize(("text", "watch"), UNLISTED)
def test_villages_and_districts_of_the_region_count_for_it(matcher: Matcher, text: str,
                                                           watch: str) -> None:
    assert watch in matched(matcher, text)


ELSEWHERE = [
    "DHAKA, Nov 4 (Reuters) - Gunmen killed four people in an attack on a camp in Teknaf "
    "sub-district on Monday, police said.",
    "MAPUTO, Nov 4 (Lusa) - Gunmen killed three people in an attack in Mabalane district of "
    "Gaza province on Monday, police said.",
    "NEW DELHI, 4 NOV 25 (PTI) -- MAOIST REBELS KILLED TWO VILLAGERS IN AN ATTACK IN THE "
    "BHEJJI AREA ON MONDAY, POLICE SAID.",
    # a provincial city's bureau tells of its own province: a town of Karachi, not Balochistan
    "KARACHI: Gunmen killed three people in an attack on a shop in Baldia Town on Monday night, "
    "police said.",
    "LAHORE, Nov 4: Two policemen were shot dead in an attack in Raiwind tehsil on Monday, "
    "police said.",
]


@pytest.mark.parametrize("text", ELSEWHERE)
def test_villages_and_districts_elsewhere_do_not(matcher: Matcher, text: str) -> None:
    assert matched(matcher, text) == set()


CONTEXT = [
    ("Gunmen killed two soldiers in an attack near the town of Toledo in north-eastern Colombia "
     "on Monday, the army said.", "colombia"),
    ("ARMED MEN SHOT DEAD FOUR WORKERS IN AN ATTACK IN SALAMANCA, IN THE CENTRAL STATE OF "
     "GUANAJUATO, ON MONDAY.", "west-mexico"),
    ("Gunmen killed five police officers in an ambush in the southern state of Guerrero on "
     "Monday, state authorities said.", "west-mexico"),
    ("Al-Shabaab fighters killed four soldiers in an attack near the port town of Brava in the "
     "Lower Shabelle region on Monday.", "somalia"),
    ("ISLAMABAD, 4 NOV 25 (AFP) -- AFGHAN SOLDIERS CLASHED WITH MILITANTS NEAR THE BORDER WITH "
     "PAKISTAN ON MONDAY, LEAVING FIVE SOLDIERS DEAD.", "afghanistan"),
    ("NAIROBI, Nov 4 (Reuters) - Al Shabaab fighters killed six Somali troops in an attack near "
     "the Kenyan border on Monday, a Somali officer said.", "somalia"),
    # the foreign capital's country named again in the text is still no event place
    ("CARACAS, Nov 4 (AFP) - Four Colombian police officers were killed in an ambush by rebels "
     "near the Venezuelan border on Monday, Colombia's police said, as Venezuelan officials "
     "denied the rebels had crossed from their side.", "colombia"),
    ("ADDIS ABABA, 4 NOV 25 (REUTERS) -- AL-SHABAAB MILITANTS KILLED FIVE SOMALI SOLDIERS NEAR "
     "THE ETHIOPIAN BORDER ON MONDAY, SOMALIA'S ARMY SAID; ETHIOPIAN OFFICIALS SAID THEIR TROOPS "
     "WERE NOT INVOLVED.", "somalia"),
]


@pytest.mark.parametrize(("text", "watch"), CONTEXT)
def test_the_words_around_a_name_place_it_for_the_matcher(matcher: Matcher, text: str,
                                                          watch: str) -> None:
    assert watch in matched(matcher, text)


def test_a_town_the_sentence_places_abroad_is_not_the_watched_namesake(matcher: Matcher) -> None:
    text = ("Five Iranian border guards were killed when gunmen attacked their post near the "
            "town of Pishin in Iran's Sistan and Baluchestan province on Monday.")
    assert "balochistan" not in matched(matcher, text)

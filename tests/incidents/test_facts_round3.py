"""Facts, round three (issue 15): follow-up reports keep the attack's date and join its first
report though the toll rose; killings told without a killing verb, victims listed with their
relations, headlines without a numeral, claims against official figures; armed groups named in
forms the list lacks ("dissidents of the X front", "the X faction of Boko Haram", "Maoists"
outside India).

Each case is a short report of its own, in several countries, as written and in upper case.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.geo import Gazetteer
from crawler.incidents.facts import ActorList, extract_facts
from crawler.incidents.facts.facts import Facts
from crawler.incidents.merge import same_event
from crawler.models import Document
from tests.support.factkit import cased

COUNTRIES = ["PK", "AF", "IN", "CO", "MZ", "NG", "SO", "ML", "PH"]


@pytest.fixture(scope="module")
def watched() -> Gazetteer:
    return Gazetteer.load(countries=COUNTRIES, regions=COUNTRIES)


def facts(gaz: Gazetteer, actors: ActorList | None, text: str, published: date,
          title: str = "") -> Facts:
    when = datetime(published.year, published.month, published.day, 9, tzinfo=UTC)
    return extract_facts(Document(title=title, text=text, published=when), gaz, actors)


# 8. A follow-up report dates the event to the attack, not to the death or the publication.
FOLLOW_UPS = [
    ("A soldier wounded in the May 5 attack on an army post in Kurram district died on Friday, "
     "raising the toll to four, officials said.", date(2025, 5, 10), date(2025, 5, 5)),
    ("Three more bodies were found on Sunday, raising to nine the number of people killed in "
     "the attack on the village on 11 June, a local official in Gwoza said.",
     date(2025, 6, 16), date(2025, 6, 11)),
    ("A third soldier died of his wounds on Monday; troops were ambushed near Tame, in Arauca, "
     "on Jan. 13, the army said.", date(2026, 1, 19), date(2026, 1, 13)),
    ("A policeman injured in Tuesday's bomb attack in Mastung succumbed to his wounds on Friday, "
     "taking the toll to six, police said.", date(2025, 11, 15), date(2025, 11, 11)),
    ("The toll from the 3 November attack on a market in Chibok rose to 14 on Thursday after "
     "two of the wounded died, officials said.", date(2025, 11, 7), date(2025, 11, 3)),
    ("Three policemen died in hospital on Friday after they were wounded when militants "
     "attacked a checkpost in Kalat on Wednesday, officials said.", date(2025, 11, 15),
     date(2025, 11, 12)),
]


@pytest.mark.parametrize(("text", "published", "event"), cased(FOLLOW_UPS))
def test_a_follow_up_keeps_the_attacks_date(watched: Gazetteer, text: str, published: date,
                                            event: date) -> None:
    assert facts(watched, None, text, published).event_date == event


MERGES = [
    (("Gunmen attacked a checkpoint in Andar district on Wednesday, killing three members of "
      "the security forces, a provincial spokesman said.", date(2025, 11, 6)),
     ("A member of the security forces wounded in the November 5 attack on a checkpoint in "
      "Andar district died on Sunday, raising the toll to four, officials said.",
      date(2025, 11, 10))),
    (("Two DRG jawans were killed in an IED blast triggered by Maoists in Bijapur district on "
      "Tuesday, police said.", date(2025, 12, 3)),
     ("A jawan injured in the December 2 IED blast in Bijapur district succumbed on Friday, "
      "taking the toll in the attack by Maoists to three, police said.", date(2025, 12, 6))),
    (("Insurgents killed six people in an attack on the village of Chai, in Macomia district, "
      "on Monday, local sources said.", date(2025, 11, 11)),
     ("The number of people killed in the attack on Chai, in Macomia district, on 10 November "
      "has risen to eight, local sources said on Monday.", date(2025, 11, 17))),
    # the follow-up names only the province, and raises the toll of that day's attack
    (("Gunmen attacked a checkpoint in Andar district on Wednesday, killing three members of "
      "the security forces, officials said.", date(2025, 11, 6)),
     ("The toll from Wednesday's attack on a checkpoint in Ghazni province rose to five on "
      "Saturday after two wounded men died, officials said.", date(2025, 11, 9))),
    # a district the gazetteer lacks, placed in its province by one report and only in its
    # country by the other (filed from the capital)
    (("Insurgents killed seven people in an attack on a village in Muidumbe district, in "
      "Mozambique's Cabo Delgado province, on Sunday.", date(2025, 11, 3)),
     ("Seven civilians were killed on Sunday when insurgents raided a settlement in Muidumbe "
      "district, the district administrator told reporters in Maputo.", date(2025, 11, 3))),
    # one outlet's soldiers are another's policemen
    (("Militants attacked a checkpoint in Maiwand district of Kandahar province on Monday, "
      "killing four soldiers.",
      date(2025, 11, 11)),
     ("Four policemen were killed when militants attacked a checkpoint in Maiwand district, "
      "Kandahar province, on Monday, officials said.", date(2025, 11, 11))),
    (("Gunmen killed five people in an attack on a bus near Kalat on Sunday.", date(2025, 11, 10)),
     ("A sixth passenger wounded in the November 9 attack on a bus near Kalat died on Thursday, "
      "officials said.", date(2025, 11, 14))),
]


@pytest.mark.parametrize("upper", [False, True], ids=["mixed", "UP"])
@pytest.mark.parametrize(("first", "later"), MERGES,
                         ids=["andar", "bijapur", "chai", "ghazni-province", "muidumbe",
                              "maiwand", "kalat"])
def test_a_follow_up_joins_the_first_report(watched: Gazetteer, actors: ActorList,
                                            first: tuple[str, date], later: tuple[str, date],
                                            upper: bool) -> None:
    a = facts(watched, actors, first[0].upper() if upper else first[0], first[1])
    b = facts(watched, actors, later[0].upper() if upper else later[0], later[1])
    same, why = same_event(a, b)
    assert same, why


def test_an_attack_ten_days_before_a_follow_ups_attack_stays_apart(
        watched: Gazetteer, actors: ActorList) -> None:
    earlier = facts(watched, actors, "Boko Haram fighters killed four loggers near Gwoza on "
                    "Monday, residents said.", date(2025, 12, 2))
    follow_up = facts(watched, actors, "Two more bodies were recovered on Tuesday around Gwoza, "
                      "raising to seven the number of people killed in the Boko Haram attack "
                      "on the village on 11 December, a community leader said.",
                      date(2025, 12, 17))
    assert follow_up.event_date == date(2025, 12, 11)
    same, why = same_event(earlier, follow_up)
    assert not same, why


# 9. Killing without a killing verb; victims with their relations; headline vs body; claims.
TOLLS = [
    ("The bodies of four men with gunshot wounds were found on Friday in a ravine near Tumaco, "
     "police said.", "", 4),
    ("The bodies of three farmers bearing bullet wounds were discovered near Mopti on Friday.",
     "", 3),
    ("Gunmen killed the village chief and his two sons in Konduga on Friday, residents said.",
     "", 3),
    ("Militants shot dead a farmer, his wife and their two children near Madagali on Friday.",
     "", 4),
    ("Unknown gunmen killed a tribal elder and his nephew in Khost on Friday.", "", 2),
    # in Afghanistan the Taliban's forces are the state's: victims, not militants
    ("Gunmen killed four members of the Taliban security forces at a checkpoint in Kunduz on "
     "Friday.", "", 4),
    ("Five soldiers were killed when militants attacked a post in Zhob on Friday, officials "
     "said.", "Militants kill soldiers in Zhob attack", 5),
    ("The group claimed to have killed 25 soldiers in the attack on the base in Damboa on "
     "Friday; the army said three soldiers died.", "", 3),
    ("A fourth policeman has died of wounds suffered in Monday's attack on a police station in "
     "Turbat, officials said.", "", 4),
    ("A sixth passenger wounded in the attack on a bus near Kalat on Monday died on Thursday, "
     "officials said.", "", 6),
    ("The number of people killed in the attack on Mafa on Monday has risen to eleven after "
     "three bodies were found in the bush, residents said.", "", 11),
]


@pytest.mark.parametrize(("text", "title", "killed"), cased(TOLLS))
def test_tolls_without_a_killing_verb_relations_and_claims(watched: Gazetteer, text: str,
                                                          title: str, killed: int) -> None:
    assert facts(watched, None, text, date(2025, 11, 8), title).killed == killed


# 10. Groups named in forms the list lacks.
GROUPS = [
    ("Dissidents of the Carolina Ramírez front killed two soldiers in an attack in Puerto "
     "Leguízamo, Putumayo, on Friday.", "FARC dissidents"),
    ("Dissidents of the Franco Benavides front attacked a police station in Argelia, Cauca, on "
     "Friday, killing a policeman.", "FARC dissidents"),
    ("Fighters of the Ali Ngulde faction of Boko Haram killed four loggers near Gwoza on "
     "Friday.", "Boko Haram"),
    ("Maoist rebels ambushed a military truck in Las Navas, Northern Samar, on Friday, killing "
     "two soldiers.", "New People's Army"),
    ("Maoists shot dead a villager in Kandhamal district on Friday, police said.",
     "Communist Party of India (Maoist)"),
]


@pytest.mark.parametrize(("text", "group"), cased(GROUPS))
def test_groups_named_in_forms_the_list_lacks(watched: Gazetteer, actors: ActorList, text: str,
                                              group: str) -> None:
    found = facts(watched, actors, text, date(2025, 11, 8))
    assert group in [a.name for a in found.actors], found.actors

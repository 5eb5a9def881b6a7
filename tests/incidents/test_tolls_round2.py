"""Tolls, second round: separate incidents inside a report, follow-up totals, militants in
headlines and lists, the wounded who later died, claims against official figures, and zeros
stated about another group (issue 15). Each report runs as written and upper-cased."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from crawler.geo import Gazetteer
from crawler.incidents.facts import ActorList, Facts, extract_facts
from crawler.models import Document


def facts_of(text: str, gazetteer: Gazetteer, actors: ActorList, title: str = "") -> Facts:
    doc = Document(title=title, text=text, published=datetime(2025, 6, 10, tzinfo=UTC))
    return extract_facts(doc, gazetteer, actors)


def both_cases(cases: list[tuple[Any, ...]]) -> list[Any]:
    """Each case as written and upper-cased (its first item is the text)."""
    return [pytest.param(case[0].upper() if upper else case[0], *case[1:],
                         id=f"{case[0][:40]}|{'UP' if upper else 'mixed'}")
            for case in cases for upper in (False, True)]


SEPARATE_INCIDENTS = [
    ("Gunmen killed three policemen at a checkpoint in Gwadar on Monday, officials said. In a "
     "separate incident, a labourer was injured in a grenade attack in Turbat.", 3, None),
    ("A roadside bomb killed two soldiers near Bama on Tuesday. Elsewhere, four civilians were "
     "wounded when insurgents shelled Dikwa.", 2, None),
    ("Five people were wounded when a grenade exploded in a market in Jalalabad on Sunday. "
     "Earlier in the day, two policemen were killed in an ambush on the outskirts of the city.",
     None, 5),
    ("A car bomb killed four people in Kirkuk on Friday, police said. In separate attacks on "
     "Saturday, a soldier was killed in Tikrit and two civilians were wounded in Samarra.", 4,
     None),
    ("Maoists killed a jawan in Bijapur on Monday. In another incident, two villagers were "
     "injured in an IED blast in Sukma district.", 1, None),
    ("At least two civilians were killed and seven wounded when militants hurled a grenade in "
     "Kalat on Sunday. In a separate attack in Khuzdar district, gunmen killed three Levies "
     "personnel.", 2, 7),
    ("Three soldiers were killed in an ambush near Tame on Sunday. Also on Sunday, a police "
     "officer was wounded in a separate attack in Saravena.", 3, None),
]
SEVERAL_ATTACKS_IN_THE_LEAD = [
    ("Militants carried out two attacks in Kalat and Khuzdar on Sunday, killing five people. In "
     "Kalat, two civilians were killed by a grenade. In a separate attack in Khuzdar, gunmen "
     "killed three Levies personnel.", 5),
    ("Twin blasts killed nine people in Mogadishu on Tuesday. The first bomb killed six people "
     "at a market; the second blast killed three more near the police station.", 9),
]


@pytest.mark.parametrize(("text", "killed", "injured"), both_cases(SEPARATE_INCIDENTS))
def test_a_separate_incident_is_not_added(text: str, killed: int | None, injured: int | None,
                                          gazetteer: Gazetteer, actors: ActorList) -> None:
    facts = facts_of(text, gazetteer, actors)
    assert (facts.killed, facts.injured) == (killed, injured)


@pytest.mark.parametrize(("text", "killed"), both_cases(SEVERAL_ATTACKS_IN_THE_LEAD))
def test_the_parts_of_attacks_a_lead_totals_still_add_up(text: str, killed: int,
                                                         gazetteer: Gazetteer,
                                                         actors: ActorList) -> None:
    assert facts_of(text, gazetteer, actors).killed == killed


FOLLOW_UP_TOTALS = [
    ("A policeman injured in Friday's blast in Quetta died on Sunday, taking the number of "
     "people killed in the attack to eight.", 8),
    ("He was the third soldier to die from wounds sustained in the ambush, in which four "
     "civilians were also killed.", 7),
    ("The deaths of two more children overnight brought to 14 the number of people killed in "
     "the bombing.", 14),
    ("The number of labourers killed in the attack on the construction camp has risen to nine.",
     9),
    ("Another wounded policeman died in hospital on Monday, raising the toll of the attack to "
     "six.", 6),
    ("She is the second nurse to die as a result of the shelling, in which three patients were "
     "also killed.", 5),
    ("The death of a wounded guard on Monday took to four the number of people killed in the "
     "raid.", 4),
]


@pytest.mark.parametrize(("text", "killed"), both_cases(FOLLOW_UP_TOTALS))
def test_follow_up_totals(text: str, killed: int, gazetteer: Gazetteer,
                          actors: ActorList) -> None:
    assert facts_of(text, gazetteer, actors).killed == killed


MILITANTS_LISTED = [
    ("Fifteen rebels and two soldiers were killed in clashes in Cauca on Sunday.", "", 2, 15),
    ("Security forces killed eight Naxalites in Dantewada on Sunday; a jawan was also killed.",
     "", 1, 8),
    ("Three guerrillas and a police officer died in the shootout, the army said.", "", 1, 3),
    ("Seven FARC dissidents were killed in a military bombing in Guaviare on Monday.", "", None,
     7),
    ("Four Maoist cadres, including a woman, were killed in an encounter on Sunday.", "", None,
     4),
    ("A jawan was martyred in the encounter, police said.", "9 Naxals gunned down in Bijapur; "
     "jawan martyred", 1, 9),
    ("Two jihadists and a vigilante were killed when the attackers were repelled.", "", 1, 2),
    ("The army said 20 terrorists and three soldiers died in the operation.", "", 3, 20),
    ("Troops killed six insurgents near Marte on Sunday.", "Six insurgents, soldier killed in "
     "Marte", 1, 6),
]


@pytest.mark.parametrize(("text", "title", "killed", "militants"), both_cases(MILITANTS_LISTED))
def test_militants_in_headlines_and_lists_are_not_victims(text: str, title: str,
                                                          killed: int | None, militants: int,
                                                          gazetteer: Gazetteer,
                                                          actors: ActorList) -> None:
    upper = text.isupper()
    facts = facts_of(text, gazetteer, actors, title.upper() if upper else title)
    assert (facts.killed, facts.militants_killed) == (killed, militants)


WOUNDED_THEN_DIED = [
    ("A soldier wounded in Saturday's attack on a checkpoint in Kech died in hospital on "
     "Monday.", 1, None),
    ("A policeman who was wounded in the grenade attack on Friday died of his injuries on "
     "Sunday.", 1, None),
    ("A vigilante injured in last week's ambush near Bama succumbed to his wounds on Tuesday.",
     1, None),
    ("A ten-year-old girl injured when a mortar shell hit her house in Mogadishu on Sunday has "
     "died, her family said.", 1, None),
    # The injured stay as stated (the labelled corpus's convention): the death adds to killed.
    ("Three soldiers were killed and five wounded in the ambush. One of the wounded died later "
     "in hospital.", 4, 5),
    ("A constable injured in an IED blast on Sunday succumbed to his injuries on Monday. "
     "Another constable injured in the blast is out of danger.", 1, 1),
]


@pytest.mark.parametrize(("text", "killed", "injured"), both_cases(WOUNDED_THEN_DIED))
def test_the_wounded_who_died_are_killed_not_injured(text: str, killed: int,
                                                     injured: int | None,
                                                     gazetteer: Gazetteer,
                                                     actors: ActorList) -> None:
    facts = facts_of(text, gazetteer, actors)
    assert (facts.killed, facts.injured) == (killed, injured)


CLAIMS = [
    ("Officials said three soldiers were killed. The TTP, in a statement, claimed that 12 "
     "soldiers had been killed.", 3),
    ("The BLA said its fighters had killed 15 personnel, while the ISPR said two soldiers were "
     "martyred.", 2),
    ("According to a statement by the group, 25 soldiers were killed. The army said four "
     "soldiers died.", 4),
    ("Al-Shabaab claimed to have killed 30 soldiers. The army said five soldiers were killed.",
     5),
    ("In a message on Telegram, the Islamic State said it had killed eight members of the "
     "Iraqi army. Security sources said three soldiers were killed.", 3),
    ("The insurgents claimed in a video that 40 troops were killed, but the military said six "
     "soldiers died.", 6),
]
CLAIMS_ALONE = [
    ("ISWAP said in a statement that its fighters killed 12 soldiers.", 12),
    ("The Maoists, in a press note, claimed that 10 jawans were killed in the ambush.", 10),
    ("According to a statement by the group, nine policemen were killed.", 9),
]


@pytest.mark.parametrize(("text", "killed"), both_cases(CLAIMS))
def test_the_official_figure_wins_over_a_claim(text: str, killed: int, gazetteer: Gazetteer,
                                               actors: ActorList) -> None:
    assert facts_of(text, gazetteer, actors).killed == killed


@pytest.mark.parametrize(("text", "killed"), both_cases(CLAIMS_ALONE))
def test_a_claim_alone_is_kept(text: str, killed: int, gazetteer: Gazetteer,
                               actors: ActorList) -> None:
    assert facts_of(text, gazetteer, actors).killed == killed


ZEROS_OF_OTHERS = [
    ("A grenade attack on a police van in Quetta wounded three passers-by. No policemen were "
     "hurt.", None, 3),
    ("Two civilians were injured when mortar rounds hit a market near the airport. No AMISOM "
     "troops were harmed.", None, 2),
    ("A suicide bomber attacked a NATO convoy, wounding four Afghan civilians. No foreign "
     "troops were killed or injured.", None, 4),
    ("Insurgents attacked a base, killing two soldiers. No civilians were hurt.", 2, None),
    ("Rockets hit the compound, wounding Iraqi guards. None of the American personnel was "
     "hurt.", None, None),
    ("There were no casualties among the peacekeepers, but three villagers were wounded.",
     None, 3),
]
ZEROS_OF_THE_INCIDENT = [
    ("No one was hurt in the attack.", 0, 0),
    ("None of the 40 passengers was hurt.", 0, 0),
    ("Two soldiers were injured but no one was killed.", 0, 2),
    ("Two jawans were injured and no security personnel were killed.", 0, 2),
    ("The blast damaged the gate; there were no casualties.", 0, 0),
]


@pytest.mark.parametrize(("text", "killed", "injured"), both_cases(ZEROS_OF_OTHERS))
def test_a_zero_about_another_group_is_not_the_incidents(text: str, killed: int | None,
                                                         injured: int | None,
                                                         gazetteer: Gazetteer,
                                                         actors: ActorList) -> None:
    facts = facts_of(text, gazetteer, actors)
    assert (facts.killed, facts.injured) == (killed, injured)


@pytest.mark.parametrize(("text", "killed", "injured"), both_cases(ZEROS_OF_THE_INCIDENT))
def test_a_zero_about_the_incident_stays(text: str, killed: int, injured: int,
                                         gazetteer: Gazetteer, actors: ActorList) -> None:
    facts = facts_of(text, gazetteer, actors)
    assert (facts.killed, facts.injured) == (killed, injured)

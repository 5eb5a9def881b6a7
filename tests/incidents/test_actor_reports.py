"""Actors of whole reports: the report's country settles local names, background sentences name
no actor, evidence keeps the deciding sentence, and reports naming a faction or its family merge."""

from __future__ import annotations

import pytest

from crawler.geo import Gazetteer
from crawler.incidents.facts import ActorList, Facts, extract_facts
from crawler.incidents.merge import same_event
from crawler.parse.docfile import document_from_text


def facts(text: str, gazetteer: Gazetteer, actors: ActorList) -> Facts:
    return extract_facts(document_from_text(text), gazetteer, actors)


REPORTS = [
    (" date 2025-04-16 The Islamic State group said on Wednesday its fighters had attacked a military "
     "base in Marte, Borno State, on Monday. Military sources said seven soldiers died.",
     "Islamic State West Africa Province (ISWAP)"),
    (" date 2025-06-18 PEMBA, 18 JUN 25 (AGENCY) -- ISLAMIC STATE CLAIMED RESPONSIBILITY FOR AN "
     "ATTACK ON A MILITARY POST NEAR MACOMIA IN CABO DELGADO ON MONDAY IN WHICH FOUR SOLDIERS WERE "
     "KILLED.", "Islamic State Mozambique Province (ISM)"),
    (" date 2025-04-09 Insurgents known locally as al-Shabaab beheaded three villagers near Macomia "
     "in Cabo Delgado province on Monday, a local administrator said.",
     "Islamic State Mozambique Province (ISM)"),
    (" date 2025-01-07 Eight security personnel were killed when Maoists blew up their vehicle in "
     "Bijapur district of Chhattisgarh on Monday, police said.", "Communist Party of India (Maoist)"),
    (" date 2025-07-23 Two policemen were shot dead when Taliban militants attacked a police post in "
     "Zhob district of Balochistan on Tuesday, police said.", "Tehreek-e-Taliban Pakistan (TTP)"),
    (" date 2025-07-28 The Islamic State group claimed the attack on a church in Komanda, Ituri "
     "province, in which dozens of worshippers were killed on Sunday.", "Allied Democratic Forces (ADF)"),
    (" date 2025-10-09 A bomb exploded near the Kandahar governor's office on Wednesday, killing three "
     "guards, a Taliban spokesman said. The Taliban blamed the Islamic State group. On Thursday the "
     "Islamic State group claimed responsibility for the blast.",
     "Islamic State Khorasan Province (ISKP)"),
]


@pytest.mark.parametrize(("text", "label"), REPORTS)
def test_local_names_are_settled_by_the_report_places(
    text: str, label: str, gazetteer: Gazetteer, actors: ActorList
) -> None:
    found = facts(text, gazetteer, actors)
    assert found.actors[0].label == label
    assert found.evidence["actors"]


@pytest.mark.parametrize("text", [
    " date 2025-03-20 Gunmen killed three farmers near Damboa in Borno State on Tuesday. Last year "
    "ISWAP claimed a similar attack in the same village.",
    " date 2025-03-20 Gunmen killed three farmers near Damboa in Borno State on Tuesday. In 2023, "
    "Boko Haram fighters killed 40 farmers in the area.",
    " date 2025-03-20 Gunmen killed three farmers near Damboa in Borno State on Tuesday. Boko Haram "
    "and ISWAP have been fighting the government since 2009.",
])
def test_background_groups_are_no_actors(text: str, gazetteer: Gazetteer, actors: ActorList) -> None:
    assert facts(text, gazetteer, actors).actors == ()


def test_a_front_and_its_family_merge(gazetteer: Gazetteer, actors: ActorList) -> None:
    """'FARC dissidents' and the EMC's Jaime Martínez column are one group family: not apart."""
    generic = facts(" date 2025-04-14 FARC dissidents attacked a police station in Suárez, Cauca, "
                    "on Sunday, killing one police officer, the governor said.", gazetteer, actors)
    front = facts(" date 2025-04-14 The Jaime Martínez Mobile Column of the Estado Mayor Central "
                  "attacked the police station in Suárez, Cauca, on Sunday, killing a policeman, "
                  "the army said.", gazetteer, actors)
    assert [a.name for a in front.actors] == ["Estado Mayor Central", "FARC dissidents"]
    assert front.actors[0].unit == "Jaime Martínez Mobile Column"
    assert same_event(generic, front)[0]


def test_groups_of_different_families_stay_apart(gazetteer: Gazetteer, actors: ActorList) -> None:
    eln = facts(" date 2025-04-14 The ELN claimed an attack on a police station in Suárez, Cauca, on "
                "Sunday that killed one police officer.", gazetteer, actors)
    farc = facts(" date 2025-04-14 FARC dissidents claimed an attack on a police station in Suárez, "
                 "Cauca, on Sunday that killed one police officer.", gazetteer, actors)
    same, reason = same_event(eln, farc)
    assert not same and "actors" in reason

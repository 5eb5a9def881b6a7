"""Groups the actor list does not know still give an actor when they claim; descriptions never do."""

from __future__ import annotations

import pytest

from crawler.incidents.facts import ActorList
from crawler.incidents.facts.actors import CLAIMED, find_actors

ACTORS = ActorList.load()


def labels(sentence: str) -> list[tuple[str, str]]:
    found, _evidence = find_actors([sentence], ACTORS)
    return [(a.label, a.responsibility) for a in found]


UNLISTED = [
    ("A group calling itself the Mujahideen of the East claimed responsibility for the blast.",
     "Mujahideen of the East"),
    ("A little-known group, the Sons of the Valley Brigade, claimed the bombing.",
     "Sons of the Valley Brigade"),
    ("The Kuki Liberation Front (KLF), a little-known outfit, claimed responsibility.",
     "Kuki Liberation Front (KLF)"),
    ("The attack was claimed by the Mandalay Urban Guerrilla Force.", "Mandalay Urban Guerrilla Force"),
    ("Responsibility was claimed by Jund al-Khilafah in a post on Telegram.", "Jund al-Khilafah"),
    ("The Popular Resistance Army claimed responsibility for the ambush.", "Popular Resistance Army"),
    ('A previously unknown group, "Lions of the Delta", claimed the attack.', "Lions of the Delta"),
    ("A shadowy outfit, the Frente Comuneros del Sur, claimed responsibility.",
     "Frente Comuneros del Sur"),
    ("An obscure group called Katibat al-Furqan claimed the attack on the convoy.", "Katibat al-Furqan"),
    ("A group that calls itself the Revolutionary Defence Committee said it carried out the bombing.",
     "Revolutionary Defence Committee"),
]


@pytest.mark.parametrize(("sentence", "name"), UNLISTED)
def test_unlisted_claimants_are_named_as_written(sentence: str, name: str) -> None:
    assert labels(sentence) == [(name, CLAIMED)]


UPPER = [
    ("A GROUP CALLING ITSELF THE ARMY OF GOD CLAIMED RESPONSIBILITY FOR THE BLAST.", "Army of God"),
    ("A LITTLE-KNOWN SEPARATIST GROUP, THE SOUTHERN CAMEROONS RESTORATION ARMY, CLAIMED THE ATTACK.",
     "Southern Cameroons Restoration Army"),
    ("THE ATTACK WAS CLAIMED BY THE AL-FURQAN BRIGADE IN A STATEMENT.", "al-Furqan Brigade"),
    ("POLICE SAID THE BALOCH WATAN ARMY CLAIMED RESPONSIBILITY.", "Baloch Watan Army"),
]


@pytest.mark.parametrize(("sentence", "name"), UPPER)
def test_unlisted_claimants_in_wire_capitals_are_named_in_title_case(sentence: str, name: str) -> None:
    assert labels(sentence) == [(name, CLAIMED)]


NOT_NAMES = [
    "Unidentified gunmen claimed responsibility for the attack, police said.",
    "Suspected militants claimed the attack in leaflets.",
    "Armed men later claimed responsibility.",
    "Bandits claimed the kidnapping in a phone call to relatives.",
    "The attack was claimed by a local militia.",
    "Abu Yasir, a spokesman, claimed responsibility for the attack.",
    "The army claimed to have killed 20 militants.",
    "No group has claimed responsibility for the attack.",
    "Police said Khan claimed responsibility for the attack.",
    "UNIDENTIFIED GUNMEN CLAIMED RESPONSIBILITY FOR THE ATTACK, POLICE SAID.",
    "THE ATTACK WAS CLAIMED BY SUSPECTED MILITANTS.",
]


@pytest.mark.parametrize("sentence", NOT_NAMES)
def test_descriptions_and_people_are_no_groups(sentence: str) -> None:
    assert labels(sentence) == []


def test_a_listed_group_beside_the_claimant_is_not_the_claimant() -> None:
    sentence = ("A group calling itself the Mujahideen of Khorasan, believed to be linked to ISKP, "
                "claimed responsibility.")
    found = labels(sentence)
    assert found[0] == ("Mujahideen of Khorasan", CLAIMED)
    assert ("Islamic State Khorasan Province (ISKP)", CLAIMED) not in found

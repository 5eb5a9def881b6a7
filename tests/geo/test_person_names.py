"""Person names that are also towns: the context decides, in mixed and upper case."""

from __future__ import annotations

import pytest

from crawler.geo.persons import TITLES, person_context


def _why(text: str, name: str) -> str | None:
    start = text.index(name)
    return person_context(text, start, start + len(name))


@pytest.mark.parametrize(("text", "name"), [
    ("Mr Ali Bama said the attackers fled.", "Bama"),
    ("MR ALI BAMA SAID THE ATTACKERS FLED.", "BAMA"),
    ("police spokesman Hassan Mardan told reporters", "Mardan"),
    ("Gen. Asim Kalat visited the wounded.", "Kalat"),
    ("Senator Kalat Khan condemned it.", "Kalat"),
    ("Nawab Sanaullah Zehri condemned the killings.", "Zehri"),
    ("DISTRICT COMMISSIONER OMAR ADEN SAID.", "ADEN"),
    ("a resident, Musa Kano, said the gunmen came at night", "Kano"),
    ("A RESIDENT, MUSA KANO, SAID", "KANO"),
    ("the victim, Sibi Khan, 45, was a shopkeeper", "Sibi"),
    ("a trader named Marte was abducted", "Marte"),
    ("the son of Haji Mubarak Turbat was among the dead", "Turbat"),
    ("President Hassan Sheikh Mohamud condemned the attack", "Hassan"),
    ("Commander Abdullahi Gwoza (52) was killed", "Gwoza"),
])
def test_names_in_person_context_are_people(text: str, name: str) -> None:
    assert _why(text, name) is not None


@pytest.mark.parametrize(("text", "name"), [
    ("Gunmen killed three farmers in Bama on Monday.", "Bama"),
    ("GUNMEN KILLED THREE FARMERS IN BAMA ON MONDAY, OFFICIALS SAID.", "BAMA"),
    ("A blast in Quetta said to be the work of militants", "Quetta"),
    ("IN KHARAN ON MONDAY NIGHT, OFFICIALS SAID.", "KHARAN"),
    ("the attack in Gwoza, residents said", "Gwoza"),
    ("A JUDGE IN GALKAYO WAS SHOT DEAD", "GALKAYO"),
    ("near Damasak in Mobbar local government area", "Damasak"),
    ("Mardan police confirmed the blast", "Mardan"),
])
def test_places_after_locatives_stay_places(text: str, name: str) -> None:
    assert _why(text, name) is None


def test_titles_come_from_a_name_package_with_local_honorifics() -> None:
    assert {"mr", "gen", "commander", "president", "senator"} <= TITLES  # nameparser
    assert {"maulana", "nawab", "haji", "alhaji", "spokesman"} <= TITLES  # added here
    assert not {"general", "police", "air", "the"} & TITLES  # they stand before places too

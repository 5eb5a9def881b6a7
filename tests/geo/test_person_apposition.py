"""A person named after a title, in apposition ("the spokesman, Abdul Ahad Kakar, said") or
after it ("said provincial spokesman Hamidullah Andar"), is no place: crawler.geo.persons, in
mixed and upper case (issue 15, round three). Places after a locative stay places.
"""

from __future__ import annotations

import pytest

from crawler.geo.persons import person_context

PERSONS = [
    ("the provincial police spokesman, Mohammad Qasim Kakar, said.", "Kakar"),
    ("said the deputy commissioner, Jameel Ahmed Zehri.", "Zehri"),
    ("the council chairman, Alhaji Babagana Konduga, told reporters.", "Konduga"),
    ("said provincial spokesman Hamidullah Andar.", "Andar"),
    ("the commander of the Third Division, General Federico Mosquera, said on Monday.",
     "Mosquera"),
    ("said Manipur police spokesman Vivek Dhar.", "Dhar"),
    ("the department's secretary of government, Carlos Suarez, told reporters.", "Suarez"),
    ("provincial police director Col. Jose Bautista said.", "Bautista"),
]


PLACES = [
    ("two policemen were killed in Kakar, officials said.", "Kakar"),
    ("the spokesman said the attack happened in Andar district.", "Andar"),
    ("the attackers fled towards Mosquera, the commander said.", "Mosquera"),
    ("a bomb exploded in the market of Konduga, the council chairman said.", "Konduga"),
]


@pytest.mark.parametrize("upper", [False, True], ids=["mixed", "UP"])
@pytest.mark.parametrize(("text", "name", "person"),
                         [(t, n, True) for t, n in PERSONS] + [(t, n, False) for t, n in PLACES])
def test_a_name_after_a_title_is_a_person_after_a_locative_a_place(
        text: str, name: str, person: bool, upper: bool) -> None:
    if upper:
        text, name = text.upper(), name.upper()
    start = text.rindex(name)
    assert (person_context(text, start, start + len(name)) is not None) == person

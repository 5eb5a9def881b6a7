"""Stated zeros are figures (0), and casualties not known stay unknown (None) — issue 15."""

from __future__ import annotations

import pytest

from crawler.incidents.facts.numbers import figures_in
from crawler.incidents.facts.tolls import aggregate
from tests.support.factkit import as_written_and_upper, tolls

ZEROS = [
    ("No one was killed in the blast, police said.", {"killed": 0}),
    ("Nobody was hurt when the grenade exploded outside the gate.", {"killed": 0, "injured": 0}),
    ("There were no casualties, a Levies official said.", {"killed": 0, "injured": 0}),
    ("The rocket landed in an empty field and caused no casualties.", {"killed": 0, "injured": 0}),
    ("No loss of life was reported in the attack on the pipeline.", {"killed": 0}),
    ("No lives were lost, but the bridge was badly damaged.", {"killed": 0}),
    ("None of the soldiers was injured in the ambush.", {"injured": 0, "killed": None}),
    ("No one has been reported killed or injured so far.", {"killed": 0, "injured": 0}),
    ("Officials said there were no deaths, but seven people were wounded.", {"killed": 0, "injured": 7}),
    ("The attackers fled and no injuries were reported.", {"injured": 0}),
    ("There were no immediate reports of casualties.", {"killed": 0, "injured": 0}),
    ("Insurgents fired mortars at the base without causing any casualties.", {"killed": 0, "injured": 0}),
    ("There were no fatalities, the district commissioner said.", {"killed": 0}),
    ("Nobody died, but three people were treated for shrapnel wounds.", {"killed": 0, "injured": 3}),
    ("None of the 42 passengers was hurt.", {"killed": 0, "injured": 0}),
    ("No soldiers were killed in the attack.", {"killed": 0}),
]

UNKNOWN = [
    ("It was not immediately known if anyone was hurt.", {"killed": None, "injured": None}),
    ("There was no word on casualties.", {"killed": None, "injured": None}),
    ("It was not immediately clear whether there were any casualties.", {"killed": None}),
    ("Casualty figures were not available.", {"killed": None, "injured": None}),
]


@pytest.mark.parametrize(("text", "want"), as_written_and_upper(ZEROS))
def test_a_stated_zero_is_zero(text: str, want: dict[str, int | None]) -> None:
    got = tolls(text)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(("text", "want"), as_written_and_upper(UNKNOWN))
def test_casualties_not_known_are_no_figure(text: str, want: dict[str, int | None]) -> None:
    got = tolls(text)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(
    ("sentences", "killed", "injured"),
    [
        (["Three policemen were shot dead.", "No one else was hurt."], 3, 0),
        (["Two soldiers were killed and four wounded.", "There were no other casualties."], 2, 4),
        (["No one was killed.", "Four members of a family were injured."], 0, 4),
    ],
)
def test_a_count_outweighs_a_zero_of_its_kind(sentences: list[str], killed: int, injured: int) -> None:
    """'No one else was hurt' after three killed: killed 3, injured 0."""
    figures = [f for s in sentences for f in figures_in(s)]
    assert (aggregate(figures, "killed"), aggregate(figures, "injured")) == (killed, injured)

"""Counts and the verbs they belong to: words and lists between them, qualifiers and ranges, and
numbers that are never tolls (ages, units, times, dates, vehicles) — issue 15."""

from __future__ import annotations

import pytest

from crawler.incidents.facts.numbers import parse_number
from tests.support.factkit import as_written_and_upper, tolls

BETWEEN_AND_LISTS = [
    ("Three people were seriously injured in the blast.", {"injured": 3}),
    ("Five others, including a policeman, were injured.", {"injured": 5}),
    ("At least 11 people, most of them women, were reportedly killed.", {"killed": 11}),
    ("Nine others were also critically wounded.", {"injured": 9}),
    ("Eight people, including four soldiers, were injured.", {"injured": 8}),
    ("Twenty-seven people, mostly traders, were killed and thirty-four injured.",
     {"killed": 27, "injured": 34}),
    ("Two children, aged 12 and 14, were killed.", {"killed": 2}),
    ("Five policemen and a civilian were killed.", {"killed": 6}),
    ("Six policemen, two Levies personnel and a civilian were killed.", {"killed": 9}),
    ("Four soldiers, two members of the Civilian Joint Task Force and a hunter were killed.", {"killed": 7}),
    ("Two soldiers and a vigilante were killed, and five residents were wounded.",
     {"killed": 3, "injured": 5}),
    ("Six policemen and four passers-by were injured.", {"injured": 10}),
    ("Nine personnel of the Constabulary's Battalion 7 were killed.", {"killed": 9}),
    ("Three soldiers of 25 Task Force Brigade were killed.", {"killed": 3}),
    ("Five people from two families are dead.", {"killed": 5}),
    ("Fourteen people were killed and nineteen others injured.", {"killed": 14, "injured": 19}),
    ("Two Levies personnel were killed and three injured two days ago.", {"killed": 2, "injured": 3}),
    ("The explosion killed 14 people and wounded 32 others.", {"killed": 14, "injured": 32}),
    ("Gunmen killed seven and wounded three before fleeing.", {"killed": 7, "injured": 3}),
    ("Boko Haram fighters killed a dozen farmers and injured half a dozen others.",
     {"killed": 12, "injured": 6}),
    ("At least three people were killed, including a child, and 10 wounded.", {"killed": 3, "injured": 10}),
    ("The attack killed at least seven people, a military officer said.", {"killed": 7}),
    ("Gunmen shot dead six labourers from Punjab in Surbandar, a fishing town.", {"killed": 6}),
    ("A truck bomb killed at least 10 people, a police officer and a witness said.", {"killed": 10}),
]

QUALIFIERS_AND_RANGES = [
    ("As many as 14 people were reportedly killed.", {"killed": 14}),
    ("Up to 20 others were wounded.", {"injured": 20}),
    ("Up to 40 people may have been wounded, a doctor said.", {"injured": 40}),
    ("Some 30 villagers were feared dead after the raid.", {"killed": 30}),
    ("More than 20 people were killed and over 50 injured.", {"killed": 20, "injured": 50}),
    ("No fewer than six vigilantes were killed.", {"killed": 6}),
    ("Between 10 and 12 workers were shot dead.", {"killed": 10}),
    ("Between eight and 10 soldiers were killed.", {"killed": 8}),
    ("Nine to 11 others were injured.", {"injured": 9}),
    ("Dozens were killed and scores wounded.", {"killed": None, "injured": None}),
    ("Several others were injured.", {"injured": None}),
]

NOT_TOLLS = [
    ("A 65-year-old man was killed.", {"killed": 1}),
    ("A 70-year-old tribal elder was shot dead.", {"killed": 1}),
    ("Khan, 56, was killed.", {"killed": 1}),
    ("A 15-year-old boy was among three people killed.", {"killed": 3}),
    ("Two children aged eight and 11 were among four people killed.", {"killed": 4}),
    ("The convoy of 30 vehicles was attacked at 10 pm on 12 May.", {"killed": None}),
    ("The blast, which took place 15 km from the town, injured four people.", {"injured": 4}),
    ("Police said the 2 kg bomb was fitted to a motorcycle.", {"killed": None}),
    ("The attack happened on Route 40 at 6:30 in the morning.", {"killed": None}),
    ("Militants attacked a convoy of 12 vehicles, killing four soldiers.", {"killed": 4}),
    ("Three of the 12 passengers on the bus were injured.", {"injured": 3}),
    ("Eight traders were killed 30 kilometres outside Gubio.", {"killed": 8}),
    ("The fighters set fire to a tanker carrying 1,500 litres of fuel.", {"killed": None}),
    ("Gunmen offloaded nine passengers on the N-40 highway and shot them dead.", {"killed": 9}),
    ("Police recovered two rifles and 300 rounds of ammunition.", {"killed": None}),
    ("The attack came on the 11th day of the operation, in which 2 camps were destroyed.", {"killed": None}),
]


@pytest.mark.parametrize(("text", "want"), as_written_and_upper(BETWEEN_AND_LISTS))
def test_counts_reach_their_verb_over_words_and_lists(text: str, want: dict[str, int | None]) -> None:
    got = tolls(text)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(("text", "want"), as_written_and_upper(QUALIFIERS_AND_RANGES))
def test_qualifiers_keep_the_figure_and_ranges_their_lower_bound(
    text: str, want: dict[str, int | None]
) -> None:
    got = tolls(text)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(("text", "want"), as_written_and_upper(NOT_TOLLS))
def test_ages_units_times_and_things_are_no_tolls(text: str, want: dict[str, int | None]) -> None:
    got = tolls(text)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(
    ("words", "value"),
    [("half a dozen", 6), ("a dozen", 12), ("Twenty-Seven", 27), ("thirty four", 34), ("dozens", None),
     ("scores", None), ("a couple of", 2), ("1,500", 1500)],
)
def test_number_words(words: str, value: int | None) -> None:
    assert parse_number(words) == value

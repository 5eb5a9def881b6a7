"""Victims without a numeral and the idioms of killing count (issue 15)."""

from __future__ import annotations

import pytest

from tests.support.factkit import KINDS, as_written_and_upper, tolls

NO_NUMERAL = [
    ("A shopkeeper was gunned down in the main bazaar of Turbat.", {"killed": 1}),
    ("A schoolteacher was shot dead outside his home.", {"killed": 1}),
    ("Gunmen shot and killed a polio worker in Bajaur.", {"killed": 1}),
    ("The attackers killed a woman and her two daughters.", {"killed": 3}),
    ("Gunmen killed a village head and his son.", {"killed": 2}),
    ("A police constable and a passer-by were injured in the firing.", {"injured": 2}),
    ("Mohammad Ali, a local journalist, was gunned down on Monday.", {"killed": 1}),
    ("Constable Abdul Qadir was martyred in the attack.", {"killed": 1}),
    ("His bodyguard was also killed.", {"killed": 1}),
    ("Two members of his escort were killed and a third was wounded.", {"killed": 2, "injured": 1}),
    ("Officials condemned the murder of six teachers at the school.", {"killed": 6}),
    ("The killing of three tribal elders sparked protests.", {"killed": 3}),
    ("Residents demanded justice for the deaths of four children.", {"killed": 4}),
    ("Gunmen on motorcycles opened fire on the car, killing its driver.", {"killed": 1}),
    ("A roadside bomb killed the deputy commissioner and three of his guards.", {"killed": 4}),
    ("An army major and a soldier were martyred in the exchange of fire.", {"killed": 2}),
    ("The insurgents killed a pregnant woman, her husband and their three children.", {"killed": 5}),
    ("Both guards were killed.", {"killed": 2}),
    ("A policeman was killed and a passer-by was injured.", {"killed": 1, "injured": 1}),
    ("Two brothers, Musa Ibrahim, 34, and Adamu Ibrahim, 29, were killed.", {"killed": 2}),
    ("The victim, 23, was shot in the head and died on the spot.", {"killed": 1}),
    ("Khalid, 40, a shopkeeper, died of his wounds in hospital.", {"killed": 1}),
    ("A vigilante who was shot in the chest succumbed to his injuries.", {"killed": 1}),
    ("Gunmen offloaded nine passengers from a bus and shot them dead.", {"killed": 9}),
    ("Their 60-year-old father was wounded in the attack.", {"injured": 1}),
]

IDIOMS = [
    ("Two FC soldiers embraced martyrdom in the attack.", {"killed": 2}),
    ("Three personnel embraced shahadat while repulsing the attack.", {"killed": 3}),
    ("Two gallant soldiers paid the supreme price.", {"killed": 2}),
    ("Two soldiers laid down their lives fighting the terrorists.", {"killed": 2}),
    ("Four Somali soldiers lost their lives in the assault.", {"killed": 4}),
    ("One of the wounded later died in hospital.", {"killed": 1}),
    # an ordinal counts the dead so far: the third to die makes three ("the second officer to die")
    ("A third victim succumbed to his injuries on Wednesday.", {"killed": 3}),
    ("The bodies of seven labourers were found in a ravine.", {"killed": 7}),
    ("Rescuers pulled out five bodies from the rubble.", {"killed": 5}),
    ("Hospital officials received 14 bodies and treated 31 injured people.", {"killed": 14}),
    ("Five people were burnt to death when the bus was set ablaze.", {"killed": 5}),
    ("Five farmers were hacked to death on their farms.", {"killed": 5}),
    ("The blast claimed the lives of nine worshippers.", {"killed": 9}),
    ("The rocket attack has now claimed four lives.", {"killed": 4}),
    ("Eight people perished in the fire started by the attackers.", {"killed": 8}),
    ("Boko Haram fighters gunned down five vigilantes.", {"killed": 5}),
    ("No fewer than 18 persons were confirmed dead.", {"killed": 18}),
    ("Eleven passengers were pulled off the bus and executed.", {"killed": 11}),
    ("The bomb left 12 dead and 25 wounded.", {"killed": 12, "injured": 25}),
    ("Two vigilantes escaped with gunshot wounds.", {"injured": 2}),
    ("Two police officers sustained gunshot injuries during the exchange.", {"injured": 2}),
    ("Three people were treated for shrapnel wounds.", {"injured": 3}),
]


@pytest.mark.parametrize(("text", "want"), as_written_and_upper(NO_NUMERAL))
def test_victims_without_a_numeral_count(text: str, want: dict[str, int | None]) -> None:
    got = tolls(text)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(("text", "want"), as_written_and_upper(IDIOMS))
def test_killing_idioms_count(text: str, want: dict[str, int | None]) -> None:
    got = tolls(text)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(
    "text",
    [
        "The dead included two women and a child.",
        "Among those killed were three members of one family.",
        "The bodies were taken to the district hospital.",
        "Scores of people had been injured, the lawmaker said.",
        "Their children were wounded.",
        "The wounded, including two policemen, were taken to hospital.",
    ],
)
def test_subsets_and_uncounted_people_are_no_figure(text: str) -> None:
    """A breakdown of the dead or people of a number not said add nothing."""
    for style in (text, text.upper()):
        assert tolls(style) == dict.fromkeys(KINDS)

"""Who the counted people are and whose figure it is: abducted people are not killed, armed men
killed are militants, claims and residents' counts give way to officials', earlier counts to
revisions (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.incidents.facts import ActorList
from crawler.incidents.facts.attribution import claimant_pattern
from crawler.incidents.facts.numbers import figures_in
from crawler.incidents.facts.tolls import aggregate

KINDS = ("killed", "injured", "militants", "abducted")
CLAIMANTS = claimant_pattern(ActorList.load())


def tolls(*sentences: str) -> dict[str, int | None]:
    """The tolls of a report made of these sentences."""
    figures = [f for s in sentences for f in figures_in(s, claimants=CLAIMANTS)]
    return {kind: aggregate(figures, kind) for kind in KINDS}


def as_written_and_upper(cases: list[tuple[Any, dict[str, Any]]]) -> list[Any]:
    """Each case as written and in upper-case wire style."""
    out = []
    for texts, want in cases:
        texts = (texts,) if isinstance(texts, str) else texts
        for upper in (False, True):
            styled = tuple(t.upper() if upper else t for t in texts)
            out.append(pytest.param(styled, want, id=f"{texts[0][:40]}|{'UP' if upper else 'mixed'}"))
    return out


ABDUCTED = [
    ("Gunmen abducted 17 travellers and killed two others.", {"abducted": 17, "killed": 2}),
    ("Armed men kidnapped four passengers from a coach.", {"abducted": 4, "killed": None}),
    ("Two aid workers were taken hostage and their driver was shot dead.", {"abducted": 2, "killed": 1}),
    ("Gunmen who abducted 25 schoolgirls also killed a security guard.", {"abducted": 25, "killed": 1}),
    ("Insurgents kidnapped six women and a child and shot dead a man.", {"abducted": 7, "killed": 1}),
    ("Gunmen kidnapped 12 construction workers and killed their guard.", {"abducted": 12, "killed": 1}),
    ("Between 12 and 15 miners were abducted.", {"abducted": 12, "killed": None}),
    ("The abduction of three engineers was confirmed by the company.", {"abducted": 3, "killed": None}),
]

MILITANTS = [
    ("Security forces killed 10 terrorists in the operation.", {"militants": 10, "killed": None}),
    ("Four attackers were killed in retaliatory fire.", {"militants": 4, "killed": None}),
    ("Two soldiers and five militants were killed in the clash.", {"killed": 2, "militants": 5}),
    ("Nine people were killed, including three of the gunmen.", {"killed": 6, "militants": 3}),
    ("Sixteen people were killed, among them four attackers, when militants stormed the base.",
     {"killed": 12, "militants": 4}),
    ("Nine people, including the suicide bomber, were killed.", {"killed": 8, "militants": 1}),
    ("The fighting left 23 people dead, 17 of them insurgents and six soldiers.",
     {"killed": 6, "militants": 17}),
    ("Jubaland forces repulsed the attackers and killed five of them.", {"militants": 5, "killed": None}),
    ("Security forces killed four of the attackers in the exchange of fire.", {"militants": 4}),
    ("Troops neutralised 12 terrorists and recovered 15 rifles.", {"militants": 12, "killed": None}),
    ("Two soldiers embraced shahadat while five terrorists were sent to hell.",
     {"killed": 2, "militants": 5}),
    ("A soldier was martyred while troops killed two attackers.", {"killed": 1, "militants": 2}),
    ("A suicide bomber killed himself and three soldiers at the gate.", {"killed": 3}),
    ("The gunmen shot dead three hotel guards before they were killed.", {"killed": 3}),
]

WHOSE_FIGURE = [
    (("Four soldiers were killed, officials said.",
      "The group claimed to have killed 20 soldiers, which could not be verified."), {"killed": 4}),
    (("ISWAP said it killed 30 soldiers in an ambush near Damasak.",
      "The army said four soldiers died."), {"killed": 4}),
    (("Al-Shabaab fighters attacked a base on Monday, killing five soldiers, a commander said.",
      "The militant group said in a statement that it had killed 47 soldiers."), {"killed": 5}),
    (("Two personnel were killed on the spot.",
      'The BLA spokesman said "freedom fighters" had targeted the convoy and killed six personnel.'),
     {"killed": 2}),
    (("The ministry said government forces killed 60 militants, while the militant group said it "
      "had killed 15 soldiers.",), {"militants": 60, "killed": 15}),
    (("Police said four passengers were killed, while residents said six people had died.",),
     {"killed": 4}),
    (("Five worshippers were killed when gunmen opened fire on a mosque, residents said.",
      "Two more of the injured succumbed to their wounds, a health worker said."), {"killed": 7}),
    (("Earlier reports had put the toll at four.",
      "The deputy commissioner said eight people, including two railway employees, had died."),
     {"killed": 8}),
    (("Officials initially said five people had died, but later revised the figure to three.",),
     {"killed": 3}),
    (("A local leader said 15 had died, but this could not be confirmed.",
      "Police said nine people were killed."), {"killed": 9}),
    (("Residents said 20 people were killed, but police put the toll at 12.",), {"killed": 12}),
]


@pytest.mark.parametrize(("texts", "want"), as_written_and_upper([(t, w) for t, w in ABDUCTED]))
def test_abducted_people_are_counted_apart(texts: tuple[str, ...], want: dict[str, int | None]) -> None:
    got = tolls(*texts)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(("texts", "want"), as_written_and_upper([(t, w) for t, w in MILITANTS]))
def test_armed_men_killed_are_militants(texts: tuple[str, ...], want: dict[str, int | None]) -> None:
    got = tolls(*texts)
    assert {k: got[k] for k in want} == want


@pytest.mark.parametrize(("texts", "want"), as_written_and_upper(WHOSE_FIGURE))
def test_officials_figures_win_over_claims_residents_and_earlier_counts(
    texts: tuple[str, ...], want: dict[str, int | None]
) -> None:
    got = tolls(*texts)
    assert {k: got[k] for k in want} == want

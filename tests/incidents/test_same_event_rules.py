"""Same-event rules on hand-made Facts: places as places, follow-ups, undated items, tolls."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from crawler.geo import Place
from crawler.incidents.facts.actors import CLAIMED, Actor
from crawler.incidents.facts.facts import Facts
from crawler.incidents.merge import candidate_dates, merge_facts, same_event

DAY = date(2025, 4, 7)


def _place(pid: str, name: str, kind: str, parent: str | None, cc: str) -> Place:
    return Place(pid, name, kind, parent, cc, None, None, ())


PK = _place("PK", "Pakistan", "country", None, "PK")
BA = _place("PK-BA", "Balochistan", "province", "PK", "PK")
KECH = _place("PK-BA/kech", "Kech", "district", "PK-BA", "PK")
TURBAT = _place("PK-BA/kech/turbat", "Turbat", "city", "PK-BA/kech", "PK")
HOSHAB = _place("PK-BA/kech/hoshab", "Hoshab", "area", "PK-BA/kech", "PK")
PANJGUR_D = _place("PK-BA/panjgur", "Panjgur", "district", "PK-BA", "PK")
PANJGUR = _place("PK-BA/panjgur/panjgur", "Panjgur", "city", "PK-BA/panjgur", "PK")
QUETTA_D = _place("PK-BA/quetta", "Quetta", "district", "PK-BA", "PK")
QUETTA = _place("PK-BA/quetta/quetta", "Quetta", "city", "PK-BA/quetta", "PK")
SO = _place("SO", "Somalia", "country", None, "SO")
HIIRAAN = _place("SO-HI", "Hiiraan", "province", "SO", "SO")
BELEDWEYNE = _place("gn:1", "Beledweyne", "city", "SO-HI", "SO")
BULO_BURTE = _place("gn:2", "Bulo Burte", "city", "SO-HI", "SO")
NG = _place("NG", "Nigeria", "country", None, "NG")
BORNO = _place("NG-BO", "Borno", "province", "NG", "NG")
KONDUGA = _place("NG-BO/konduga", "Konduga", "city", "NG-BO", "NG")
MAIDUGURI = _place("NG-BO/maiduguri", "Maiduguri", "city", "NG-BO", "NG")


def chain(*places: Place) -> tuple[Place, ...]:
    """The primary place first, with everything up to its country."""
    return places


def report(primary: Place | None, *around: Place, day: date | None = DAY,
           published: date | None = None, **fields: Any) -> Facts:
    base: dict[str, Any] = dict(
        event_date=day, date_precision="day" if day else "unknown",
        published=published or (day + timedelta(days=1) if day else None),
        places=((primary,) if primary else ()) + around, primary_place=primary,
        event_types=("bombing",), targets=("military",), killed=4, injured=2)
    base.update(fields)
    return Facts(**base)


BLA = (Actor("Baloch Liberation Army", "BLA", responsibility=CLAIMED),)
SHABAAB = (Actor("al-Shabaab", responsibility=CLAIMED),)
ISWAP = (Actor("Islamic State West Africa Province", "ISWAP", responsibility=CLAIMED),)

SAME = [
    ("same town, same day", report(TURBAT, KECH, BA, PK), report(TURBAT, KECH, BA, PK,
                                                                   killed=5)),
    ("area and its district's town, one day", report(HOSHAB, KECH, BA, PK),
     report(TURBAT, KECH, BA, PK)),
    ("district only against a town in it", report(KECH, BA, PK), report(TURBAT, KECH, BA, PK)),
    ("town outside Pakistan, tolls of official and claimant", report(KONDUGA, BORNO, NG,
                                                                    killed=4, actors=ISWAP),
     report(KONDUGA, BORNO, NG, killed=30, actors=ISWAP)),
    ("town outside Pakistan, next day, toll rose",
     report(BELEDWEYNE, HIIRAAN, SO, killed=10, actors=SHABAAB),
     report(BELEDWEYNE, HIIRAAN, SO, day=DAY + timedelta(days=1), killed=20,
            toll_revised=True)),
    ("follow-up three weeks later, toll rose", report(TURBAT, KECH, BA, PK, killed=4),
     report(TURBAT, KECH, BA, PK, day=DAY + timedelta(days=21), killed=7, toll_revised=True)),
    ("undated short item: same town, actor, type, toll",
     report(QUETTA, QUETTA_D, BA, PK, actors=BLA),
     report(QUETTA, QUETTA_D, BA, PK, day=None, published=None, actors=BLA)),
    ("one event in two districts, each report led by the other",
     report(TURBAT, KECH, PANJGUR, PANJGUR_D, BA, PK, killed=9),
     report(PANJGUR, PANJGUR_D, TURBAT, KECH, BA, PK, killed=9)),
    ("province only, same day, same toll", report(BA, PK), report(TURBAT, KECH, BA, PK)),
]

APART = [
    ("two attacks in one town, one day: other targets",
     report(QUETTA, QUETTA_D, BA, PK, targets=("military",)),
     report(QUETTA, QUETTA_D, BA, PK, targets=("civilians",), event_types=("grenade attack",))),
    ("two attacks in one town, one day: bomb and abduction",
     report(QUETTA, QUETTA_D, BA, PK, event_types=("IED",)),
     report(QUETTA, QUETTA_D, BA, PK, event_types=("kidnapping",))),
    ("two attacks in one town, one day: mortar fire and a car bomb",
     report(MAIDUGURI, BORNO, NG, event_types=("rocket attack",), targets=(), killed=None),
     report(MAIDUGURI, BORNO, NG, event_types=("bombing",), targets=("civilians",))),
    ("a district named beside the event is not the event's place",
     report(TURBAT, KECH, PANJGUR_D, BA, PK), report(PANJGUR, PANJGUR_D, BA, PK)),
    ("towns apart outside Pakistan, one day, same toll",
     report(BELEDWEYNE, HIIRAAN, SO), report(BULO_BURTE, HIIRAAN, SO)),
    ("Maiduguri and Konduga are different towns", report(MAIDUGURI, BORNO, NG),
     report(KONDUGA, BORNO, NG)),
    ("same town, days apart, tolls far apart, no revision",
     report(TURBAT, KECH, BA, PK, killed=3),
     report(TURBAT, KECH, BA, PK, day=DAY + timedelta(days=2), killed=12)),
    ("follow-up weeks later in another district", report(TURBAT, KECH, BA, PK),
     report(PANJGUR, PANJGUR_D, BA, PK, day=DAY + timedelta(days=20), killed=7,
            toll_revised=True)),
    ("weeks later without a revision", report(TURBAT, KECH, BA, PK),
     report(TURBAT, KECH, BA, PK, day=DAY + timedelta(days=20))),
    ("follow-up beyond the window", report(TURBAT, KECH, BA, PK),
     report(TURBAT, KECH, BA, PK, day=DAY + timedelta(days=60), killed=9, toll_revised=True)),
    ("a 'revision' lower than the incident", report(TURBAT, KECH, BA, PK, killed=9),
     report(TURBAT, KECH, BA, PK, day=DAY + timedelta(days=20), killed=5, toll_revised=True)),
    ("undated item, other toll", report(QUETTA, QUETTA_D, BA, PK, killed=4),
     report(QUETTA, QUETTA_D, BA, PK, day=None, published=None, killed=2)),
    ("undated item, province only", report(TURBAT, KECH, BA, PK),
     report(BA, PK, day=None, published=None)),
    ("province only, tolls differ", report(BA, PK, killed=2), report(TURBAT, KECH, BA, PK)),
    ("no place at all", report(None), report(TURBAT, KECH, BA, PK)),
    ("different claimants", report(TURBAT, KECH, BA, PK, actors=BLA),
     report(TURBAT, KECH, BA, PK, actors=SHABAAB)),
]


@pytest.mark.parametrize(("case", "a", "b"), SAME, ids=[c[0] for c in SAME])
def test_one_event(case: str, a: Facts, b: Facts) -> None:
    for x, y in ((a, b), (b, a)):
        same, reason = same_event(x, y)
        assert same, reason


@pytest.mark.parametrize(("case", "a", "b"), APART, ids=[c[0] for c in APART])
def test_two_events(case: str, a: Facts, b: Facts) -> None:
    for x, y in ((a, b), (b, a)):
        same, reason = same_event(x, y)
        assert not same and reason


def test_follow_up_reaches_back_for_candidates() -> None:
    follow_up = report(TURBAT, KECH, BA, PK, day=DAY + timedelta(days=21), killed=7,
                       toll_revised=True)
    assert DAY in candidate_dates(follow_up)
    assert DAY not in candidate_dates(replace(follow_up, toll_revised=False))


@pytest.mark.parametrize(("old", "new", "published", "revised", "expected"), [
    (4, 2, DAY + timedelta(days=3), False, 4),   # a later mention never lowers
    (4, 2, DAY + timedelta(days=1), False, 2),   # same stage: the conservative figure
    (4, 7, DAY + timedelta(days=1), False, 4),   # same stage, higher: conservative
    (4, 7, DAY + timedelta(days=3), False, 7),   # a later report gives more
    (4, 7, DAY + timedelta(days=1), True, 7),    # "rose to seven"
    (None, 3, DAY + timedelta(days=3), False, 3),
    (4, None, DAY + timedelta(days=3), False, 4),
])
def test_toll_after_merging(old: int | None, new: int | None, published: date,
                            revised: bool, expected: int | None) -> None:
    incident = report(TURBAT, KECH, BA, PK, killed=old)
    other = report(TURBAT, KECH, BA, PK, killed=new, published=published,
                   toll_revised=revised)
    merged, changes = merge_facts(incident, other)
    assert merged.killed == expected
    assert bool([c for c in changes if c.field == "killed"]) is (expected != old)


def test_a_rise_is_never_undone() -> None:
    incident = report(TURBAT, KECH, BA, PK, killed=4)
    risen, _ = merge_facts(incident, report(TURBAT, KECH, BA, PK, killed=9, toll_revised=True))
    again, changes = merge_facts(risen, report(TURBAT, KECH, BA, PK, killed=4))
    assert again.killed == 9 and not [c for c in changes if c.field == "killed"]

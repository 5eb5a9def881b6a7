"""Lead context, second round: what marks a sentence as background or another event, and which
day a follow-up's statements date (issue 15). Each report as written and upper-cased."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from crawler.geo import Gazetteer
from crawler.incidents.facts import ActorList, Facts, extract_facts
from crawler.models import Document

PUBLISHED = "2025-06-11"  # a Wednesday




def facts_of(text: str, gazetteer: Gazetteer, actors: ActorList) -> Facts:
    when = datetime.fromisoformat(PUBLISHED).replace(tzinfo=UTC)
    return extract_facts(Document(title="", text=text, published=when), gazetteer, actors)


def both_cases(cases: list[tuple[Any, ...]]) -> list[Any]:
    return [pytest.param(case[0].upper() if upper else case[0], *case[1:],
                         id=f"{case[0][:40]}|{'UP' if upper else 'mixed'}")
            for case in cases for upper in (False, True)]


RECENT_WINDOWS = [
    ("At least six policemen have been killed in the past few hours as militants attacked posts "
     "in Kalat, officials said.", 6),
    ("Four soldiers were killed over the past 24 hours in two ambushes near Damboa, the army "
     "said.", 4),
    ("In the past two hours, three people were wounded by mortar fire in Mogadishu.", None),
]


@pytest.mark.parametrize(("text", "killed"), both_cases(RECENT_WINDOWS))
def test_the_past_few_hours_are_news_not_background(text: str, killed: int | None,
                                                    gazetteer: Gazetteer,
                                                    actors: ActorList) -> None:
    facts = facts_of(text, gazetteer, actors)
    assert facts.killed == killed
    assert facts.killed is not None or facts.injured == 3


REVISIONS_OF_OLD_EVENTS = [
    ("The number of people killed in the truck bombing outside Jowhar last month has risen to 16, "
     "officials said on Tuesday.", 16),
    ("Villagers recovered six more bodies on Tuesday, bringing the number of dead from last "
     "month's attack on Kukawa to 18.", 18),
    ("The death toll from the bombing of a market in Quetta in May rose to 31 on Monday.", 31),
]


@pytest.mark.parametrize(("text", "killed"), both_cases(REVISIONS_OF_OLD_EVENTS))
def test_a_revised_toll_of_an_old_event_is_news(text: str, killed: int, gazetteer: Gazetteer,
                                                actors: ActorList) -> None:
    facts = facts_of(text, gazetteer, actors)
    assert facts.killed == killed
    assert facts.event_date is None  # the statement's Tuesday or Monday is not the event's


AFTERMATH_FIRST = [
    ("Residents of Gwoza fled to Maiduguri on Tuesday. Their flight followed an attack on the "
     "town on Monday night in which insurgents killed four vigilantes.", 4, date(2025, 6, 9)),
    ("The governor on Tuesday ordered an inquiry into the killings. Three policemen were shot "
     "dead when gunmen opened fire on their van in Mastung on Monday evening.", 3,
     date(2025, 6, 9)),
    ("Elders called for talks on Tuesday after an attack near Beledweyne on Sunday in which six "
     "soldiers were killed.", 6, date(2025, 6, 8)),
    ("Al-Shabaab said on Tuesday that its attack on a teashop in Marka the previous day had "
     "killed 12 soldiers; officials said four civilians died.", 4, date(2025, 6, 9)),
]


@pytest.mark.parametrize(("text", "killed", "when"), both_cases(AFTERMATH_FIRST))
def test_a_lead_opening_with_the_aftermath_dates_the_attack(text: str, killed: int, when: date,
                                                           gazetteer: Gazetteer,
                                                           actors: ActorList) -> None:
    facts = facts_of(text, gazetteer, actors)
    assert (facts.killed, facts.event_date) == (killed, when)


ANOTHER_EVENT_STILL = [
    ("Gunmen killed three traders in Mubi on Monday. The attack came a week after a bomb killed "
     "nine people at the town's cattle market.", 3),
    ("Two soldiers were killed on Monday, days after militants killed five policemen in the "
     "same district.", 2),
]


@pytest.mark.parametrize(("text", "killed"), both_cases(ANOTHER_EVENT_STILL))
def test_a_clause_of_this_event_before_another_keeps_them_apart(text: str, killed: int,
                                                                gazetteer: Gazetteer,
                                                                actors: ActorList) -> None:
    assert facts_of(text, gazetteer, actors).killed == killed


ZEROS = [
    ("A roadside bomb hit a convoy near Kismayo on Tuesday. The soldiers escaped unhurt.", 0, 0),
    ("A rocket landed inside a camp in Kohlu on Tuesday night. No one was injured.", 0, 0),
    ("Militants blew up a bridge near Madagali on Tuesday. Nobody was wounded.", 0, 0),
    ("A grenade wounded two guards at a bank in Turbat; the customers were unharmed.", None, 2),
]


@pytest.mark.parametrize(("text", "killed", "injured"), both_cases(ZEROS))
def test_unhurt_and_no_one_injured_are_zeros(text: str, killed: int | None, injured: int,
                                             gazetteer: Gazetteer, actors: ActorList) -> None:
    facts = facts_of(text, gazetteer, actors)
    assert (facts.killed, facts.injured) == (killed, injured)

"""Period summaries and statements about earlier attacks are not new incidents; a new attack that
also gives a period's count is (issue 15). Each sentence as written and upper-cased."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.incidents.newness import framing, report_framing

PUBLISHED = date(2025, 6, 10)


def both_cases(sentences: list[str]) -> list[str]:
    return [s for sentence in sentences for s in (sentence, sentence.upper())]


PERIOD_SUMMARIES = [
    "Attacks on health workers killed 21 people in Somalia last year, the WHO said in a report "
    "released on Tuesday.",
    "Militants carried out 96 attacks in the province in May, killing 58 people, a think tank "
    "said on Monday.",
    "At least 640 people have been killed in Borno since January, according to figures "
    "published by the state government on Sunday.",
    "Bomb attacks killed 12 policemen in Kirkuk province during the first quarter of the year, "
    "the police said.",
    "So far this year, Maoists have killed 19 villagers in Bijapur district on suspicion of "
    "being informers.",
    "The ambush that killed two soldiers near Tame last month was the tenth attack on the army "
    "in Arauca this year, the ombudsman said on Friday.",
    "In the first five months of the year, 41 social leaders were killed in Cauca, the "
    "ombudsman's office said on Monday.",
    "Over the past six months, gunmen have shot dead 14 polio workers in the district.",
    "In 2024, 230 civilians were killed or injured in explosive incidents in Afghanistan, "
    "UNAMA said on Thursday.",
]
STATEMENTS_LISTING_ATTACKS = [
    "The Security Council on Monday condemned the May 12 bombing of a market in Baidoa that "
    "killed 14 people.",
    "The EU denounced the attacks of April 20 and May 3 on aid convoys in Cabo Delgado in a "
    "statement issued on Tuesday.",
    "Amnesty International said on Friday that the killing of nine farmers near Gwoza on 2 May "
    "had not been investigated.",
]
NEW_WITH_A_COUNT = [
    "Gunmen shot dead a polio worker in Bajaur on Monday, the fifth such killing this year.",
    "Three soldiers were killed when insurgents attacked a base in Marte on Sunday night, the "
    "ninth attack on the town this year.",
    "A roadside bomb killed two policemen in Kirkuk on Tuesday, the deadliest attack in the "
    "province since January.",
    "Maoists killed a villager in Sukma late on Friday, taking the number of civilians they "
    "have killed this year to 20.",
]


@pytest.mark.parametrize("sentence", both_cases(PERIOD_SUMMARIES))
def test_a_period_summary_is_not_a_new_incident(sentence: str) -> None:
    assert framing(sentence, PUBLISHED) == "a count over a period"


@pytest.mark.parametrize("sentence", both_cases(STATEMENTS_LISTING_ATTACKS))
def test_a_statement_about_attacks_dated_weeks_ago_is_not_a_new_incident(sentence: str) -> None:
    assert framing(sentence, PUBLISHED) == "an earlier attack"


@pytest.mark.parametrize("sentence", both_cases(NEW_WITH_A_COUNT))
def test_a_new_attack_with_a_periods_count_is_news(sentence: str) -> None:
    assert framing(sentence, PUBLISHED) is None


def test_a_report_opening_with_a_period_summary_is_kept_apart() -> None:
    text = ("KABUL, 10 JUN 25 (AFP) -- ATTACKS ON SCHOOLS KILLED 31 CHILDREN IN AFGHANISTAN IN "
            "MAY, THE UN CHILDREN'S AGENCY SAID ON TUESDAY. MOST OF THE ATTACKS WERE IN THE "
            "EAST.")
    assert report_framing(text, PUBLISHED) == "a count over a period"


NEWS_WITHOUT_A_DAY = [
    "Gunmen shot dead a teacher in Turbat, the ninth such killing in the district this year, "
    "police said.",
    "At least 12 people were killed when a bomb went off in a market in Quetta, the deadliest "
    "attack in the city since last year.",
    "Insurgents killed four soldiers near Damboa, the latest in a string of attacks that have "
    "killed 200 this year.",
]


@pytest.mark.parametrize("sentence", both_cases(NEWS_WITHOUT_A_DAY))
def test_a_ranking_beside_the_news_is_no_period_count(sentence: str) -> None:
    assert framing(sentence, PUBLISHED) is None

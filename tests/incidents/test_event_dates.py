"""Event dates: a wire dateline's date is the filing day that 'yesterday' and 'on Monday' count
from; a follow-up keeps the attack's date; dates of statements and aftermath never win (issue 15)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.geo import Gazetteer
from crawler.incidents.facts import ActorList, Facts, extract_facts
from crawler.incidents.facts.context import split_sentences
from crawler.incidents.facts.dates import find_dates
from crawler.models import Document

D = date.fromisoformat




def report(text: str, published: str | None, gaz: Gazetteer, actors: ActorList) -> Facts:
    when = datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None
    return extract_facts(Document(title="", text=text, published=when), gaz, actors)


DATELINES = [
    # A newspaper printing the agency's story a day or two after it was filed.
    ("QUETTA, 14 JAN 25 (PPI) -- Gunmen shot dead two policemen in Quetta last night.",
     "2025-01-15", D("2025-01-13")),
    ("TURBAT, 6 MAR 25 (AGENCY) -- A bomb killed three soldiers near Turbat yesterday, officials said.",
     "2025-03-08", D("2025-03-05")),
    ("PANJGUR, 3 APR 25 (PPI) -- Two policemen were killed in Panjgur yesterday.", "2025-04-04",
     D("2025-04-02")),
    ("MAIDUGURI, Nigeria, June 9 (Reuters) - Gunmen killed eight people near Maiduguri last night.",
     "2025-06-10", D("2025-06-08")),
    ("MOGADISHU, Oct 7 (AFP) - Four people were killed when mortar rounds struck a residential area "
     "this morning.", "2025-10-08", D("2025-10-07")),
    ("YOLA, 28 FEB 25 (NAN) -- Five people were killed earlier today when a bomb went off in Mubi.",
     "2025-03-01", D("2025-02-28")),
    ("Quetta, March 5: A bomb killed two people near the Sariab Road market yesterday.", "2025-03-07",
     D("2025-03-04")),
    ("KISMAYO, 12 JAN 25 (SONNA) -- Three soldiers were killed when fighters attacked their base "
     "last night.", "2025-01-13", D("2025-01-11")),
    # The dateline's date is never the event's; without a publication date it still anchors.
    ("MASTUNG, 3 FEB 25 (AGENCY) -- Militants attacked a Levies post in Mastung in the early hours "
     "of Sunday, killing two sepoys.", None, D("2025-02-02")),
    ("MAIDUGURI, 25 MAR 25 (AGENCY) -- Fighting around a base in Monguno on Monday left 23 dead.",
     "2025-03-25", D("2025-03-24")),
    ("QUETTA, Pakistan, Jan 1 (Reuters) - Militants fired rockets at a post on Tuesday night, "
     "killing two soldiers.", "2025-01-01", D("2024-12-31")),
]

FOLLOW_UPS = [
    ("The death toll from Friday's suicide bombing at a mosque in Bajaur rose to 23 on Sunday.",
     "2025-06-16", D("2025-06-13")),
    ("On Wednesday, hospital officials said the toll from Monday's blast in Kharan had risen to eight.",
     "2025-05-08", D("2025-05-05")),
    ("Two more soldiers wounded in Sunday's ambush near Damboa died in hospital on Tuesday, bringing "
     "the number of dead to seven.", "2025-04-09", D("2025-04-06")),
    ("The toll from Tuesday's blast near a school bus in Khuzdar rose to nine on Thursday when two "
     "injured children died.", "2025-08-22", D("2025-08-19")),
    ("In a statement on Friday, the Galmudug government said the death toll from Tuesday's twin "
     "bombings in Galkayo had reached 23.", "2025-12-06", D("2025-12-02")),
    ("The number of people killed in the suicide car bombing that struck a hotel in Beledweyne on "
     "12 January has risen to nine, officials said on Monday.", "2025-01-14", D("2025-01-12")),
    ("Hospital officials in Kismayo said on Wednesday that two more victims of Monday night's attack "
     "on a hotel had died, bringing the death toll to 12.", "2025-10-09", D("2025-10-06")),
    ("Officials on Tuesday revised upward the casualty figures from Monday's bomb blast on the "
     "railway track near Dera Murad Jamali.", "2024-10-08", D("2024-10-07")),
]

AFTERMATH = [
    ("Funeral prayers were offered on Thursday for three people killed when a bomb exploded in the "
     "main market of Sibi on Tuesday.", "2025-10-09", D("2025-10-07")),
    ("The Yobe State Police Command on Tuesday confirmed an attack on Geidam on Sunday night in "
     "which three vigilantes were killed.", "2025-05-20", D("2025-05-18")),
    ("Security was tightened across Quetta on Tuesday, a day after a motorcycle bomb ripped through "
     "a crowded road, killing seven.", "2025-09-23", D("2025-09-22")),
    ("Security was beefed up in Gwadar on Thursday, two days after militants attacked the port, "
     "killing four guards.", "2025-05-16", D("2025-05-13")),
    ("Police said on Monday that they had arrested two suspects over the bombing that killed four "
     "people in Quetta the day before yesterday.", "2025-02-03", D("2025-02-01")),
    ("Gunmen killed a prayer leader at dawn on Friday in Khuzdar, police said on Saturday.",
     "2025-04-27", D("2025-04-25")),
    ("Boko Haram fighters raided Gubio late Saturday, killing 14 herders, officials said Monday.",
     "2025-09-08", D("2025-09-06")),
    ("Insurgents attacked a settlement near Damaturu on Feb. 9, killing four residents, police said "
     "Thursday.", "2025-02-13", D("2025-02-09")),
    ("Police in Borno have confirmed an attack on Sept. 28 in which gunmen killed five farmers. In a "
     "statement issued on Oct. 1, the police spokesman gave details.", "2025-10-02", D("2025-09-28")),
    ("The Baloch Republican Army on Wednesday claimed responsibility for Monday night's ambush on a "
     "convoy, which killed four soldiers.", "2025-03-12", D("2025-03-10")),
    ("Five worshippers were killed when insurgents opened fire on a mosque in Gwoza on Sunday. Two "
     "more of the injured succumbed to their wounds on Tuesday.", "2024-07-16", D("2024-07-14")),
]


@pytest.mark.parametrize(("text", "published", "when"), DATELINES)
@pytest.mark.parametrize("upper", [False, True], ids=["mixed", "UP"])
def test_the_dateline_date_anchors_relative_dates(
    text: str, published: str | None, when: date, upper: bool, gazetteer: Gazetteer, actors: ActorList
) -> None:
    facts = report(text.upper() if upper else text, published, gazetteer, actors)
    assert facts.event_date == when
    assert facts.evidence["event_date"]


@pytest.mark.parametrize(("text", "published", "when"), FOLLOW_UPS)
@pytest.mark.parametrize("upper", [False, True], ids=["mixed", "UP"])
def test_a_follow_up_keeps_the_attacks_date(
    text: str, published: str, when: date, upper: bool, gazetteer: Gazetteer, actors: ActorList
) -> None:
    facts = report(text.upper() if upper else text, published, gazetteer, actors)
    assert facts.event_date == when


@pytest.mark.parametrize(("text", "published", "when"), AFTERMATH)
@pytest.mark.parametrize("upper", [False, True], ids=["mixed", "UP"])
def test_dates_of_statements_and_aftermath_do_not_date_the_attack(
    text: str, published: str, when: date, upper: bool, gazetteer: Gazetteer, actors: ActorList
) -> None:
    facts = report(text.upper() if upper else text, published, gazetteer, actors)
    assert facts.event_date == when


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Police confirmed an attack on Sept. 28 in which five died. Mr. Khan said so.", 2),
        ("THE ATTACK ON FEB. 9 KILLED FOUR. BRIG. ALI SAID SO.", 2),
        ("Gunmen killed two. Police said the attack was over by 5 p.m. It was the third.", 3),
    ],
)
def test_abbreviations_end_no_sentence(text: str, count: int) -> None:
    assert len(split_sentences(text)) == count


def test_a_month_of_a_past_year_dates_another_event() -> None:
    mentions = find_dates("the site of the October 2017 truck bombing", D("2025-10-14"))
    assert [(m.precision, m.value) for m in mentions] == [("month", D("2017-10-31"))]

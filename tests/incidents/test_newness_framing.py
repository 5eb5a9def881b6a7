"""Is the key sentence a new incident? Drills, court cases, commemorations, earlier attacks."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.incidents.newness import framing, report_framing

PUBLISHED = date(2025, 6, 10)

DRILLS = [
    "Police and rescue teams held a mock drill at Quetta airport on Tuesday, simulating a "
    "suicide attack on the arrivals hall.",
    "RESCUE 1122 AND LEVIES CONDUCTED A JOINT SECURITY EXERCISE AT GWADAR PORT ON MONDAY TO "
    "TEST THEIR RESPONSE TO A TERRORIST ATTACK.",
    "Soldiers staged a counter-terrorism exercise in Maiduguri in which 'militants' stormed a "
    "school.",
    "The hospital's emergency staff rehearsed the handling of a mass-casualty bomb blast.",
    "A simulated car bomb went off at the gate of the Borno secretariat during the drill.",
    "Troops took part in war games near Baidoa on Sunday, with mock ambushes on convoys.",
]
COURT_CASES = [
    "An anti-terrorism court in Turbat on Saturday sentenced three men to death for the "
    "bombing of a bus in 2022.",
    "A MILITARY COURT IN MOGADISHU CONVICTED TWO AL-SHABAAB MEMBERS OF PLANNING THE HOTEL "
    "SIEGE.",
    "The federal high court acquitted five suspects accused of the Konduga market bombing.",
    "A judge in Abuja jailed the bomb maker for life over the church attack.",
    "Two men pleaded guilty on Monday to helping the gunmen who attacked the checkpoint.",
    "The verdict in the Mastung blast case was announced on Thursday.",
    "Prosecutors said the indictment named four commanders of the group behind the raid.",
]
COMMEMORATIONS = [
    "Hundreds gathered in Quetta on Sunday to mark the anniversary of the hospital bombing.",
    "PARENTS HELD VIGILS IN DAPCHI ON MONDAY, SEVEN YEARS SINCE FIGHTERS ABDUCTED THE GIRLS.",
    "Residents commemorated the victims of the Mogadishu truck bombing with prayers.",
    "Lawyers paid tribute on Tuesday to colleagues killed in the suicide attack.",
    "A memorial service was held in Damaturu for the students killed in the school massacre.",
    "Students remembered the victims of the attack on the Army Public School.",
]
EARLIER_ATTACKS = [
    "The provincial home minister said on Tuesday that those behind last month's attack on "
    "a police station in Kech had been arrested.",
    "THE PRESIDENT, SPEAKING ON MONDAY, RECALLED THE ATTACKS ON MONGUNO AND MARTE THAT KILLED "
    "DOZENS OF SOLDIERS.",
    "Two years ago, militants stormed the same camp and killed nine soldiers.",
    "The bombing of the market in March 2023 killed 40 people, officials said.",
    "Attacks by the group have killed thousands of people over the years.",
    "THE INTERIOR MINISTER TOLD THE SENATE ON WEDNESDAY THAT THE GROUP HAD CARRIED OUT 150 "
    "ATTACKS IN THE PROVINCE OVER THE PAST YEAR, KILLING SOLDIERS AND POLICEMEN.",
    "Police say the men planned the ambush of a convoy in Kalat in November 2024.",
    "The governor said insurgents had carried out attacks on three towns earlier this year.",
]
FRESH = [
    "Gunmen killed four Levies personnel at a checkpoint in Turbat on Monday night.",
    "AT LEAST 12 PEOPLE WERE KILLED IN THE PAST FEW HOURS WHEN MORTAR ROUNDS HIT A MARKET.",
    "The death toll from last week's bombing in Quetta rose to 25 on Saturday, officials said.",
    "The toll from last month's truck bombing has risen to 31 after two more victims died.",
    "The attack on Monday was the deadliest in the province since 2019.",
    "Militants attacked a court complex in Quetta on Monday, killing three lawyers.",
    "A suicide bomber struck a football match in Baidoa on Friday evening, killing nine.",
    "Police said the attack took place late on Sunday near the Jowhar road.",
    "Three soldiers were wounded when a roadside bomb hit their patrol near Bama this morning.",
    "Insurgents overran a military base in Marte, the third attack in the past few months.",
    "Several rockets landed near the airport yesterday; no one was hurt.",
    "Villagers have recovered the bodies of six more victims of last month's attack, bringing "
    "the number of dead to 18.",
    "THE NUMBER OF SOLDIERS KILLED IN THIS MONTH'S RAID ON THE BASE HAD RISEN TO 11.",
    "One of the labourers wounded in last month's attack succumbed to his injuries.",
]


@pytest.mark.parametrize("sentence", DRILLS)
def test_drills_are_not_new_incidents(sentence: str) -> None:
    assert framing(sentence, PUBLISHED) == "a drill or exercise"


@pytest.mark.parametrize("sentence", COURT_CASES)
def test_court_cases_are_not_new_incidents(sentence: str) -> None:
    assert framing(sentence, PUBLISHED) == "a court case"


@pytest.mark.parametrize("sentence", COMMEMORATIONS)
def test_commemorations_are_not_new_incidents(sentence: str) -> None:
    assert framing(sentence, PUBLISHED) == "a commemoration"


@pytest.mark.parametrize("sentence", EARLIER_ATTACKS)
def test_statements_about_earlier_attacks_are_not_new_incidents(sentence: str) -> None:
    assert framing(sentence, PUBLISHED) == "an earlier attack"


@pytest.mark.parametrize("sentence", FRESH)
def test_fresh_attacks_and_follow_ups_are_news(sentence: str) -> None:
    assert framing(sentence, PUBLISHED) is None


@pytest.mark.parametrize(("sentence", "published", "old"), [
    ("The bombing in May 2025 killed 12.", date(2025, 6, 10), False),     # weeks, not months
    ("The bombing in March 2025 killed 12.", date(2025, 6, 10), True),
    ("The bombing on 30 December 2024 killed 12.", date(2025, 1, 2), False),  # year boundary
    ("The 2023 bombing killed 12.", date(2025, 1, 2), True),
    ("The bombing in March 2023 killed 12.", None, False),                  # no date to judge by
])
def test_dated_attacks_are_old_only_well_before_publication(sentence: str,
                                                            published: date | None,
                                                            old: bool) -> None:
    assert (framing(sentence, published) == "an earlier attack") is old


@pytest.mark.parametrize(("text", "why"), [
    ("QUETTA, 9 JUN 25 (APP) -- AN ANTI-TERRORISM COURT ON MONDAY SENTENCED TWO MEN TO DEATH "
     "FOR THE 2023 MASTUNG BOMBING. THE BOMBING KILLED 60 PEOPLE.", "a court case"),
    ("Gwadar, June 9: Police held a mock drill at the port on Monday. Volunteers played the "
     "wounded.", "a drill or exercise"),
    ("Families gathered in Maiduguri on Sunday to mark the anniversary of the mosque bombing.\n"
     "Prayers were said for the dead.", "a commemoration"),
    # a fresh casualty with a time of its own later in the lead still makes it news
    ("A court in Turbat sentenced a militant on Monday. Separately, gunmen shot dead two "
     "policemen in Kech on Monday evening.", None),
    ("MOGADISHU (Reuters) - Gunmen killed four soldiers at a checkpoint on Sunday.", None),
    ("", None),
])
def test_report_framing_reads_the_lead_after_the_dateline(text: str, why: str | None) -> None:
    assert report_framing(text, PUBLISHED) == why

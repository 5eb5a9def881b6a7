"""Relevance on whole reports: the key sentence, non-events, no-casualty attacks, event places."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.geo import Gazetteer, PlaceConfig
from crawler.matching.matcher import Matcher, compile_watches
from crawler.matching.records import Match
from crawler.models import Document
from tests.support.watchkit import reference_watch


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    # "Somali" as a name of Somalia, as a demonym would be: beside a foreign dateline it must
    # still place the event.
    gazetteer = Gazetteer.load([PlaceConfig(name="Somalia", aliases=["Somali"])])
    watches = [reference_watch("balochistan", ["Balochistan"]), reference_watch("borno", ["Borno", "Yobe"]),
               reference_watch("somalia", ["Somalia"]),
               reference_watch("trials", ["Balochistan"], new_incidents=False)]
    return compile_watches(watches, gazetteer)


def verdicts(matcher: Matcher, text: str, title: str = "") -> dict[str, Match]:
    doc = Document(title=title, text=text, published=datetime(2025, 6, 10, tzinfo=UTC))
    return {m.watch: m for m in matcher.classify(doc)}


KEY_SENTENCE_LATER = [
    ("balochistan", "QUETTA: The chief minister ordered an inquiry on Sunday and announced "
     "compensation for the families. Four labourers were shot dead by unidentified gunmen at a "
     "construction site in Hoshab, Kech district, late on Saturday, police said."),
    ("borno", "The Borno State Government has condemned what it called a cowardly act and "
     "urged residents to remain calm.\nInsurgents on motorcycles killed seven farmers in "
     "their fields near Konduga on Tuesday, a local vigilante leader said."),
    ("somalia", "The regional governor cut short a visit abroad on Wednesday.\nA car bomb "
     "exploded outside a hotel in Kismayo, killing at least five people, police said."),
    ("balochistan", "AT LEAST NINE PEOPLE HAVE BEEN KILLED IN THE PAST FEW HOURS AS MILITANTS "
     "ATTACKED POLICE POSTS IN KALAT AND MASTUNG, OFFICIALS SAID."),
    ("borno", "Three soldiers were killed in the past 24 hours when jihadists attacked a base "
     "in Damboa, military sources said."),
]


@pytest.mark.parametrize(("watch", "text"), KEY_SENTENCE_LATER)
def test_key_sentence_need_not_be_the_first(matcher: Matcher, watch: str, text: str) -> None:
    match = verdicts(matcher, text)[watch]
    assert match.matched, match.reasons


NO_CASUALTIES = [
    ("balochistan", "Militants blew up a section of a gas pipeline near Sui in Dera Bugti district "
     "early on Friday. No one was hurt, officials said."),
    ("balochistan", "UNKNOWN ASSAILANTS HURLED A GRENADE AT A BANK IN TURBAT ON MONDAY NIGHT, "
     "DAMAGING ITS GATE. NO CASUALTIES WERE REPORTED."),
    ("somalia", "Several mortar rounds landed near the airport in Baidoa on Sunday evening. "
     "There was no loss of life, a police officer said."),
    ("borno", "Boko Haram fighters set fire to a clinic and a school in Gwoza on Thursday, "
     "residents said. The buildings were destroyed."),
    ("borno", "Gunmen abducted 14 travellers on the Damaturu-Biu road in Yobe on Saturday, "
     "police said."),
]


@pytest.mark.parametrize(("watch", "text"), NO_CASUALTIES)
def test_an_attack_with_no_casualties_is_still_an_attack(matcher: Matcher, watch: str,
                                                        text: str) -> None:
    match = verdicts(matcher, text)[watch]
    assert match.matched, match.reasons


NON_EVENTS = [
    ("balochistan", "Police hold mock drill at Gwadar airport",
     "Police, Levies and rescue teams held a mock drill at Gwadar airport on Tuesday simulating "
     "a terrorist attack on the terminal. Volunteers played injured passengers."),
    ("borno", "SOLDIERS REHEARSE RESPONSE TO SCHOOL ATTACK",
     "MAIDUGURI, 9 JUN 25 (NAN) -- TROOPS AND POLICE CONDUCTED A JOINT SECURITY EXERCISE AT A "
     "SCHOOL IN MAIDUGURI ON MONDAY, SIMULATING AN ATTACK BY INSURGENTS. NO ONE WAS HURT."),
    ("balochistan", "Court sentences three in Turbat bus attack case",
     "An anti-terrorism court in Turbat on Monday sentenced three men to death for the attack "
     "on a passenger bus in Kech district in March 2023 in which 14 people were killed."),
    ("somalia", "",
     "A military court in Mogadishu convicted four al-Shabaab members on Sunday of planning "
     "the suicide bombing of a hotel that killed 12 people in October 2023."),
    ("borno", "Chibok marks eleven years since abduction",
     "Parents held vigils in Chibok on Monday, eleven years since Boko Haram fighters abducted "
     "276 schoolgirls. Some 90 of the girls are still missing."),
    ("somalia", "",
     "Hundreds of people gathered in Mogadishu on Saturday to remember the victims of the truck "
     "bombing that killed more than 500 people on 14 October 2017."),
    ("balochistan", "Minister vows to punish Kalat attackers",
     "The provincial home minister said on Tuesday that those behind last month's attack on a "
     "Levies post in Kalat, in which five personnel were killed, had been identified."),
    ("borno", "",
     "The governor of Yobe State, speaking in Damaturu on Thursday, recalled the attacks on "
     "Geidam and Buni Yadi in which scores of people were killed, and urged vigilance."),
]


@pytest.mark.parametrize(("watch", "title", "text"), NON_EVENTS)
def test_drills_verdicts_anniversaries_and_statements_do_not_match(
        matcher: Matcher, watch: str, title: str, text: str) -> None:
    match = verdicts(matcher, text, title)[watch]
    assert not match.matched
    # "last month" also marks the sentence as background: either reason keeps it out.
    assert any(r.startswith(("not a new incident", "keywords.all[0] found only in background"))
               for r in match.reasons), match.reasons


def test_a_watch_may_follow_court_cases(matcher: Matcher) -> None:
    title, text = NON_EVENTS[2][1:]
    found = verdicts(matcher, text, title)
    assert not found["balochistan"].matched and found["trials"].matched, found["trials"].reasons


def test_outcome_only_in_background_does_not_count(matcher: Matcher) -> None:
    text = ("Militants have regrouped in the hills around Kohlu, a security official said on "
            "Monday. Attacks in the district have killed dozens in recent years.")
    match = verdicts(matcher, text)["balochistan"]
    assert not match.matched
    assert "keywords.all[0] found only in background sentences" in match.reasons


@pytest.mark.parametrize(("text", "matched"), [
    ("A former Levies officer died of a heart attack in Turbat on Monday.", False),
    ("Gunmen shot dead a Levies officer in Turbat on Monday; his father later died of a heart "
     "attack.", True),
    ("TWELVE MINERS WERE KILLED IN A METHANE EXPLOSION IN A COAL MINE IN DUKI ON FRIDAY.", False),
    ("Quetta's pace attack took five wickets as the home side killed off the match.", False),
])
def test_none_phrases_cancel_their_term_other_none_hits_exclude(matcher: Matcher, text: str,
                                                                matched: bool) -> None:
    assert verdicts(matcher, text)["balochistan"].matched is matched


@pytest.mark.parametrize(("watch", "text", "place"), [
    ("balochistan", "KARACHI, 3 MAR 25 (APP) -- TWO LEVIES MEN WERE KILLED WHEN MILITANTS "
     "ATTACKED THEIR POST IN WADH, KHUZDAR DISTRICT, THE COMPANY SAID IN A STATEMENT ISSUED IN "
     "KARACHI.", "Wadh"),
    ("balochistan", "Three policemen were killed when gunmen opened fire on their van in "
     "Mastung on Monday. The injured were shifted to the Civil Hospital in Quetta.", "Mastung"),
    ("borno", "ABUJA, June 9 (Reuters) - Islamic State fighters killed five soldiers in an "
     "attack on a base in Damboa, Borno State, on Sunday, two military sources said.",
     "Damboa"),
    ("somalia", "NAIROBI, June 9 (Reuters) - Al Shabaab fighters killed six Somali soldiers in "
     "an ambush near the border on Sunday, a military officer said.", "Somalia"),
    ("somalia", "Gunmen killed four soldiers in an ambush on a convoy near Kismayo on Monday. "
     "The wounded were flown to Nairobi for treatment.", "Kismayo"),
])
def test_event_place_is_where_the_event_sentence_says(matcher: Matcher, watch: str, text: str,
                                                      place: str) -> None:
    match = verdicts(matcher, text)[watch]
    assert match.matched, match.reasons
    assert match.primary_place is not None and match.primary_place.name == place


@pytest.mark.parametrize(("watch", "text"), [
    ("balochistan", "QUETTA, 7 JUN 25 (PPI) -- FIVE LABOURERS FROM BALOCHISTAN WERE SHOT DEAD BY "
     "GUNMEN IN DERA ISMAIL KHAN DISTRICT OF KHYBER PAKHTUNKHWA ON MONDAY, THEIR RELATIVES SAID "
     "IN QUETTA."),
    ("borno", "MAIDUGURI, June 9 (Reuters) - Bandits killed 11 villagers in Zamfara State on "
     "Sunday, police in the north-western state said."),
    ("somalia", "MOGADISHU, June 9 (AP) - Al-Shabaab fighters killed four police officers in an "
     "attack on a post in Mandera, Kenya, on Sunday, Kenyan police said."),
])
def test_dateline_inside_the_region_does_not_place_an_event_elsewhere(
        matcher: Matcher, watch: str, text: str) -> None:
    match = verdicts(matcher, text)[watch]
    assert not match.matched
    assert any("is outside" in r or "no place inside" in r for r in match.reasons), match.reasons

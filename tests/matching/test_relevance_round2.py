"""Relevance, second round: ordinary crime, sport, animals and nature, and period summaries are
no political violence; an event sentence with a clear casualty or attack clause counts even when
the watch's terms stand elsewhere (issue 15).

Every case runs as written and in upper-case wire style, in seven regions, with the reference
watch's keyword lists; the sport and nature cases with its `none` list emptied, so the rules
are shown to hold without a user's exclusions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from crawler.geo import Gazetteer
from crawler.matching.matcher import Matcher, compile_watches
from crawler.matching.records import Match
from crawler.models import Document
from tests.support.watchkit import reference_watch

REGIONS = {"balochistan": ["Balochistan"], "borno": ["Borno", "Yobe"], "somalia": ["Somalia"],
           "chhattisgarh": ["Chhattisgarh"], "afghanistan": ["Afghanistan"], "iraq": ["Iraq"],
           "colombia": ["Colombia"]}



@pytest.fixture(scope="module")
def matcher() -> Matcher:
    # Each region twice: with the reference none-list, and with none at all.
    watches = [reference_watch(name, places) for name, places in REGIONS.items()]
    watches += [reference_watch(f"{name}-bare", places, none=[]) for name, places in REGIONS.items()]
    return compile_watches(watches, Gazetteer.load(countries=("PK", "NG", "SO", "IN", "AF",
                                                             "IQ", "CO")))


def verdict(matcher: Matcher, watch: str, text: str) -> Match:
    doc = Document(title="", text=text, published=datetime(2025, 6, 10, tzinfo=UTC))
    return {m.watch: m for m in matcher.classify(doc)}[watch]


def both_cases(cases: list[tuple[str, str]]) -> list[Any]:
    """Each (watch, text) as written and upper-cased."""
    return [pytest.param(watch, text.upper() if upper else text,
                         id=f"{watch}|{text[:36]}|{'UP' if upper else 'mixed'}")
            for watch, text in cases for upper in (False, True)]


ORDINARY_CRIME = [
    ("balochistan", "A retired teacher was shot dead by his nephew over a dispute about ancestral "
     "property in Nushki on Friday, police said. The suspect fled after the attack."),
    ("borno", "Armed robbers attacked a filling station in Potiskum on Tuesday night, killing "
     "the night guard and escaping with the day's sales, police said."),
    ("somalia", "A man was killed by his brother-in-law in Kismayo on Sunday in a quarrel over "
     "a plot of land, police said. The assailant opened fire with a pistol."),
    ("afghanistan", "Two brothers were gunned down in Jalalabad on Wednesday over a personal "
     "enmity, police said."),
    ("chhattisgarh", "A woman was hacked to death by her husband in Raipur after a domestic "
     "quarrel on Monday night, police said. The attack took place at their home."),
    ("colombia", "Gunmen robbed a bank branch in Medellín on Thursday, wounding a security "
     "guard, before fleeing with 300 million pesos, police said."),
    ("balochistan", "A snatcher opened fire on a shopkeeper who resisted a robbery in Quetta on "
     "Saturday night, leaving him injured, police said."),
    ("iraq", "A jeweller was shot dead in Basra on Monday by thieves who broke into his shop, "
     "police said."),
    ("balochistan", "A young couple were shot dead in the name of honour in a village near "
     "Chaman on Sunday, police said."),
]
ARMED_GROUP_CRIME = [
    ("balochistan", "Militants looted a post office in Panjgur on Monday, shooting dead a guard, "
     "to raise funds for their armed struggle, officials said."),
    ("borno", "Boko Haram insurgents robbed traders at a market in Monguno and killed two of "
     "them on Friday, residents said."),
    ("colombia", "ELN guerrillas ambushed and robbed a cash van near Arauca on Sunday, killing "
     "its driver, the army said."),
]


@pytest.mark.parametrize(("watch", "text"), both_cases(ORDINARY_CRIME))
def test_ordinary_crime_is_not_political_violence(matcher: Matcher, watch: str,
                                                  text: str) -> None:
    match = verdict(matcher, watch, text)
    assert not match.matched
    assert any("not political violence" in r for r in match.reasons), match.reasons


@pytest.mark.parametrize(("watch", "text"), both_cases(ARMED_GROUP_CRIME))
def test_an_armed_group_robbing_is_political_violence(matcher: Matcher, watch: str,
                                                      text: str) -> None:
    match = verdict(matcher, watch, text)
    assert match.matched, match.reasons


SPORT = [
    ("balochistan-bare", "Quetta Gladiators' attack proved too much for Karachi as the home "
     "side won the T20 final by 42 runs in Quetta on Sunday. Their opener retired hurt."),
    ("somalia-bare", "Mogadishu City Club stormed to a 4-0 victory over Horseed in the league "
     "final in Mogadishu on Friday, their striker scoring a hat-trick before going off injured."),
    ("afghanistan-bare", "Kabul Eagles' attack was relentless as they beat Amo Sharks by seven "
     "wickets in the Shpageeza tournament in Kabul on Monday; their captain was injured."),
    ("iraq-bare", "Al-Zawraa's attack killed the game off after the break as they beat Erbil "
     "2-0 in the league at Baghdad's Al-Shaab Stadium on Saturday. Their goalkeeper was hurt."),
    ("colombia-bare", "Atlético Nacional stormed past Deportivo Pasto 3-1 in Medellín on Sunday "
     "to reach the cup final; their winger limped off injured."),
    ("chhattisgarh-bare", "Raipur's leading raider scored 12 raid points as Chhattisgarh beat "
     "Odisha 38-30 in the national kabaddi championship on Sunday; their captain was injured."),
    ("borno-bare", "The shooting guard of Maiduguri's Borno Bombers scored 28 points as they "
     "beat Kano Pillars 81-74 in the basketball league on Saturday; their centre was injured."),
]
ATTACKS_AT_GAMES = [
    ("somalia-bare", "A suicide bomber blew himself up at a football stadium in Mogadishu "
     "during a league match on Friday, killing eight spectators, police said."),
    ("balochistan-bare", "Gunmen opened fire on spectators at a cricket match in Turbat on "
     "Sunday, killing three people, police said."),
]


@pytest.mark.parametrize(("watch", "text"), both_cases(SPORT))
def test_a_match_report_is_never_an_incident(matcher: Matcher, watch: str, text: str) -> None:
    match = verdict(matcher, watch, text)
    assert not match.matched
    assert any("not political violence" in r for r in match.reasons), match.reasons


@pytest.mark.parametrize(("watch", "text"), both_cases(ATTACKS_AT_GAMES))
def test_an_attack_at_a_game_is_an_incident(matcher: Matcher, watch: str, text: str) -> None:
    match = verdict(matcher, watch, text)
    assert match.matched, match.reasons


NATURE = [
    ("chhattisgarh-bare", "A wild elephant attacked and killed a 60-year-old woman collecting "
     "firewood in Surguja district on Tuesday, forest officials said."),
    ("afghanistan-bare", "Floodwaters overran the banks of a river in Baghlan province on "
     "Friday, killing at least 50 people and destroying hundreds of houses, officials said."),
    ("somalia-bare", "Lightning struck a camp near Beledweyne on Sunday and set fire to "
     "shelters, killing four herders, officials said."),
    ("borno-bare", "A petrol tanker explosion on the road near Konduga killed 12 people on "
     "Monday after the vehicle overturned, the road safety corps said."),
    ("colombia-bare", "A bus carrying football fans overturned in Arauca on Sunday after a tyre "
     "blast, killing six people and injuring 20, police said."),
    ("balochistan-bare", "A leopard attacked a shepherd in the mountains of Ziarat on Monday, "
     "leaving him badly injured, wildlife officials said."),
    ("balochistan-bare", "Four coal miners were killed when an explosion caused by a build-up of "
     "gas ripped through a mine in Duki on Friday, mine officials said."),
    ("iraq-bare", "A fire caused by an electrical short circuit set ablaze a hospital ward in "
     "Nasiriyah on Monday night, killing nine patients, health officials said."),
]
ATTACKS_AMID_NATURE = [
    ("afghanistan-bare", "Gunmen attacked flood relief workers in Baghlan province on Saturday, "
     "killing two of them, police said."),
    ("chhattisgarh-bare", "Maoists set fire to a forest department vehicle in Surguja district "
     "and killed its driver on Monday, police said."),
]


@pytest.mark.parametrize(("watch", "text"), both_cases(NATURE))
def test_animals_weather_and_accidents_are_not_incidents(matcher: Matcher, watch: str,
                                                         text: str) -> None:
    match = verdict(matcher, watch, text)
    assert not match.matched
    assert any("not political violence" in r for r in match.reasons), match.reasons


@pytest.mark.parametrize(("watch", "text"), both_cases(ATTACKS_AMID_NATURE))
def test_an_attack_beside_nature_words_is_an_incident(matcher: Matcher, watch: str,
                                                      text: str) -> None:
    match = verdict(matcher, watch, text)
    assert match.matched, match.reasons


PERIOD_SUMMARIES = [
    ("balochistan", "Militant attacks killed 24 people in Balochistan in March, according to a "
     "monthly report released on Tuesday by a research group."),
    ("borno", "Jihadists have killed at least 300 farmers in Borno since the start of the year, "
     "the state's farmers association said on Wednesday."),
    ("somalia", "Al-Shabaab attacks killed 1,100 civilians in Somalia last year, the UN said "
     "in a report on Monday."),
    ("iraq", "Roadside bombs killed 31 members of the security forces in Iraq during the first "
     "half of the year, the interior ministry said on Sunday."),
    ("afghanistan", "The killing of an aid worker in Kandahar last month was the fifth such "
     "attack on humanitarian staff this year, the UN said in a statement on Thursday."),
    ("chhattisgarh", "A total of 35 security personnel have been killed in Maoist attacks in "
     "Chhattisgarh so far this year, the state home minister told the assembly on Monday."),
    ("colombia", "The UN condemned a wave of attacks in Cauca, including the May 12 bombing of a "
     "police station in Suárez that killed four officers, in a statement on Friday."),
]
NEW_WITH_A_COUNT = [
    ("borno", "Jihadists killed six farmers near Konduga on Monday, the latest in a string of "
     "attacks that have killed more than 300 this year, officials said."),
    ("somalia", "A car bomb killed five soldiers in Mogadishu on Tuesday, the third such attack "
     "this month, police said."),
    ("balochistan", "Gunmen shot dead a lawyer in Khuzdar on Sunday evening, the fourth such "
     "killing in the district this year, police said."),
]


@pytest.mark.parametrize(("watch", "text"), both_cases(PERIOD_SUMMARIES))
def test_period_summaries_and_statements_are_not_new_incidents(matcher: Matcher, watch: str,
                                                               text: str) -> None:
    # Rejected as a count over a period, or because the count stands in background only.
    assert not verdict(matcher, watch, text).matched


@pytest.mark.parametrize(("watch", "text"), both_cases(NEW_WITH_A_COUNT))
def test_a_new_attack_with_the_years_count_is_news(matcher: Matcher, watch: str,
                                                   text: str) -> None:
    match = verdict(matcher, watch, text)
    assert match.matched, match.reasons


MISSED_EVENTS = [
    ("iraq", "The bodies of three shepherds, each shot in the head, were found in the desert west "
     "of Tikrit on Sunday, police said. Their families said they had been seized two days "
     "earlier. Islamic State militants have long operated in the area."),
    ("chhattisgarh", "Maoists killed two villagers in Sukma district on Saturday night, accusing "
     "them of being police informers, police said. Their bodies were found on Sunday. The rebels "
     "have carried out such attacks in the area for decades."),
    ("colombia", "Guerrillas fired on a police station in Tame, in Arauca, on Friday night but "
     "caused no casualties, police said. The ELN has stepped up attacks in the region in recent "
     "months."),
    ("afghanistan", "Unknown men killed a former army officer in Kandahar on Saturday evening, "
     "his relatives said. Islamic State has carried out similar attacks in the past."),
    ("somalia", "Al-Shabaab executed three men in public in Jamaame on Friday, accusing them "
     "of working for the government, residents said. The militant group has long carried out "
     "such punishments."),
    ("balochistan", "Two policemen were martyred when their patrol came under fire on the "
     "outskirts of Turbat on Monday night, officials said. Terrorists have targeted police in "
     "the district in recent months."),
    ("borno", "Four loggers were hacked to death near Damboa on Sunday, a vigilante leader said. "
     "Boko Haram has attacked loggers in the area in recent years."),
    ("iraq", "Two rockets were fired at Baghdad airport late on Thursday, causing no "
     "casualties, security sources said. Such attacks have been rare in recent months."),
]


@pytest.mark.parametrize(("watch", "text"), both_cases(MISSED_EVENTS))
def test_a_clear_casualty_or_attack_clause_is_an_event_sentence(matcher: Matcher, watch: str,
                                                                text: str) -> None:
    match = verdict(matcher, watch, text)
    assert match.matched, match.reasons

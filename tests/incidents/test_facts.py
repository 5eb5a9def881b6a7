"""Fact extraction: the seed reports and the hand-written fixtures score on every stated field."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crawler.evaluate.labels import read_expected, read_report
from crawler.geo import Gazetteer, Place
from crawler.incidents.facts import (
    ActorList,
    Facts,
    context,
    dates,
    eventtypes,
    extract_facts,
    numbers,
    places,
)
from crawler.incidents.facts import actors as actors_mod
from crawler.incidents.facts.context import split_sentences
from crawler.incidents.facts.dates import find_dates, strip_dateline, weekday_before
from crawler.incidents.facts.eventtypes import is_attack_sentence
from crawler.incidents.facts.numbers import figures_in, parse_number
from crawler.incidents.facts.probe import Gated, lowered
from crawler.incidents.facts.tolls import aggregate
from crawler.incidents.simhash import hamming, near_duplicate, simhash
from crawler.models import Document
from crawler.parse.textnorm import fold
from tests.support.paths import ROOT, TESTS

REPORTS = TESTS / "fixtures" / "reports"
# The project's copy of ../shared/seeds (tests/demo/test_newssite.py checks it is byte-identical).
SEEDS = ROOT / "seeds" / "demo" / "reports"
FIELDS = (
    "published",
    "event_date",
    "places",
    "province",
    "country",
    "actor",
    "event_types",
    "killed",
    "injured",
    "militants_killed",
)


def cases(directory: Path) -> list[tuple[Path, str, dict[str, Any]]]:
    """(directory, file name, expected facts) for every report with an expected entry."""
    expected = read_expected(directory / "expected.yaml")
    return [(directory, name, spec) for name, spec in sorted(expected.items())]


ALL_CASES = cases(SEEDS) + cases(REPORTS)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The shipped gazetteer."""
    return Gazetteer.load()


@pytest.fixture(scope="session")
def actors() -> ActorList:
    """The shipped actor list."""
    return ActorList.load()


def names_of(place: Place) -> set[str]:
    """A place's folded names."""
    return {fold(n) for n in (place.name, *place.aliases)}


def check_field(field: str, want: Any, facts: Facts, gaz: Gazetteer) -> str | None:
    """None when `facts` satisfies the expected `want` for `field`, else what went wrong."""
    if field == "published":
        ok = facts.published == want
        got: Any = facts.published
    elif field == "event_date":
        ok, got = facts.event_date == want, facts.event_date
    elif field == "places":
        got = [p.name for p in facts.places]
        matched = [p for p in facts.places if any(names_of(p) & {fold(n) for n in g} for g in want)]
        ok = all(any(names_of(p) & {fold(n) for n in g} for p in facts.places) for g in want)

        def chain(x: Place) -> set[str]:
            """Ids of the places containing `x` (a synthesised area has only a parent id)."""
            if gaz.has(x.id):
                return {a.id for a in gaz.ancestors(x.id)}
            if x.parent_id is None:
                return set()
            return {x.parent_id} | {a.id for a in gaz.ancestors(x.parent_id)}

        def related(p: Place) -> bool:
            """A place named in the groups, containing one, or inside one."""
            return p in matched or any(p.id in chain(m) or m.id in chain(p) for m in matched)

        # Precision: no town or district beyond the expected ones and their surroundings.
        ok = ok and all(related(p) for p in facts.places if p.kind in ("city", "area", "district"))
    elif field in ("province", "country"):
        ids = {p.id for p in gaz.lookup(want)}
        got = [p.name for p in facts.places if p.kind == field]
        ok = bool(ids & {p.id for p in facts.places})
    elif field == "actor":
        got = facts.actors[0].label if facts.actors else None
        ok = (
            (not facts.actors)
            if want is None
            else bool(facts.actors and want in (facts.actors[0].label, facts.actors[0].name))
        )
    elif field == "event_types":
        got = facts.event_types
        ok = bool(set(want) & set(facts.event_types))
    else:
        got = getattr(facts, field)
        ok = got == want
    return None if ok else f"{field}: expected {want!r}, got {got!r}"


def run(directory: Path, name: str, gaz: Gazetteer, actors: ActorList) -> Facts:
    """Extract the facts of one report file."""
    return extract_facts(read_report(directory / name), gaz, actors=actors)


@pytest.mark.parametrize(
    ("directory", "name", "spec"),
    ALL_CASES,
    ids=[f"{d.parent.name}/{d.name}/{n}" for d, n, _s in ALL_CASES],
)
def test_every_stated_field(
    directory: Path, name: str, spec: dict[str, Any], gazetteer: Gazetteer, actors: ActorList
) -> None:
    """Each stated field of expected.yaml is right."""
    facts = run(directory, name, gazetteer, actors)
    problems = [
        p for f in FIELDS if f in spec for p in [check_field(f, spec[f], facts, gazetteer)] if p
    ]
    assert not problems, f"{name}: " + "; ".join(problems)


def test_seed_headlines(gazetteer: Gazetteer, actors: ActorList) -> None:
    """The issue's named checks: 000's date, 003's toll, 001/004's 14 killed and STOS."""
    f000 = run(SEEDS, "000_df342c47da3bb91a.txt", gazetteer, actors)
    assert f000.event_date == date(2025, 7, 19) and f000.date_precision == "day"
    assert f000.actors[0].unit == "Special Tactical Operations Squad"
    assert f000.actors[0].responsibility == "claimed"
    f003 = run(SEEDS, "003_baa79570ebdf69dc.txt", gazetteer, actors)
    assert (f003.killed, f003.injured) == (7, 15)
    assert f003.primary_place is not None and f003.primary_place.name == "Shah Mardan"
    assert "Kech" not in {p.name for p in f003.places}  # only in background sentences
    for name in ("001_7271363c37294f42.txt", "004_14798a7b797ba991.txt"):
        facts = run(SEEDS, name, gazetteer, actors)
        assert facts.killed == 14
        assert facts.evidence["killed"]
    f004 = run(SEEDS, "004_14798a7b797ba991.txt", gazetteer, actors)
    assert 7 in f004.background_tolls  # "an earlier blast that killed seven"


@pytest.mark.parametrize(
    ("published", "text", "expected", "precision"),
    [
        (date(2025, 7, 20), "on Saturday evening", date(2025, 7, 19), "day"),
        (date(2024, 11, 16), "in the early hours of Saturday", date(2024, 11, 16), "day"),
        (date(2025, 3, 1), "on Thursday night", date(2025, 2, 27), "day"),
        (date(2024, 3, 1), "yesterday", date(2024, 2, 29), "day"),
        (date(2025, 9, 1), "late Sunday", date(2025, 8, 31), "day"),
        (date(2025, 6, 3), "last week", date(2025, 5, 27), "week"),
        (date(2025, 5, 10), "on May 7", date(2025, 5, 7), "day"),
        (date(2025, 1, 2), "on December 30", date(2024, 12, 30), "day"),
        (None, "on 7 May 2025", date(2025, 5, 7), "day"),
        (None, "on Saturday", None, "unknown"),
        (date(2024, 11, 18), "November 16", date(2024, 11, 16), "day"),
    ],
)
def test_dates(published: date | None, text: str, expected: date | None, precision: str) -> None:
    """Relative and explicit dates resolve against the publication date."""
    found = find_dates(text, published)
    assert found and found[0].value == expected and found[0].precision == precision


def test_weekday_and_dateline() -> None:
    """A weekday is the latest such day not after publication; datelines are not events."""
    assert weekday_before(date(2025, 7, 20), 6) == date(2025, 7, 20)
    assert weekday_before(date(2025, 7, 20), 6, strictly=True) == date(2025, 7, 13)
    assert strip_dateline("Quetta, Nov 16 At least seven")[1] == "At least seven"
    assert strip_dateline("QUETTA: Gunmen killed")[1] == "Gunmen killed"


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("seven", 7),
        ("twenty-one", 21),
        ("a dozen", 12),
        ("1,200", 1200),
        ("14", 14),
        ("Eleven", 11),
        ("ninety nine", 99),
    ],
)
def test_number_words(word: str, value: int) -> None:
    """Digits, number words and ACLED's vague plurals."""
    assert parse_number(word) == value


@pytest.mark.parametrize(
    ("sentence", "kind", "value"),
    [
        ("At least seven security personnel were killed and 15 others injured", "injured", 15),
        ("two coordinated attacks that left 14 Pakistani Army personnel dead", "killed", 14),
        ("security forces retaliated by neutralizing 37 militants", "militants", 37),
        ("Five soldiers and 13 civilians were killed", "killed", 18),
        ("with at least four police officers confirmed dead", "killed", 4),
        ("a bomb blast that killed a senior Pakistani Army officer", "killed", 1),
    ],
)
def test_casualty_figures(sentence: str, kind: str, value: int) -> None:
    """Victims, militants and compound subjects are told apart."""
    assert aggregate(figures_in(sentence), kind) == value


def test_conservative_within_a_report() -> None:
    """A claimant's unverified figure gives way to the officials' one."""
    figures = figures_in("Four soldiers were killed, officials said.") + figures_in(
        "The group claimed to have killed 20 soldiers, which could not be verified."
    )
    assert aggregate(figures, "killed") == 4


def test_actor_list_is_extendable(gazetteer: Gazetteer) -> None:
    """A config entry adds a group; background mentions name no actor."""
    extra = ActorList.load(extra=[{"name": "Baloch Nationalist Army", "short": "BNA"}])
    doc = Document(
        title="",
        text="The Baloch Nationalist Army (BNA) claimed responsibility for "
        "the attack that killed two soldiers in Kalat on Monday.",
    )
    facts = extract_facts(doc, gazetteer, actors=extra)
    assert facts.actors[0].short == "BNA" and facts.actors[0].responsibility == "claimed"


def test_simhash_distance() -> None:
    """Copies are close, unrelated texts far."""
    a = read_report(REPORTS / "r07a_panjgur_camp_attack.txt").text
    b = read_report(REPORTS / "r07b_panjgur_syndicated_copy.txt").text
    c = read_report(REPORTS / "r05b_tump_labourers_same_day.txt").text
    assert near_duplicate(a, b)
    assert not near_duplicate(a, c)
    assert hamming(simhash(a), simhash(c)) > 12


def test_simhash_fingerprints_are_stable() -> None:
    """Fingerprints are stored in databases: the hashing must not drift between versions."""
    text = read_report(REPORTS / "r07a_panjgur_camp_attack.txt").text
    assert simhash(text) == 11109679781213268614
    assert simhash("a b c") == 3516195607690045812
    assert simhash("a") == 4681665781835383343
    assert simhash("") == 0


def _gated_patterns() -> list[tuple[str, Gated]]:
    """Every Gated of the fact-extraction modules, with a name for failure messages."""
    found: list[tuple[str, Gated]] = []
    for module in (actors_mod, context, dates, eventtypes, numbers, places):
        for name, value in vars(module).items():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                parts = item if isinstance(item, tuple) else (item,)
                found += [(f"{module.__name__}.{name}", g) for g in parts if isinstance(g, Gated)]
    return found


def _fixture_sentences() -> list[str]:
    """Every sentence of the fixture and seed reports, as written and upper-cased."""
    paths = sorted((TESTS / "fixtures").rglob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    sentences = [s for p in paths for s, _para in split_sentences(read_report(p).text)]
    return sentences + [s.upper() for s in sentences]


def test_gate_needles_cover_their_patterns() -> None:
    """A sentence a gated pattern matches always holds one of its needles (the gate is exact)."""
    gates = _gated_patterns()
    assert len(gates) > 30
    for sentence in _fixture_sentences():
        low = lowered(sentence)
        for name, gate in gates:
            if gate.pattern.search(sentence):
                assert gate.passes(sentence, low), (name, sentence)


def test_odd_case_folds_bypass_the_needles() -> None:
    """re.IGNORECASE matches the Kelvin sign as 'k': such text is never ruled out by a needle."""
    text = "Gunmen \u212ailled two soldiers on Sunday."
    assert lowered(text) is None
    assert is_attack_sentence(text)
    assert [d.text for d in find_dates("la\u017ft week, on Sunday", None)] == [
        "la\u017ft week",
        "Sunday",
    ]


def test_number_words_that_match_only_under_ignorecase_are_read_not_crashed_on() -> None:
    # "ſ" (long s) matches "s" in a case-insensitive regex; a hostile page must not crash
    # fact extraction with it.
    from crawler.incidents.facts.dates import find_dates
    from crawler.incidents.facts.numbers import parse_number

    mentions = find_dates("The post was attacked ſix days ago.", date(2025, 3, 10))
    assert [m.value for m in mentions] == [date(2025, 3, 4)]
    assert parse_number("ſeven") == 7

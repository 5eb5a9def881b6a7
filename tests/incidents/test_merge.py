"""Same-event merging: declared pairs join, distinct attacks stay apart, tolls get revised."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import combinations

import pytest

from crawler.evaluate.labels import read_expected, read_report
from crawler.geo import Gazetteer
from crawler.incidents.facts import ActorList, Facts, extract_facts
from crawler.incidents.merge import candidate_dates, candidate_key, merge_facts, same_event
from tests.support.paths import ROOT, TESTS

REPORTS = TESTS / "fixtures" / "reports"
# The project's copy of ../shared/seeds (tests/demo/test_newssite.py checks it is byte-identical).
SEEDS = ROOT / "seeds" / "demo" / "reports"


@pytest.fixture(scope="module")
def facts() -> dict[str, Facts]:
    """Facts of every relevant-or-not report and seed, by file name."""
    gaz, actors = Gazetteer.load(), ActorList.load()
    out = {}
    for directory in (SEEDS, REPORTS):
        for name in read_expected(directory / "expected.yaml"):
            out[name] = extract_facts(read_report(directory / name), gaz, actors=actors)
    return out


def expected_pairs() -> tuple[set[frozenset[str]], list[str]]:
    """The declared same-incident pairs and every report name."""
    pairs: set[frozenset[str]] = set()
    names: list[str] = []
    for directory in (SEEDS, REPORTS):
        for name, spec in read_expected(directory / "expected.yaml").items():
            names.append(name)
            if spec.get("same_incident_as"):
                pairs.add(frozenset((name, spec["same_incident_as"])))
    return pairs, names


def test_declared_pairs_merge_and_no_others(facts: dict[str, Facts]) -> None:
    """Every same_incident_as pair is one event; every other pair of reports is not."""
    pairs, names = expected_pairs()
    wrong = []
    for a, b in combinations(names, 2):
        same, reason = same_event(facts[a], facts[b])
        if same != (frozenset((a, b)) in pairs):
            wrong.append(f"{a} / {b}: {same} ({reason})")
    assert not wrong, "\n".join(wrong)


def test_seeds_001_004_are_one_incident_of_14(facts: dict[str, Facts]) -> None:
    """The two reports of the Bolan and Kech attacks merge, keeping 14 killed and all places."""
    a, b = facts["001_7271363c37294f42.txt"], facts["004_14798a7b797ba991.txt"]
    merged, _changes = merge_facts(a, b)
    assert merged.killed == 14
    assert {"Kachhi", "Kech"} <= {p.name for p in merged.places}
    # 004's "earlier blast that killed seven" is another incident, before and after merging.
    tuesday = facts["r22_mach_tuesday_blast_earlier_event.txt"]
    assert not same_event(b, tuesday)[0]
    assert not same_event(merged, tuesday)[0]


def test_rising_toll_is_a_revision(facts: dict[str, Facts]) -> None:
    """Day 2's 'toll rose to five' updates day 1's three, and the change is recorded."""
    day1 = facts["r04a_turbat_police_station_day1.txt"]
    day2 = facts["r04b_turbat_police_station_toll_rises.txt"]
    merged, changes = merge_facts(day1, day2)
    assert merged.killed == 5 and merged.injured == 6
    killed = [c for c in changes if c.field == "killed"]
    assert killed and (killed[0].old, killed[0].new) == (3, 5) and "rose" in killed[0].reason
    assert any(c.field == "actors" for c in changes)  # the BLF claim arrived on day 2
    assert merged.published == date(2025, 6, 10) and merged.last_published == date(2025, 6, 11)
    # An older report arriving late does not undo the rise.
    again, later_changes = merge_facts(merged, day1)
    assert again.killed == 5 and not [c for c in later_changes if c.field == "killed"]


def test_disagreeing_outlets_keep_the_conservative_toll(facts: dict[str, Facts]) -> None:
    """Same-day reports of 5 and 7 killed: the incident says 5, whichever came first."""
    a = facts["r23a_kohlu_ambush_outlet_a.txt"]
    b = facts["r23b_kohlu_ambush_outlet_b.txt"]
    ab, _ = merge_facts(a, b)
    ba, changes = merge_facts(b, a)
    assert ab.killed == ba.killed == 5
    assert ab.injured == 3
    assert any(c.field == "killed" and "conservative" in c.reason for c in changes)


def test_later_report_with_higher_toll_updates(facts: dict[str, Facts]) -> None:
    """A next-day report with a higher figure is newer information, not a disagreement."""
    a = facts["r23a_kohlu_ambush_outlet_a.txt"]
    b = replace(
        facts["r23b_kohlu_ambush_outlet_b.txt"],
        published=date(2025, 7, 9),
        last_published=date(2025, 7, 9),
    )
    merged, changes = merge_facts(a, b)
    assert merged.killed == 7 and any("later report" in c.reason for c in changes)


def test_syndicated_copy_is_recognised(facts: dict[str, Facts]) -> None:
    """A wire copy with another headline is the same event by its text."""
    same, reason = same_event(
        facts["r07a_panjgur_camp_attack.txt"], facts["r07b_panjgur_syndicated_copy.txt"]
    )
    assert same and "near-duplicate" in reason


def test_two_attacks_same_day_same_district_stay_apart(facts: dict[str, Facts]) -> None:
    """An IED on soldiers and a shooting of labourers in Kech on one Sunday are two incidents."""
    same, reason = same_event(
        facts["r05a_hoshab_ied_same_day.txt"], facts["r05b_tump_labourers_same_day.txt"]
    )
    assert not same and reason


def test_candidate_keys(facts: dict[str, Facts]) -> None:
    """Index keys: reference date and district ids; a window of dates to probe."""
    f = facts["r05a_hoshab_ied_same_day.txt"]
    assert candidate_key(f) == (date(2025, 9, 14), ("PK-BA/kech",))
    assert date(2025, 9, 17) in candidate_dates(f)
    assert candidate_key(facts["r21_irrelevant_floods.txt"])[0] == date(2024, 7, 28)

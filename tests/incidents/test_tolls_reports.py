"""Report-level tolls: other events' tolls stay out, follow-ups say they revise, every fact keeps
its sentence, and the new fields survive storage (issue 15)."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from crawler.evaluate.labels import read_expected, read_report
from crawler.geo import Gazetteer
from crawler.incidents.facts import ActorList, Facts, extract_facts
from crawler.incidents.facts.codec import facts_from_json, facts_json
from crawler.models import Document

EVAL = Path(__file__).resolve().parent.parent / "fixtures" / "eval"




def report(text: str, published: str | None, gaz: Gazetteer, actors: ActorList) -> Facts:
    """The facts of a one-off report text."""
    when = datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None
    return extract_facts(Document(title="", text=text, published=when), gaz, actors)


OTHER_EVENTS = [
    ("Gunmen killed three traders in Mubi on Monday. The attack came a week after a bomb killed "
     "nine people at the town's cattle market.", "2025-02-18", 3, 9),
    ("Four soldiers were killed in Kech on Tuesday. In March, 12 soldiers died in a similar ambush "
     "in the same area.", "2025-08-20", 4, 12),
    ("Gunmen shot dead a tailor in Pasni on Sunday. On Friday, two labourers were killed in nearby "
     "Gwadar.", "2025-10-13", 1, 2),
    ("Eight people were killed on Sunday when mortars hit a market in Mogadishu. Last month, 20 "
     "people died in a similar attack.", "2025-05-12", 8, 20),
    ("Two soldiers were killed on Monday night when insurgents attacked a military position in "
     "Geidam, a week after jihadists killed four civilians in the town.", "2025-09-09", 2, 4),
    ("At least 12 people were killed when a truck bomb exploded in Mogadishu on Sunday. It was the "
     "deadliest attack since October 2017, when a truck bomb killed more than 500 people.",
     "2025-10-27", 12, 500),
    ("Three soldiers were killed in Buleda on Monday. Since January, more than 60 security "
     "personnel have been killed in the district.", "2025-09-02", 3, 60),
    ("Boko Haram insurgents killed four loggers near Damboa on Monday. Last Thursday, seven farmers "
     "were killed on the outskirts of the town.", "2025-12-02", 4, 7),
]


@pytest.mark.parametrize(("text", "published", "killed", "other"), OTHER_EVENTS)
@pytest.mark.parametrize("upper", [False, True], ids=["mixed", "UP"])
def test_other_events_tolls_are_not_added(
    text: str, published: str, killed: int, other: int, upper: bool, gazetteer: Gazetteer,
    actors: ActorList,
) -> None:
    facts = report(text.upper() if upper else text, published, gazetteer, actors)
    assert facts.killed == killed
    assert other in facts.background_tolls
    assert facts.evidence["background_tolls"]


def test_a_separate_attack_is_another_incident_unless_the_lead_totals_both(
        gazetteer: Gazetteer, actors: ActorList) -> None:
    """'In a separate attack' after a lead of one attack is another incident (fixture r06): its
    toll is a background toll; after a lead that totals two attacks it is one of them."""
    facts = report(
        "At least two civilians were killed when militants hurled a grenade in Kalat on Sunday. "
        "In a separate attack in Khuzdar district, gunmen killed three Levies personnel.",
        "2025-01-20", gazetteer, actors)
    assert facts.killed == 2
    assert 3 in facts.background_tolls
    facts = report(
        "Militants killed five people in two attacks in Kalat and Khuzdar on Sunday. Two civilians "
        "were killed in Kalat. In a separate attack in Khuzdar district, gunmen killed three Levies "
        "personnel.", "2025-01-20", gazetteer, actors)
    assert facts.killed == 5


FOLLOW_UPS = [
    ("The death toll from Friday's suicide bombing at a mosque in Bajaur rose to 23 on Sunday.",
     "2025-06-16", 23, "revised"),
    ("Two more soldiers wounded in Sunday's ambush near Damboa died in hospital on Tuesday, bringing "
     "the number of dead to seven.", "2025-04-09", 7, "revised"),
    ("Three more people injured in Monday's blast died overnight, bringing the death toll to nine.",
     "2025-03-04", 9, "revised"),
    ("Police on Thursday arrested three men over last Saturday's bombing of a bus in Quetta that "
     "killed 11 people.", "2025-07-10", 11, "mention"),
    ("Police arrested two suspects in Turbat on Friday over Monday's bombing at a bus stand that "
     "killed four people.", "2025-02-28", 4, "mention"),
    ("Four soldiers were killed when militants ambushed a convoy near Turbat on Monday.",
     "2025-02-25", 4, "stated"),
    ("Two more Pakistani soldiers were killed in the second attack, bringing the total fatalities "
     "to 14.", "2025-05-08", 14, "stated"),
]


@pytest.mark.parametrize(("text", "published", "killed", "basis"), FOLLOW_UPS)
@pytest.mark.parametrize("upper", [False, True], ids=["mixed", "UP"])
def test_a_follow_up_says_it_revises_and_a_mention_says_so(
    text: str, published: str, killed: int, basis: str, upper: bool, gazetteer: Gazetteer,
    actors: ActorList,
) -> None:
    facts = report(text.upper() if upper else text, published, gazetteer, actors)
    assert (facts.killed, facts.toll_basis) == (killed, basis)
    assert facts.toll_revised == (basis == "revised")
    if facts.toll_revised:
        assert facts.evidence["toll_revised"]


def _labelled() -> list[tuple[Path, str]]:
    return [(d, n) for d in sorted(EVAL.iterdir()) if (d / "expected.yaml").is_file()
            for n in sorted(read_expected(d / "expected.yaml"))]


def test_every_fact_found_keeps_its_sentence(gazetteer: Gazetteer, actors: ActorList) -> None:
    """Over the whole labelled corpus: a non-empty fact always has evidence from the report."""
    keys = {"event_date": "event_date", "places": "places", "actors": "actors",
            "event_types": "event_types", "targets": "targets", "killed": "killed",
            "injured": "injured", "militants_killed": "militants_killed", "abducted": "abducted"}
    missing = []
    for directory, name in _labelled():
        doc = read_report(directory / name)
        facts = extract_facts(doc, gazetteer, actors)
        for field, key in keys.items():
            value = getattr(facts, field)
            if value in (None, ()):
                continue
            why = facts.evidence.get(key, "")
            if not why or why not in f"{doc.title}\n{doc.text}":
                missing.append(f"{name}: {field}")
    assert not missing, missing


def test_abducted_and_toll_basis_survive_storage() -> None:
    facts = Facts(event_date=date(2025, 1, 13), date_precision="day", published=date(2025, 1, 14),
                  killed=2, abducted=17, toll_basis="stated", evidence={"abducted": "x"})
    back = facts_from_json(facts_json(facts))
    assert (back.abducted, back.toll_basis, back.evidence) == (17, "stated", {"abducted": "x"})
    assert {f.name for f in fields(Facts)} >= {"abducted", "toll_basis"}


def test_records_stored_before_the_new_fields_still_load() -> None:
    old = ('{"event_date": null, "date_precision": "unknown", "published": null, '
           '"last_published": null, "places": [], "primary_place": null, "actors": [], '
           '"event_types": [], "targets": [], "killed": 3, "injured": null, '
           '"militants_killed": null, "title": "t"}')
    back = facts_from_json(old)
    assert (back.killed, back.abducted, back.toll_basis) == (3, None, "")

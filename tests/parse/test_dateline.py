"""Datelines split off a report's first line: filing place, date and agency, in many house styles."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.parse.dateline import find_dateline, split_dateline

PUBLISHED = date(2025, 1, 14)


@pytest.mark.parametrize(
    ("text", "place", "region", "filed", "agency", "body"),
    [
        ("QUETTA, 14 JAN 25 (PPI) -- FOUR LEVIES PERSONNEL WERE KILLED", "QUETTA", None,
         date(2025, 1, 14), "PPI", "FOUR LEVIES"),
        ("BAGHDAD, Jan 12, 2004 (AFP) - A car bomb exploded", "BAGHDAD", None,
         date(2004, 1, 12), "AFP", "A car bomb"),
        ("QUETTA, Pakistan, Jan 1 (Reuters) - Militants fired rockets", "QUETTA", "Pakistan",
         date(2025, 1, 1), "Reuters", "Militants"),
        ("MOGADISHU, Somalia (AP) — A truck bomb", "MOGADISHU", "Somalia", None, "AP", "A truck"),
        ("Quetta [Pakistan], July 20 : Gunmen opened fire", "Quetta", "Pakistan",
         date(2024, 7, 20), None, "Gunmen"),
        ("KARACHI, March 3 (APP): The police said", "KARACHI", None, date(2024, 3, 3), "APP",
         "The police"),
        ("QUETTA: Four people were killed", "QUETTA", None, None, None, "Four people"),
        ("Quetta: Four people were killed", "Quetta", None, None, None, "Four people"),
        ("Maiduguri, Nov 16 – Gunmen killed", "Maiduguri", None, date(2024, 11, 16), None,
         "Gunmen"),
        ("DERA MURAD JAMALI, 8 OCT 24 (AGENCY) -- THE BLAST", "DERA MURAD JAMALI", None,
         date(2024, 10, 8), "AGENCY", "THE BLAST"),
        ("ISLAMABAD (Reuters) - Pakistan said", "ISLAMABAD", None, None, "Reuters", "Pakistan"),
        ("KABUL, Afghanistan, 2004-01-12 (AFP) -- Rockets hit", "KABUL", "Afghanistan",
         date(2004, 1, 12), "AFP", "Rockets"),
        ("ABUJA - The Defence Headquarters said on Tuesday", "ABUJA", None, None, None, "The Defence"),
        ("DAMATURU - The Yobe State Police Command", "DAMATURU", None, None, None, "The Yobe"),
        ("Beled Weyne (HOL) - At least 13 people", "Beled Weyne", None, None, "HOL", "At least"),
        ("Quetta, March 5: A bomb planted on a motorcycle", "Quetta", None, date(2024, 3, 5), None,
         "A bomb"),
        ("BAIDOA, Somalia, Nov 4 (Reuters) - Gunmen shot dead", "BAIDOA", "Somalia", date(2024, 11, 4),
         "Reuters", "Gunmen"),
    ],
)
def test_datelines_in_many_house_styles(text: str, place: str, region: str | None,
                                        filed: date | None, agency: str | None, body: str) -> None:
    found = find_dateline(text, PUBLISHED)
    assert found is not None
    assert (found.place, found.region, found.filed, found.agency) == (place, region, filed, agency)
    assert text[found.end:].startswith(body)


@pytest.mark.parametrize("text", [
    "Police said: the attack was planned.",
    "Four people were killed in Quetta on Monday - police said.",
    "Gunmen killed four people - officials said.",
    "Dec 31 was a quiet day.",
    "Security forces, acting on a tip-off, raided a hideout.",
    "Police - who arrived late - found nothing.",
    "FOUR PEOPLE WERE KILLED IN QUETTA ON MONDAY - POLICE SAID.",
    "Quetta - the provincial capital - was shut.",
])
def test_plain_sentences_have_no_dateline(text: str) -> None:
    assert find_dateline(text, PUBLISHED) is None
    assert split_dateline(text, PUBLISHED) == (None, text)


def test_a_date_without_year_is_never_after_publication() -> None:
    # Filed on 31 December, published on 1 January: the year before.
    found = find_dateline("QUETTA, Dec 31 (APP): Rockets were fired", date(2025, 1, 1))
    assert found is not None and found.filed == date(2024, 12, 31)
    assert find_dateline("QUETTA, Dec 31 (APP): Rockets", None).filed is None  # type: ignore[union-attr]


def test_an_impossible_date_is_none_not_an_error() -> None:
    found = find_dateline("QUETTA, 31 FEB 25 (PPI) -- TEXT", PUBLISHED)
    assert found is not None and found.filed is None

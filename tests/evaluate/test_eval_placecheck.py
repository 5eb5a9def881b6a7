"""The eval scores a predicted place as a place: labelled country and admin area, not a name."""

from __future__ import annotations

import pytest

from crawler.evaluate.placecheck import place_right
from crawler.geo import Gazetteer, Place


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _place(gazetteer: Gazetteer, name: str, kind: str, country: str) -> Place:
    return next(p for p in gazetteer.lookup(name)
                if p.kind == kind and (gazetteer.country_of(p.id) or p).name == country)


# (predicted name, kind, its country; labelled groups, country, province; right?)
CASES = [
    # a town inside the labelled district counts: the district is the admin area
    ("Turbat", "city", "Pakistan", [["Zamuran"], ["Kech"]], "Pakistan", "Balochistan", True),
    ("Kech", "district", "Pakistan", [["Zamuran"], ["Kech"]], "Pakistan", "Balochistan", True),
    ("Mastung", "city", "Pakistan", [["Kardgap"], ["Mastung"]], "Pakistan", None, True),
    ("Mastung", "district", "Pakistan", [["Kardgap"], ["Mastung"]], "Pakistan", None, True),
    # the dateline city of another district is wrong, though in the same province
    ("Quetta", "city", "Pakistan", [["Kardgap"], ["Mastung"]], "Pakistan", "Balochistan", False),
    ("Quetta", "district", "Pakistan", [["Nushki", "Noshki"]], "Pakistan", None, False),
    # coarser than the label: the province for a district, the country for a town
    ("Balochistan", "province", "Pakistan", [["Mastung"]], "Pakistan", None, False),
    ("Pakistan", "country", "Pakistan", [["Turbat"], ["Kech"]], "Pakistan", None, False),
    ("Borno", "province", "Nigeria", [["Konduga"]], "Nigeria", "Borno", False),
    # a province labelled as the place: anything inside it is right
    ("Quetta", "city", "Pakistan", [["Balochistan"]], "Pakistan", None, True),
    # any labelled place of a multi-place event counts
    ("Gwadar", "city", "Pakistan", [["Quetta"], ["Pasni"], ["Gwadar"]], "Pakistan", None, True),
    # Nigeria: towns of Borno, by admin area
    ("Konduga", "city", "Nigeria", [["Konduga"]], "Nigeria", "Borno", True),
    ("Maiduguri", "city", "Nigeria", [["Mandarari"], ["Konduga"]], "Nigeria", "Borno", False),
    # a namesake in another country is wrong even with the very same name
    ("Hyderabad", "city", "India", [["Hyderabad"]], "Pakistan", "Sindh", False),
    ("Hyderabad", "city", "Pakistan", [["Hyderabad"]], "Pakistan", "Sindh", True),
    # towns the gazetteer gives no district: the town itself
    ("Mogadishu", "city", "Somalia", [["Hodan"], ["Mogadishu", "Muqdisho"]], "Somalia", None, True),
    ("Baidoa", "city", "Somalia", [["Mogadishu"]], "Somalia", None, False),
    ("Somalia", "country", "Somalia", [["Mogadishu"]], "Somalia", None, False),
]


@pytest.mark.parametrize(("name", "kind", "country", "groups", "label_country", "province",
                          "right"), CASES)
def test_place_is_scored_by_admin_area(gazetteer: Gazetteer, name: str, kind: str,
                                       country: str, groups: list[list[str]],
                                       label_country: str, province: str | None,
                                       right: bool) -> None:
    got = _place(gazetteer, name, kind, country)
    assert place_right(got, groups, label_country, province, gazetteer) is right


def test_area_named_by_fact_extraction_hangs_off_its_district(gazetteer: Gazetteer) -> None:
    """An area the gazetteer lacks, placed by fact extraction under Kech, is in Kech."""
    kech = _place(gazetteer, "Kech", "district", "Pakistan")
    area = Place(f"{kech.id}/kulag-xyz", "Kulag Xyz", "area", kech.id, "PK", None, None, ())
    assert place_right(area, [["Kulag Xyz"], ["Kech"]], "Pakistan", None, gazetteer)
    assert not place_right(area, [["Mastung"]], "Pakistan", None, gazetteer)


def test_unknown_labelled_place_falls_back_to_the_name_in_the_country(
        gazetteer: Gazetteer) -> None:
    kech = _place(gazetteer, "Kech", "district", "Pakistan")
    area = Place(f"{kech.id}/zzqville", "Zzqville", "area", kech.id, "PK", None, None, ())
    assert place_right(area, [["ZZQVILLE"]], "Pakistan", None, gazetteer)
    assert not place_right(area, [["Zzqtown"]], "Pakistan", None, gazetteer)
    assert not place_right(area, [["Zzqville"]], "Nigeria", None, gazetteer)

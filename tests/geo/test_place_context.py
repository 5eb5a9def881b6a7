"""Place names read with the words around them: a country's name is the country, a division
word asks for the division, a border names the other side, a following place contains the
name, and places the gazetteer lacks are made from the words that say what they are.

Cases are written per error class, in mixed and upper case, in several countries; none is a
copy of the eval corpus (tests/fixtures/eval/places_round2).
"""

from __future__ import annotations

import pytest

from crawler.geo import Gazetteer, GazetteerError, resolve_place
from crawler.geo.cues import asked_kind, border_side, inside_gap
from crawler.geo.unlisted import unlisted_names


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


# --- class 1: a country's name is the country, in config references too
@pytest.mark.parametrize(("ref", "country"), [
    ("Mali", "ML"),          # also a prefecture of Guinea
    ("Mexico", "MX"),        # also the State of Mexico and towns in the Philippines and the US
    ("Niger", "NE"),         # also Niger State, Nigeria
    ("Colombia", "CO"),      # also towns in Huila and Cuba
    ("MOZAMBIQUE", "MZ"),    # also Ilha de Mocambique's town
    ("peru", "PE"),
])
def test_a_country_name_in_config_is_the_country(gaz: Gazetteer, ref: str, country: str) -> None:
    assert [p.id for p in resolve_place(gaz, ref)] == [country]


def test_a_town_named_like_a_country_is_still_found_with_its_parent(gaz: Gazetteer) -> None:
    assert [p.id for p in resolve_place(gaz, "Colombia, Huila")] == ["CO-HUI/colombia"]


# --- French compass names of divisions also have their English form
@pytest.mark.parametrize(("name", "division"), [
    ("North Kivu", "CD-NK"),
    ("NORTH KIVU", "CD-NK"),
    ("South Kivu", "CD-SK"),
    ("North Ubangi", "CD-NU"),
    ("Ennedi East", "TD-EE"),
])
def test_english_compass_names_find_french_divisions(gaz: Gazetteer, name: str,
                                                      division: str) -> None:
    assert [p.id for p in resolve_place(gaz, name)] == [division]


# --- the words around a name ask for a division or a town
@pytest.mark.parametrize(("text", "name", "kind"), [
    ("in the southern province of Kandahar on Sunday", "Kandahar", "province"),
    ("IN GHAZNI PROVINCE ON TUESDAY", "GHAZNI", "province"),
    ("in Nariño department", "Nariño", "province"),
    ("in the eastern department of Arauca.", "Arauca", "province"),
    ("in Borno State's Konduga area", "Borno", "province"),
    ("in the Gao region of Mali", "Gao", "province"),
    ("IN THE STATE OF ZACATECAS", "ZACATECAS", "province"),
    ("in Djugu territory", "Djugu", "district"),
    ("in Spin Boldak district", "Spin Boldak", "district"),
    ("in the municipality of Barbacoas", "Barbacoas", "district"),
    ("KUKAWA LOCAL GOVERNMENT AREA", "KUKAWA", "district"),
    ("near the town of Toledo", "Toledo", "town"),
    ("in Colombia town, Huila", "Colombia", "town"),
    ("in the city of Kandahar", "Kandahar", "town"),
    ("IN THE VILLAGE OF MALI", "MALI", "town"),
    ("on Panama, a village near Tumaco", "Panama", "town"),
    ("IN KUNAR, THE EASTERN PROVINCE", "KUNAR", "province"),
    ("in Kandahar on Sunday", "Kandahar", None),
    ("officials in Kabul said", "Kabul", None),
])
def test_the_words_around_a_name_ask_for_its_kind(text: str, name: str, kind: str | None) -> None:
    start = text.index(name)
    assert asked_kind(text, start, start + len(name)) == kind


# --- class 5: a border names the country on the other side
@pytest.mark.parametrize(("text", "name", "other_side"), [
    ("near the border with Pakistan on Monday", "Pakistan", True),
    ("NEAR THE BORDER WITH PAKISTAN", "PAKISTAN", True),
    ("near the Kenyan border", "Kenyan", True),
    ("close to the Ugandan frontier", "Ugandan", True),
    ("along the Afghan-Pakistan border", "Afghan", True),
    ("along the Afghan-Pakistan border", "Pakistan", True),
    ("on the border between Mali and Niger", "Niger", True),
    ("in the Kenyan border town of Mandera", "Kenyan", False),
    ("Afghan border police were killed", "Afghan", False),
    ("Somali troops near the border", "Somali", False),
    ("in Pakistan near the border", "Pakistan", False),
])
def test_a_border_names_the_other_side(text: str, name: str, other_side: bool) -> None:
    start = text.index(name)
    assert border_side(text, start, start + len(name)) is other_side


# --- class 2: what stands between a name and a later place says the later place contains it
@pytest.mark.parametrize(("gap", "inside"), [
    (" in ", True),
    (", ", True),
    (" IN NORTH-EASTERN ", True),
    (" in north-eastern ", True),
    (", capital of ", True),
    (", the capital of the restive ", True),
    (", a town in central ", True),
    (" district of ", True),
    (" village in the ", True),
    (" on the outskirts of ", True),
    (" near ", True),
    (" and ", False),
    (" to ", False),
    (" killed three people in ", False),
    (", police said, in ", False),
])
def test_the_gap_before_a_containing_place(gap: str, inside: bool) -> None:
    assert inside_gap(gap) is inside


# --- class 4: places the gazetteer lacks, named by the words that say what they are
@pytest.mark.parametrize(("text", "found"), [
    ("insurgents raided a village in Ancuabe district on Sunday", [("Ancuabe", "district")]),
    ("RAIDED A SETTLEMENT IN ANCUABE DISTRICT, THE", [("ANCUABE", "district")]),
    ("beheaded two men in the village of Mucojo in Macomia district",
     [("Mucojo", "city"), ("Macomia", "district")]),
    ("ATTACKED NTAMBA VILLAGE IN NANGADE DISTRICT", [("NTAMBA", "city"), ("NANGADE", "district")]),
    ("in the municipality of El Tambo, Cauca", [("El Tambo", "district")]),
    ("a church in Komanda, Irumu territory, in Ituri", [("Komanda", "city"), ("Irumu", "district")]),
    ("in the Gishkaur area of Kolwa tehsil", [("Gishkaur", "area"), ("Kolwa", "area")]),
    ("in Bakassi LGA of Cross River", [("Bakassi", "district")]),
    ("near Boni, a town in central Mali", [("Boni", "city")]),
    ("in Afmadow town in Lower Juba region", [("Afmadow", "city")]),
    ("on the outskirts of the city of Iguala", [("Iguala", "city")]),
    ("Gunmen killed five people in Kandahar on Sunday", []),
    ("The district commissioner said the village was quiet", []),
    ("in Kech and Panjgur districts", []),
])
def test_unlisted_names_and_their_kinds(text: str, found: list[tuple[str, str]]) -> None:
    assert [(u.name, u.kind) for u in unlisted_names(text)] == found


# --- class 4: a synthesised place is a place: same id for the same name and parent
def test_a_synthesised_district_is_known_by_its_id(gaz: Gazetteer) -> None:
    one = gaz.synthesise("Ancuabe", "district", "MZ-P")
    two = gaz.synthesise("ANCUABE", "district", "MZ-P")
    assert one == two and one.id == two.id
    assert gaz.has(one.id) and gaz.get(one.id) == one
    assert one.name == "Ancuabe" and one.kind == "district" and one.country_code == "MZ"
    assert gaz.describe(one.id) == "Ancuabe, Cabo Delgado, Mozambique"
    assert gaz.is_within(one.id, "MZ-P") and gaz.district_of(one.id) == one
    village = gaz.synthesise("Mucojo", "city", one.id)
    assert gaz.describe(village.id) == "Mucojo, Ancuabe, Cabo Delgado, Mozambique"
    assert gaz.province_of(village.id).id == "MZ-P"  # type: ignore[union-attr]


def test_a_synthesised_place_differs_by_parent_and_never_shadows_a_real_one(
        gaz: Gazetteer) -> None:
    assert gaz.synthesise("Kolwa", "area", "PK-BA").id != gaz.synthesise("Kolwa", "area",
                                                                          "PK-SD").id
    assert not gaz.has("PK-BA/kolwa") and not gaz.has("PK-BA/unknown-parent/area~kolwa")
    with pytest.raises(GazetteerError):
        gaz.synthesise("Kolwa", "area", "XX-NOWHERE")


# --- class 2: a name looked up inside the place the text puts it in
@pytest.fixture(scope="module")
def watched() -> Gazetteer:
    return Gazetteer.load(countries=["AF", "CO", "MX", "MZ", "CD"])


@pytest.mark.parametrize(("name", "container", "expected"), [
    ("Toledo", "CO", "Toledo, Norte de Santander, Colombia"),
    ("Segovia", "CO-ANT", "Segovia, Antioquia, Colombia"),
    ("SALAMANCA", "MX-GUA", "Salamanca, Guanajuato, Mexico"),
    ("Kalat", "AF-ZAB", "Qalāt, Zābul, Afghanistan"),         # a spelling of Qalat
    ("MAIWAND", "AF-KAN", "Maywand, Kandahār, Afghanistan"),  # and of Maywand
    ("Buenos Aires", "CO-CAU", "Buenos Aires, Cauca, Colombia"),
])
def test_a_name_looked_up_inside_its_container(watched: Gazetteer, name: str, container: str,
                                               expected: str) -> None:
    found = watched.lookup_within(name, [container])
    assert found and watched.describe(found[0].id) == expected


@pytest.mark.parametrize(("name", "container"), [
    ("Palma", "MZ-P"),        # Palma de Mallorca is not in Cabo Delgado
    ("Mambasa", "CD-IT"),     # Mombasa is not in Ituri
    ("Iguala", "MX-GRO"),     # Igualapa is another town of Guerrero
    ("BUSH", "CO"),           # a whole country is too big for near spellings
])
def test_a_name_with_no_place_inside_its_container_finds_nothing(
        watched: Gazetteer, name: str, container: str) -> None:
    assert watched.lookup_within(name, [container]) == []


def test_near_spellings_only_in_the_prior_countries(gaz: Gazetteer) -> None:
    assert gaz.lookup_within("Kalat", ["AF-ZAB"]) == []

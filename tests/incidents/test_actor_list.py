"""The world list of armed groups: names and acronyms as reports write them, in any case, and
names whose group depends on the report's country."""

from __future__ import annotations

import pytest

from crawler.incidents.facts import ActorList
from crawler.incidents.facts.actors import find_actors

ACTORS = ActorList.load()


def names(sentence: str, countries: tuple[str, ...] = ()) -> list[str]:
    found, _evidence = find_actors([sentence], ACTORS, countries)
    return [a.name for a in found]


FORMS = [
    ("Afghan Taliban", "Taliban"), ("Islamic Emirate", "Taliban"),
    ("ISIS-K", "Islamic State Khorasan Province"),
    ("ISKP", "Islamic State Khorasan Province"), ("FARC dissidents", "FARC dissidents"),
    ("EMC", "Estado Mayor Central"), ("Segunda Marquetalia", "Segunda Marquetalia"),
    ("ELN", "National Liberation Army"), ("Clan del Golfo", "Clan del Golfo"),
    ("Gulf Clan", "Clan del Golfo"), ("AGC", "Clan del Golfo"),
    ("CPI (Maoist)", "Communist Party of India (Maoist)"), ("Naxals", "Communist Party of India (Maoist)"),
    ("NSCN-IM", "National Socialist Council of Nagaland (Isak-Muivah)"),
    ("NSCN (K)", "National Socialist Council of Nagaland (Khaplang)"),
    ("PKK", "Kurdistan Workers' Party"), ("Houthis", "Houthis"), ("Ansar Allah", "Houthis"),
    ("Huthi", "Houthis"), ("M23", "March 23 Movement"), ("ADF", "Allied Democratic Forces"),
    ("CODECO", "CODECO"), ("NPA", "New People's Army"), ("Abu Sayyaf", "Abu Sayyaf"),
    ("BIFF", "Bangsamoro Islamic Freedom Fighters"), ("Arakan Army", "Arakan Army"),
    ("ISWAP", "Islamic State West Africa Province"), ("ISSP", "Islamic State Somalia Province"),
    ("ISGS", "Islamic State Sahel Province"), ("IS Sahel", "Islamic State Sahel Province"),
    ("ISCAP", "Allied Democratic Forces"), ("IS Mozambique", "Islamic State Mozambique Province"),
    ("AQAP", "al-Qaeda in the Arabian Peninsula"), ("AQIM", "al-Qaeda in the Islamic Maghreb"),
    ("JNIM", "Jama'at Nusrat al-Islam wal-Muslimin"), ("al-Shabab", "al-Shabaab"),
    ("Hezbollah", "Hezbollah"), ("Hamas", "Hamas"), ("HTS", "Hayat Tahrir al-Sham"),
    ("RSF", "Rapid Support Forces"), ("Fano militia", "Fano"), ("OLA", "Oromo Liberation Army"),
    ("TTP", "Tehreek-e-Taliban Pakistan"), ("BLA", "Baloch Liberation Army"),
]


@pytest.mark.parametrize(("form", "group"), FORMS)
def test_each_form_names_its_group_in_both_cases(form: str, group: str) -> None:
    sentence = f"The {form} claimed responsibility for the attack on the base."
    assert names(sentence) == [group] or names(sentence)[0] == group
    assert names(sentence.upper())[0] == group


@pytest.mark.parametrize("form", ["Islamic State", "IS", "ISIS", "Daesh"])
@pytest.mark.parametrize(("country", "group"), [
    ("NG", "Islamic State West Africa Province"), ("AF", "Islamic State Khorasan Province"),
    ("MZ", "Islamic State Mozambique Province"), ("CD", "Allied Democratic Forces"),
    ("SO", "Islamic State Somalia Province"), ("ML", "Islamic State Sahel Province"),
    ("PH", "Dawlah Islamiyah"), ("SY", "Islamic State"), ("", "Islamic State"),
])
def test_islamic_state_is_its_affiliate_in_the_report_country(form: str, country: str, group: str) -> None:
    sentence = f"{form} claimed responsibility for the attack in a statement."
    assert names(sentence, (country,) if country else ()) == [group]


@pytest.mark.parametrize(("sentence", "country", "group"), [
    ("Al-Shabaab fighters beheaded three villagers.", "MZ", "Islamic State Mozambique Province"),
    ("Al-Shabaab fighters beheaded three villagers.", "SO", "al-Shabaab"),
    ("Al-Shabaab fighters beheaded three villagers.", "KE", "al-Shabaab"),
    ("Maoists ambushed a police patrol.", "IN", "Communist Party of India (Maoist)"),
    ("Taliban militants attacked a checkpoint.", "PK", "Tehreek-e-Taliban Pakistan"),
    ("Taliban militants attacked a checkpoint.", "AF", "Taliban"),
    ("Taliban militants attacked a checkpoint.", "", "Taliban"),
    ("The ADF claimed the ambush on a military vehicle.", "CM", "Ambazonian Separatists"),
    ("The ADF claimed the ambush on a military vehicle.", "CD", "Allied Democratic Forces"),
    ("Al-Qaeda fighters attacked the army camp.", "ML", "Jama'at Nusrat al-Islam wal-Muslimin"),
    ("Al-Qaeda fighters attacked the army camp.", "YE", "al-Qaeda in the Arabian Peninsula"),
    ("PLA militants ambushed an Assam Rifles convoy.", "IN", "People's Liberation Army of Manipur"),
    ("ISS fighters attacked the base.", "SO", "Islamic State Somalia Province"),
])
def test_local_names_follow_the_report_country(sentence: str, country: str, group: str) -> None:
    assert names(sentence, (country,) if country else ()) == [group]
    assert names(sentence.upper(), (country,) if country else ()) == [group]


@pytest.mark.parametrize(("sentence", "country"), [
    ("Maoists ambushed a police patrol.", "NP"),
    ("PLA militants ambushed a convoy.", "CN"),
    ("The PDF attacked a police station.", "US"),
    ("KIA fighters attacked the post.", "KR"),
])
def test_local_names_name_nothing_elsewhere(sentence: str, country: str) -> None:
    assert names(sentence, (country,)) == []


def test_words_in_capitals_are_no_acronyms() -> None:
    """In wire capitals 'IS' is a verb and 'FACT' a noun."""
    assert names("THE FACT THAT FIGHTERS ATTACKED THE BASE IS CLEAR, OFFICIALS SAID.") == []
    assert names("IS fighters attacked the base.", ("SY",)) == ["Islamic State"]


def test_the_longest_form_wins() -> None:
    assert names("Islamic State West Africa Province fighters attacked the base.") == [
        "Islamic State West Africa Province"]
    assert names("Pakistani Taliban fighters attacked the base.") == ["Tehreek-e-Taliban Pakistan"]
    assert names("The NSCN-IM cadres attacked the post.") == [
        "National Socialist Council of Nagaland (Isak-Muivah)"]


def test_compounds_name_their_group() -> None:
    assert names("Police blamed TTP-linked militants for the attack.") == ["Tehreek-e-Taliban Pakistan"]
    assert names("An M23-led offensive forced thousands to flee.") == ["March 23 Movement"]
    assert names("The Taliban-controlled district was calm.") == []


def test_a_unit_names_its_group_and_a_faction_its_family() -> None:
    found, _evidence = find_actors(["The Carlos Patiño Front attacked a police station."], ACTORS)
    assert [(a.name, a.unit) for a in found] == [
        ("Estado Mayor Central", "Carlos Patiño Front"), ("FARC dissidents", "")]
    found, _evidence = find_actors(["FARC dissidents attacked a police station."], ACTORS)
    assert [a.name for a in found] == ["FARC dissidents"]


def test_the_list_is_a_world_list() -> None:
    homes = {c for g in ACTORS.groups for c in g.homes()}
    assert len(ACTORS.groups) >= 120
    assert {"AF", "CO", "IN", "ML", "BF", "NE", "CD", "MZ", "PH", "MM", "CM", "YE", "SY", "IQ",
            "TR", "ET", "SD", "TH", "ID", "PE", "MX", "HT"} <= homes
    names_seen: dict[str, str] = {}
    for g in ACTORS.groups:
        assert g.name not in names_seen, f"{g.name} listed twice"
        names_seen[g.name] = g.name
        assert not g.part_of or ACTORS.group(g.part_of) is not None, g.part_of


def test_plain_forms_name_one_group_only() -> None:
    """A form two groups both have as a plain alias would name either: only local forms may be
    shared (and are settled by the report's country)."""
    owners: dict[str, set[str]] = {}
    for g in ACTORS.groups:
        for form in {g.name, *g.aliases, *([g.short] if g.short else [])}:
            key = form if (len(form) <= 5 or form.isupper()) else form.lower()
            owners.setdefault(key, set()).add(g.name)
    shared = {form: groups for form, groups in owners.items() if len(groups) > 1}
    assert shared == {}


def test_config_entries_extend_the_list() -> None:
    extra = ActorList.load(extra=[{"name": "Kuki National Army", "short": "KNA", "country": ["IN", "MM"]}])
    found, _evidence = find_actors(["KNA militants ambushed a convoy."], extra)
    assert [a.label for a in found] == ["Kuki National Army (KNA)"]
    assert extra.group("Kuki National Army").homes() == ("IN", "MM")  # type: ignore[union-attr]

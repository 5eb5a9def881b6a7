"""What a sentence says of the group it names: claimed, blamed, carried out, denied, target or
only mentioned. Each rule with many phrasings, in mixed case and in wire capitals."""

from __future__ import annotations

import pytest

from crawler.incidents.facts import ActorList
from crawler.incidents.facts.actors import ATTRIBUTED, CLAIMED, UNKNOWN, find_actors

ACTORS = ActorList.load()


def actors_of(text: str, countries: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(name, responsibility) of each actor of a text given as sentences split on ' | '."""
    found, _evidence = find_actors(text.split(" | "), ACTORS, countries)
    return [(a.name, a.responsibility) for a in found]


def both_cases(cases: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Each case as written and in wire capitals."""
    return [c for case in cases for c in (case, (case[0].upper(), *case[1:]))]


CLAIMS = [
    ("The Taliban claimed responsibility for the attack.", "Taliban"),
    ("Responsibility for the bombing was claimed by the ELN in a statement.", "National Liberation Army"),
    ("The blast was claimed by Hamas.", "Hamas"),
    ("Claiming the attack, the Arakan Army said its fighters had seized the base.", "Arakan Army"),
    ("ISWAP claimed the ambush in a statement on Telegram.", "Islamic State West Africa Province"),
    ("JNIM claims deadly attack on Malian army camp", "Jama'at Nusrat al-Islam wal-Muslimin"),
    ("In a statement, the PKK said its fighters killed two soldiers.", "Kurdistan Workers' Party"),
    ("The Houthis said they had targeted the vessel with drones.", "Houthis"),
    ("Al-Shabaab said in a statement carried by its radio that it had carried out the attack.",
     "al-Shabaab"),
    ("The NPA, in a statement, owned the attack.", "New People's Army"),
    ("M23 accepted responsibility for the shelling of the camp.", "March 23 Movement"),
    ("A spokesman for the BIFF claimed responsibility in a radio interview.",
     "Bangsamoro Islamic Freedom Fighters"),
    ("The Resistance Front (TRF), an offshoot of the Lashkar-e-Taiba, claimed the attack.",
     "The Resistance Front"),
    ("ISWAP released photographs of the seized weapons.", "Islamic State West Africa Province"),
    ("The CPI (Maoist) issued a press note claiming responsibility for the killings.",
     "Communist Party of India (Maoist)"),
]


@pytest.mark.parametrize(("sentence", "group"), both_cases(CLAIMS))
def test_claims_name_their_group(sentence: str, group: str) -> None:
    assert actors_of(sentence)[0] == (group, CLAIMED)


def test_a_claim_names_its_group_in_the_next_sentence() -> None:
    text = ("Separatist fighters claimed responsibility for the blast. | "
            "The Baloch Liberation Front said its men planted the device.")
    assert actors_of(text)[0] == ("Baloch Liberation Front", CLAIMED)


ATTRIBUTIONS = [
    ("Police blamed the ELN for the bombing.", "National Liberation Army"),
    ("Officials blamed the attack on the Clan del Golfo.", "Clan del Golfo"),
    ("Suspected Boko Haram fighters stormed the village.", "Boko Haram"),
    ("Insurgents suspected to be fighters of ISWAP overran the base.",
     "Islamic State West Africa Province"),
    ("The army said the attackers were members of the ADF.", "Allied Democratic Forces"),
    ("Residents said the gunmen carried the black flag of al-Shabaab.", "al-Shabaab"),
    ("The local chief described the attackers as CODECO militiamen.", "CODECO"),
    ("The Taliban blamed ISKP for the bombing.", "Islamic State Khorasan Province"),
    ("ISKP blamed for Kabul mosque blast", "Islamic State Khorasan Province"),
    ("Investigators believe the bombing bore the hallmarks of the Abu Sayyaf.", "Abu Sayyaf"),
    ("Authorities said the Arakan Army was behind the shelling.", "Arakan Army"),
    ("The attack is believed to have been carried out by the NPA.", "New People's Army"),
    ("Police suspect Naxals planted the IED.", "Communist Party of India (Maoist)"),
    ("Security officials pointed the finger at the TTP.", "Tehreek-e-Taliban Pakistan"),
]


@pytest.mark.parametrize(("sentence", "group"), both_cases(ATTRIBUTIONS))
def test_blamed_groups_are_attributed(sentence: str, group: str) -> None:
    assert actors_of(sentence)[0] == (group, ATTRIBUTED)


AGENTS = [
    ("Boko Haram fighters killed four vigilantes.", "Boko Haram"),
    ("ISWAP fighters on Monday night overran a military post.", "Islamic State West Africa Province"),
    ("The Taliban stormed the district headquarters.", "Taliban"),
    ("Houthi rebels fired a missile at a tanker.", "Houthis"),
    ("Six fishermen were killed by Boko Haram fighters.", "Boko Haram"),
    ("Villagers fled a Boko Haram raid on the market.", "Boko Haram"),
    ("An M23 offensive forced thousands to flee.", "March 23 Movement"),
    ("Fighting between the army and the TNLA killed two civilians.",
     "Ta'ang National Liberation Army"),
    ("Troops killed ten ISWAP fighters who attacked the base.", "Islamic State West Africa Province"),
    ("Gunmen of the Clan del Golfo shot dead two police officers.", "Clan del Golfo"),
    ("Fighters from a People's Defence Force (PDF) attacked a police station.",
     "People's Defence Force"),
    ("The EMC, the largest dissident group, attacked the police station.", "Estado Mayor Central"),
    ("Abu Sayyaf militants kidnapped three fishermen.", "Abu Sayyaf"),
    ("Al-Shabaab militants whisked away four aid workers.", "al-Shabaab"),
    ("Arakan Army forces took control of the town.", "Arakan Army"),
]


@pytest.mark.parametrize(("sentence", "group"), both_cases(AGENTS))
def test_groups_said_to_act_are_actors(sentence: str, group: str) -> None:
    assert actors_of(sentence)[0] == (group, UNKNOWN)


NOT_ACTORS = [
    # targets
    "Troops killed ten Boko Haram fighters in Gwoza.",
    "A US airstrike targeted al-Shabaab militants near Jilib.",
    "The army launched an offensive against the ELN in Arauca.",
    "Soldiers raided a hideout of the NPA and arrested two suspects.",
    "An air attack hit a village controlled by the TNLA.",
    "Four ISWAP fighters killed in airstrike",
    "The army destroyed several ADF camps in Beni territory.",
    # denials and condemnations
    "The ELN denied any involvement in the attack.",
    "The Taliban administration condemned the bombing.",
    "The NPA said it had nothing to do with the killing.",
    "Al-Shabaab did not immediately comment.",
    "The TTP distanced itself from the attack.",
    "The Houthis rejected the accusation.",
    # mentions, habits, history
    "Al-Shabaab has carried out similar attacks in the port city.",
    "Both Boko Haram and ISWAP are active in the area.",
    "Maoists are known to operate in the forests of Bijapur.",
    "The BLA frequently targets security forces in the province.",
    "The region is a stronghold of the ADF.",
    "No group has claimed responsibility for the attack, which came as ISWAP and Boko Haram fight "
    "for control of the lake.",
    "Hamas said it was studying a ceasefire proposal.",
    "The ELN has been fighting the government since 1964.",
]


@pytest.mark.parametrize("sentence", [c[0] for c in both_cases([(s,) for s in NOT_ACTORS])])
def test_targets_denials_and_mentions_are_no_actors(sentence: str) -> None:
    assert actors_of(sentence) == []


def test_a_denial_drops_only_the_group_that_denies() -> None:
    text = "ISWAP claimed the attack, while Boko Haram denied any involvement."
    assert actors_of(text) == [("Islamic State West Africa Province", CLAIMED)]


def test_a_group_that_acted_and_did_not_comment_stays_the_actor() -> None:
    # Silence is not a denial: "has not commented" leaves a group that acted where it was.
    text = ("Guerrillas of the National Liberation Army (ELN) abducted three soldiers on Friday. | "
            "The ELN has not commented.")
    assert actors_of(text) == [("National Liberation Army", UNKNOWN)]
    assert actors_of(text.upper()) == [("National Liberation Army", UNKNOWN)]


def test_blamed_and_denied_stays_blamed() -> None:
    text = "Police blamed the ELN for the bombing. | The ELN denied the accusation."
    assert actors_of(text) == [("National Liberation Army", ATTRIBUTED)]


def test_a_claimant_outranks_a_group_said_to_act() -> None:
    text = ("Boko Haram fighters were seen in the area. | Gunmen attacked the village. | "
            "ISWAP claimed responsibility for the attack.")
    assert actors_of(text) == [("Islamic State West Africa Province", CLAIMED)]


def test_no_claim_is_not_a_claim() -> None:
    for sentence in ("No group has claimed responsibility.", "There was no immediate claim of "
                     "responsibility.", "The attack has not been claimed."):
        assert actors_of(f"Militants attacked the post. | {sentence} | The ELN is active there.") == []


# Verbs and attributions beyond the first list: each case checks the rule, not the sentence.
MORE_AGENTS = [
    ("Two jawans were injured when Maoists triggered a pressure IED near Bijapur.",
     "Communist Party of India (Maoist)", ("IN",)),
    ("The Arakan Army set off a landmine under a navy truck near Kyauktaw.", "Arakan Army", ()),
    ("JNIM fighters threw grenades at the checkpoint before dawn.",
     "Jama'at Nusrat al-Islam wal-Muslimin", ()),
    ("ADF rebels hacked seven villagers to death with machetes in Beni territory.",
     "Allied Democratic Forces", ("CD",)),
    ("NPA guerrillas waylaid an army patrol on a farm road in Samar.", "New People's Army", ()),
    ("Al-Shabaab militants blasted the police station with a car bomb.", "al-Shabaab", ()),
]


@pytest.mark.parametrize(("sentence", "group", "countries"), both_cases(MORE_AGENTS))
def test_more_ways_of_saying_a_group_acted(sentence: str, group: str,
                                           countries: tuple[str, ...]) -> None:
    assert actors_of(sentence, countries)[0][0] == group


MORE_ATTRIBUTIONS = [
    ("The New People's Army (NPA) guerrilla group was suspected of carrying out the ambush, "
     "the army said.", "New People's Army"),
    ("The ELN rebel group is believed to have planted the device, police said.",
     "National Liberation Army"),
    ("Officials said the attack bore the hallmarks of the Pakistani Taliban.",
     "Tehreek-e-Taliban Pakistan"),
]


@pytest.mark.parametrize(("sentence", "group"), both_cases(MORE_ATTRIBUTIONS))
def test_more_ways_of_blaming_a_group(sentence: str, group: str) -> None:
    assert actors_of(sentence)[0] == (group, ATTRIBUTED)

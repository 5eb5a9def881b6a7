"""What happened and to whom: event-type labels and target classes from the main incident's text."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from crawler.incidents.facts.probe import Gated, lowered

# Label -> pattern. Labels are the vocabulary of expected.yaml and of incident records.
EVENT_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(rx, re.IGNORECASE))
    for label, rx in (
        (
            "IED",
            r"\bIEDs?\b|improvised explosive|roadside (?:bomb|device|blast)|landmine|"
            r"magnetic (?:bomb|device|explosive)|planted (?:a |an )?(?:bomb|explosive)|"
            r"explosive device|sticky bomb",
        ),
        ("remote explosive", r"remote[- ]?(?:controlled|control|detonated)|remotely detonated"),
        (
            "suicide attack",
            r"suicide (?:attack|attacker|bomb|blast|tactic|vest|squad|car)\w*|"
            r"blew (?:himself|herself) up|vehicle-borne|\bVBIED",
        ),
        (
            "bombing",
            r"\bbomb(?:s|ing|ings)?\b|\bblasts?\b|explosions?\b|\bexplosives?\b|"
            r"\bdetonat\w+",
        ),
        ("grenade attack", r"\bgrenades?\b"),
        ("rocket attack", r"\brockets?\b|\bRPGs?\b|\bmortars?\b|rocket-propelled"),
        ("ambush", r"\bambush\w*"),
        (
            "targeted killing",
            r"targeted killing|shot (?:\w+ ){0,2}dead|gunned down|assassinat\w+|"
            r"target killing",
        ),
        ("kidnapping", r"\bkidnap\w*|\babduct\w*|\bhostages?\b|taken captive"),
        ("hijacking", r"\bhijack\w*"),
        ("attack on military camp", r"\bcamps?\b|cantonment|garrison|\bbase\b|headquarters"),
        ("attack on checkpoint", r"check[- ]?points?|check[- ]?posts?|\bpickets?\b"),
        ("attack on convoy", r"\bconvoys?\b"),
        ("attack on police station", r"police stations?|\bthana\b"),
        (
            "armed assault",
            r"\bgunmen\b|opened fire|\bstorm(?:ed|ing)\b|gun ?fights?|"
            r"exchanges? of fire|heavy firing|indiscriminate firing|armed attack|"
            r"heavily armed|shoot-?outs?|small arms|assault rifles?|"
            r"armed (?:men|assailants|militants)|\bfired (?:at|on|upon)\b|"
            r"\bsiege\b|armed assault",
        ),
        (
            "coordinated attacks",
            r"\bcoordinated\b|\bsimultaneous\b|\btwin (?:attacks|strikes|"
            r"offensives|blasts)|series of (?:attacks|blasts|strikes)|"
            r"multiple attacks|wave of (?:attacks|violence)",
        ),
    )
)
# A camp/checkpoint/convoy word is a target only where an attack verb is near it.
_ON_TARGET = re.compile(
    r"attack\w*|stormed|targeted|struck|hit|raid\w*|assault\w*|ambush\w*|fired|blast|bomb\w*",
    re.IGNORECASE,
)
_NEEDS_ATTACK = {
    "attack on military camp",
    "attack on checkpoint",
    "attack on convoy",
    "attack on police station",
}

TARGETS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, re.compile(rx, re.IGNORECASE))
    for label, rx in (
        (
            "military",
            r"\bsoldiers?\b|\barmy\b|\bmilitary\b|\btroops\b|Frontier Corps|\bFC\b|"
            r"security (?:forces|personnel|officials)|\bjawans?\b|\bconvoy\b|"
            r"\bcamp\b|paramilitary|servicemen|Bomb Disposal Squad|army officer",
        ),
        (
            "police",
            r"\bpolice(?:m[ae]n)?\b(?! (?:said|say|says|told|officials?|spokes\w+|"
            r"registered|have|has|suspect\w*|blamed|identified|chief|officer said))"
            r"|\bconstables?\b|\bLevies\b|\bCTD\b|counter-terrorism department",
        ),
        (
            "civilians",
            r"\bcivilians?\b|\bpassengers?\b|\blabou?rers\b|\bworkers\b|\bpilgrims\b|"
            r"\bstudents\b|\btourists\b|\bworshipp?ers\b|\bmarket\b|\bshoppers\b|"
            r"\bvillagers\b|\bresidents\b|\bchildren\b|\bbus\b|\bmosque\b|\bschool\b|"
            r"\b(?:school)?teachers?\b|\bjournalists?\b|\bpolio\b|\bfarmers?\b|\bcommuters\b|"
            r"\bminers\b|\bdiners\b|\brestaurant\b|\bbeach\b|\bshop\b",
        ),
        (
            "infrastructure",
            r"\brailway\b|train tracks?|\bpipelines?\b|\bpylons?\b|"
            r"(?:mobile|telecom|transmission) towers?|\bbridges?\b|power (?:lines|"
            r"station|grid)|gas (?:field|plant|line)|\bCPEC\b|"
            r"(?:government|administrative) buildings?|\boffices?\b",
        ),
    )
)
# Literals (lower-case) every match of each label's pattern contains, one or more per branch:
# a sentence holding none of a label's is not searched for it (see crawler.incidents.facts.probe).
_NEEDLES: dict[str, list[str]] = {
    "IED": ["ied", "improvised explosive", "roadside ", "landmine", "magnetic ", "planted ",
            "explosive device", "sticky bomb"],
    "remote explosive": ["remote"],
    "suicide attack": ["suicide ", "blew ", "vehicle-borne", "vbied"],
    "bombing": ["bomb", "blast", "explosion", "explosive", "detonat"],
    "grenade attack": ["grenade"],
    "rocket attack": ["rocket", "rpg", "mortar"],
    "ambush": ["ambush"],
    "targeted killing": ["targeted killing", "shot ", "gunned down", "assassinat",
                         "target killing"],
    "kidnapping": ["kidnap", "abduct", "hostage", "taken captive"],
    "hijacking": ["hijack"],
    "attack on military camp": ["camp", "cantonment", "garrison", "base", "headquarters"],
    "attack on checkpoint": ["check", "picket"],
    "attack on convoy": ["convoy"],
    "attack on police station": ["police station", "thana"],
    "armed assault": ["gunmen", "opened fire", "storm", "fight", "of fire", "heavy firing",
                      "indiscriminate firing", "armed", "shoot", "small arms", "assault rifle",
                      "fired ", "siege"],
    "coordinated attacks": ["coordinated", "simultaneous", "twin ", "series of ",
                            "multiple attacks", "wave of "],
    "military": ["soldier", "army", "military", "troops", "frontier corps", "fc", "security ",
                 "jawan", "convoy", "camp", "servicemen", "bomb disposal squad"],
    "police": ["police", "constable", "levies", "ctd", "counter-terrorism department"],
    "civilians": ["civilian", "passenger", "labourers", "laborers", "workers", "pilgrims",
                  "students", "tourists", "worship", "market", "shoppers", "villagers",
                  "residents", "children", "bus", "mosque", "school", "teacher", "journalist",
                  "polio", "farmer", "commuters", "miners", "diners", "restaurant", "beach",
                  "shop"],
    "infrastructure": ["railway", "train track", "pipeline", "pylon", "tower", "bridge", "power ",
                       "gas ", "cpec", "building", "office"],
}
_GATED_TYPES = tuple((label, Gated(rx, _NEEDLES[label])) for label, rx in EVENT_TYPES)
_GATED_TARGETS = tuple((label, Gated(rx, _NEEDLES[label])) for label, rx in TARGETS)
_ATTACK_CUE = Gated(
    re.compile(
        r"attack\w*|blast|\bbomb(?:s|ing|ings|ed)?\b|explo\w+|IED|ambush\w*|kill\w*|dead|died|"
        r"martyred|injur\w*|wound\w*|target\w*|stormed|struck|strike|fire[ds]?\b|firing|gunmen|"
        r"abduct\w*|kidnap\w*|hijack\w*|detonat\w+|assault\w*|raid\w*|grenade|rocket",
        re.IGNORECASE,
    ),
    # The literal of each branch above, in order; most sentences of a report hold none.
    ["attack", "blast", "bomb", "explo", "ied", "ambush", "kill", "dead", "died", "martyred",
     "injur", "wound", "target", "stormed", "struck", "strike", "fire", "firing", "gunmen",
     "abduct", "kidnap", "hijack", "detonat", "assault", "raid", "grenade", "rocket"],
)


@functools.lru_cache(maxsize=8192)
def is_attack_sentence(sentence: str) -> bool:
    """True when a sentence speaks of an attack or its casualties (memoised: asked ~4x each)."""
    return bool(_ATTACK_CUE.search(sentence, lowered(sentence)))


def classify(sentences: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...], str, str]:
    """Event-type labels and target classes of the main incident, with the sentence each of
    the two first came from."""
    found: dict[str, int] = {}
    targets: dict[str, int] = {}
    evidence = target_evidence = ""
    attack = [(i, s, lowered(s)) for i, s in enumerate(sentences) if is_attack_sentence(s)]
    # A label whose literals are in no attack sentence (their joined text lacks them) is never
    # tried sentence by sentence; and a label once found is not searched for again.
    joined = "\n".join(s for _i, s, _low in attack)
    joined_low = lowered(joined)
    live_types = [(label, g) for label, g in _GATED_TYPES if g.passes(joined, joined_low)]
    live_targets = [(label, g) for label, g in _GATED_TARGETS if g.passes(joined, joined_low)]
    for i, sentence, low in attack:
        for label, g in live_types:
            if label in found:
                continue
            m = g.search(sentence, low)
            if not m:
                continue
            if label in _NEEDS_ATTACK and not _ON_TARGET.search(sentence):
                continue
            found[label] = i * 1000 + m.start()
            evidence = evidence or sentence
        for label, g in live_targets:
            if label in targets:
                continue
            m = g.search(sentence, low)
            if m:
                targets[label] = i * 1000 + m.start()
                target_evidence = target_evidence or sentence
    types = sorted(found, key=found.__getitem__)
    # "IED" and "suicide attack" say more than "bombing": keep the generic label last.
    if "bombing" in types and len(types) > 1:
        types.remove("bombing")
        types.append("bombing")
    return (tuple(types), tuple(sorted(targets, key=targets.__getitem__)), evidence,
            target_evidence)

"""Words casualty figures are made of: numbers, quantifiers, and who the counted people are.

Analyst conventions (those of the labelled corpus, after ACLED): "a dozen" is 12 and "half a
dozen" 6; vague plurals ("dozens", "scores", "hundreds", "several") are no figure at all; a range
("between 10 and 12", "eight to 10") counts its lower bound; "at least", "some", "about", "up to",
"as many as" and "more than" qualify the figure they precede and leave it as stated.
"""

from __future__ import annotations

import re

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_FIXED = {"a dozen": 12, "half a dozen": 6, "a hundred": 100, "one hundred": 100,
          "a couple of": 2, "a pair of": 2}
# Words a counted phrase may open with that stand for one person ("a shopkeeper", "an elder").
SINGLE = {"a": 1, "an": 1, "another": 1}
# Quantifier words that state a zero ("no soldiers were hurt", "none of the passengers").
ZERO = {"no": 0, "none": 0}

_UNIT_WORDS = "|".join(k for k in _UNITS if _UNITS[k])
WORD_NUMBER = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + _UNIT_WORDS + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
# One figure as written: digits (not a time, decimal, ratio or "25-year-old"), a fixed phrase,
# or number words. Used inside larger patterns, always under re.IGNORECASE.
FIGURE = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,4})(?![\d:/.]\d|-year|\s*-\s*year|\s*(?:am|pm|a\.m|p\.m)\b)"
    r"|half a dozen|a dozen|a hundred|one hundred|a couple of|a pair of|" + WORD_NUMBER
)
# A range counts its lower bound: "between 10 and 12", "eight to 10", "8-10".
RANGE_TAIL = r"(?:\s*(?:-|–|to|or)\s*|\s+and\s+(?=\S+\s+\w))"
QUALIFIER = (
    r"(?:at least|at most|as many as|up to|more than|over|about|around|nearly|almost|some|"
    r"roughly|approximately|an estimated|no (?:fewer|less) than|not less than|not fewer than|"
    r"close to|upwards of|a total of|in all|all|another|a further|an additional|the|"
    r"between|only|just)"
)

MILITANT_NOUNS = frozenset(
    "militants militant terrorists terrorist attackers attacker insurgents insurgent assailants "
    "assailant gunmen gunman khawarij khwarij kharijis khariji rebels rebel fighters fighter "
    "jihadists jihadist bombers bomber separatists separatist miscreants miscreant extremists "
    "extremist raiders raider abductors abductor kidnappers kidnapper hijackers hijacker "
    "infiltrators infiltrator mujahideen shabaab guerrillas guerrilla guerillas guerilla "
    "dissidents maoists maoist naxals naxal naxalites naxalite naxalite bandits bandit "
    "jihadis jihadi".split()
)
# Members of the armed side named by their group ("two Maoist cadres", "Boko Haram members",
# "five members of al-Shabaab"): a member noun with one of these words in its phrase.
MEMBER_NOUNS = frozenset(
    "members member cadres cadre commanders commander operatives operative elements "
    "followers recruits affiliates".split()
)
# The Taliban govern Afghanistan: "Taliban security forces", "Taliban police" are the state's.
_TALIBAN = (r"taliban(?!\s+(?:security|government|forces?|police|policemen|soldiers|troops|army|"
            r"border|guards?|officials?|administration|authorities|intelligence|personnel|"
            r"regime|interior|defen[cs]e)\b)")
ARMED_SIDE = re.compile(
    r"\b(?:maoists?|naxal\w*|" + _TALIBAN + r"|jihad\w*|rebels?|insurgents?|militants?|terrorists?|"
    r"boko haram|al-?shabaab|shabaab|iswap|islamic state|isis|daesh|farc|eln|ttp|"
    r"dissidents?|guerr?illas?|separatists?|banned)\b",
    re.IGNORECASE,
)
# Head nouns that are things or measures, never people: a figure on them is no casualty.
NOT_PEOPLE = frozenset(
    "hours hour days day weeks week months month years year minutes minute seconds km kilometres "
    "kilometers metres meters miles kg kilograms litres liters percent per cent vehicles vehicle "
    "trucks truck cars car buses bus houses house homes home shops shop buildings building rifles "
    "rifle weapons weapon rounds round shells shell rockets rocket bombs bomb attacks attack "
    "incidents incident groups group camps camp hideouts hideout villages village districts "
    "district times occasions cases case tankers tanker motorcycles motorcycle coaches coach "
    "churches church mosques mosque schools school cattle goats camels livestock corps "
    "explosion explosions blast blasts bombing bombings firing gunfire fire ambush strikes "
    "strike raids raid families family items things highway highways road roads "
    "route routes base bases post posts checkpoint checkpoints checkpost checkposts convoy "
    "convoys station stations market markets office offices town towns area areas city "
    "north south east west northwest northeast southwest southeast outskirts side edge "
    "van vans jeep jeeps pickup pickups rickshaw rickshaws tractor tractors train trains "
    "boat boats aircraft helicopter helicopters plane planes compound compounds".split()
)
# Nouns of a bodies-found report ("eight bodies were recovered", "the bodies of five men").
BODIES = frozenset("bodies body corpses corpse remains".split())
# Words a counted phrase cannot run through: auxiliaries, conjunctions, relatives and the
# verbs of reporting. A phrase stops before them.
PHRASE_STOP = frozenset(
    "were was is are be been being had has have will would could may might and or but nor while "
    "when whereas as after before because since though although if that which who whom whose "
    "said says told added according including included among amongst mostly mainly most many "
    "all both each either neither besides along also reportedly allegedly later then ago "
    "whereupon".split()
)


def parse_number(token: str) -> int | None:
    """Turn '14', '1,200', 'seven', 'twenty-one', 'a dozen' or 'half a dozen' into an int."""
    t = " ".join(token.casefold().split())  # casefold: "ſeven" matches under IGNORECASE
    if t.replace(",", "").isdigit():
        return int(t.replace(",", ""))
    if t in _FIXED:
        return _FIXED[t]
    if t in _UNITS:
        return _UNITS[t]
    if t in SINGLE:
        return SINGLE[t]
    if t in ZERO:
        return ZERO[t]
    parts = t.replace("-", " ").split(" ")
    if parts[0] in _TENS and len(parts) <= 2:
        unit = _UNITS.get(parts[1], -1) if len(parts) > 1 else 0
        return _TENS[parts[0]] + unit if unit >= 0 else None
    return None


_HEAD_STRIP = re.compile(r"^[\"'“‘(]+|[\"'”’),.;:]+$")


def bare(word: str) -> str:
    """A word lower-cased without quotes, brackets or trailing punctuation."""
    return _HEAD_STRIP.sub("", word).lower()


# Plural heads that do not end in "s": a possessive before them ("their children") is no one.
IRREGULAR_PLURALS = frozenset("men women children people police personnel staff folk".split())


def is_militant(head: str) -> bool:
    """True when a head noun names the attackers' side ('gunmen', "the bomber", 'Shabaab')."""
    return bare(head) in MILITANT_NOUNS

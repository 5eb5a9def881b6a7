"""Casualty figures: number words, victims vs militants, totals, "more" and disputed tolls."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.incidents.facts.probe import Gated, lowered

_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {"no": 0}
_TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
# ACLED's conventions for vague plurals: "dozens" is coded 12, "hundreds" 100.
_VAGUE = {"a dozen": 12, "dozen": 12, "dozens": 12, "hundreds": 100, "a hundred": 100, "scores": 20}

_WORD_NUM = (
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(k for k in _UNITS if _UNITS[k]) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
NUMBER = re.compile(
    r"\b(?:(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?![\d:/.]\d)"
    r"|(?P<vague>a dozen|dozens|hundreds|scores)"
    r"|(?P<words>" + _WORD_NUM + r"))\b",
    re.IGNORECASE,
)
# A NUMBER match is digits, or a run of letters that is one of these (letters cannot abut it).
_NUMBER_WORDS = frozenset([*_UNITS, *_TENS, "dozen", "dozens", "hundreds", "scores"])
_LETTER_RUN = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")

VICTIM_NOUNS = (
    "soldiers soldier personnel troops troopers officers officer policemen policeman police "
    "officials official civilians civilian people persons person passengers passenger workers "
    "worker labourers labourers laborers children child women woman men man others members "
    "guards guard levies jawans jawan commandos commando pilgrims students student teachers "
    "villagers residents constables constable cops personnel. fc sepoys sepoy army "
    "servicemen serviceman engineers engineer employees employee miners miner drivers driver "
    "tourists worshippers worshipers farmers farmer policewomen shopkeepers them "
    "individuals victims victim family relatives boys girls"
).split()
MILITANT_NOUNS = (
    "militants militant terrorists terrorist attackers attacker insurgents insurgent assailants "
    "assailant gunmen gunman khawarij khwarij kharijis khariji rebels rebel fighters jihadists "
    "bombers separatists miscreants extremists raiders abductors kidnappers"
).split()
_STOP_WORDS = frozenset(
    "in on at after when as from while and or to by with were was had have has"
    .split()
)
_SINGULAR = frozenset(
    "soldier officer policeman official civilian person passenger worker child woman man guard "
    "jawan commando student constable sepoy engineer employee driver tourist farmer teacher major "
    "captain lieutenant colonel journalist boy girl shopkeeper leader cleric schoolteacher labourer "
    "trader doctor lawyer judge politician activist elder councillor policewoman resident villager "
    "pilgrim"
    .split()
)
_KILL = re.compile(
    r"^(?:killed|killing|kills|dead|died|die|martyred|martyring|slain|perished|shot dead|"
    r"gunned down|lost (?:their|his|her) li(?:ves|fe)|succumbed|deaths?|fatalities|lives)\b"
)
_INJURE = re.compile(r"^(?:injured|injuring|injures|wounded|wounding|hurt|injuries|critically)\b")
_NEUTRALISE = re.compile(
    r"^(?:neutrali[sz]ed|neutrali[sz]ing|eliminated|eliminating|sent to hell)\b"
)
_AUX = re.compile(
    r"^(?:(?:were|was|are|is|have|has|had|been|being|also|reportedly|confirmed|later|all|"
    r"allegedly|feared|said to be|left|reported|instantly|on the spot)\s+)+"
)
# Verbs that take the figure as their object: "killing all 12 soldiers", "left 14 dead".
_LEFT_KILL = re.compile(
    r"(?:killed|killing|kills|kill|martyred|martyring|claimed the lives of|lives of|deaths? of|"
    r"death toll (?:\w+ )?(?:to|at|of)|toll (?:\w+ )?(?:to|at|of)|fatalities (?:\w+ )?to|"
    r"total (?:\w+ )?(?:to|of)|shot dead|gunned down|leaving|left|bodies of|including)"
    r"(?: (?:at least|as many as|about|around|nearly|some|up to|more than|over|all|another|"
    r"the|a further|an additional))*\s*$"
)
_LEFT_INJURE = re.compile(
    r"(?:injuring|injured|wounding|wounded|injuries to|hurt)(?: (?:at least|about|around|"
    r"nearly|some|more than|over|another|a further))*\s*$"
)
_LEFT_NEUTRALISE = re.compile(
    r"(?:neutrali[sz]ed|neutrali[sz]ing|eliminated|eliminating)"
    r"(?: (?:at least|about|around|all|some|another))*\s*$"
)
_TOTAL = re.compile(r"\b(?:toll|total|in all|altogether|combined|overall|tally)\b")
_RISE = re.compile(
    r"\b(?:rose|risen|rises|climbed|climbs|jumped|mounted|increased|reached|raising|"
    r"succumbed|later died|died (?:later|in hospital|of (?:their|his|her) (?:wounds|injuries)))\b"
)
_THEM = re.compile(r"\b(?:shot|killed|executed|gunned down|slaughtered) them\b")
_COMPOUND = re.compile(
    r"^\s*(?:,|and|as well as)\s+(?:at least\s+)?(?:\d+|[a-z]+(?:-[a-z]+)?)\s+\w+", re.IGNORECASE
)
_ROSE_TO = re.compile(
    r"(?:rose|risen|climbed|jumped|increased|mounted|reached|went up)\s+"
    r"(?:to\s+)?(?:at least\s+)?$"
)
_LATER_DEATH = re.compile(
    r"^(?:succumbed|later died|died (?:later|in hospital|of (?:their|his|"
    r"her) (?:wounds|injuries)))"
)
# Figures whose source is contested: ACLED keeps the conservative one (see aggregate()).
_DISPUTED = Gated(
    re.compile(
        r"(?:could not be (?:independently )?verified|unverified|put the (?:death )?toll at|"
        r"other sources|local sources (?:said|put|claimed)|claimed (?:to have|it had|it|that it|"
        r"that its fighters|its fighters) (?:killed|kill)|exaggerat|residents said|"
        r"according to (?:residents|locals|local sources))"
    ),
    ["could not be", "unverified", "put the", "other sources", "local sources", "claimed",
     "exaggerat", "residents said", "according to"],
)
# The per-figure tests of figures_in and _noun_phrase, compiled once (not looked up per call).
_CLAUSE_END = re.compile(r"[,.;:]$")
_NOT_PEOPLE = re.compile(r"^(?:attacks?|groups?|organi[sz]ations?|camps?|hideouts?)\b")
_MONTH_BEFORE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? *$"
)
_UNIT_AFTER = re.compile(
    r"^\s*(?:per ?cent|%|km|kilometres|miles|hours|days|years|minutes|Corps|percent)"
)
_MORE_AFTER = re.compile(r"^\s*(?:more|others? more|additional)\b", re.I)
_MORE_BEFORE = Gated(
    re.compile(r"\b(?:another|a further|an additional)\s*$", re.I),
    ["another", "a further", "an additional"],
)
_MORE_WORD = re.compile(r"^\s*(?:more|additional|other)\b", re.I)
_TOLL_BEFORE = re.compile(r"(?:toll|total|fatalities)[\w ]{0,20}$")
_HURT = re.compile(r"injur|wound")
_NOUNS = frozenset(VICTIM_NOUNS + MILITANT_NOUNS)


@dataclass(frozen=True)
class Figure:
    """One casualty figure: whom it counts ('killed', 'injured', 'militants') and how it adds up."""

    kind: str
    n: int
    more: bool = False
    total: bool = False
    rising: bool = False
    disputed: bool = False
    segment: int = 0
    lead: bool = False
    sentence: str = ""


def parse_number(token: str) -> int | None:
    """Turn '14', '1,200', 'seven', 'twenty-one' or 'a dozen' into an int; None if it is none."""
    t = token.casefold().strip()  # as dates.find_dates: "ſeven" matches under IGNORECASE
    if t.replace(",", "").isdigit():
        return int(t.replace(",", ""))
    if t in _VAGUE:
        return _VAGUE[t]
    if t in _UNITS:
        return _UNITS[t]
    parts = t.replace("-", " ").split(" ")
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _noun_phrase(after: str) -> tuple[str, str, str]:
    """Split the words after a figure into (noun class, noun, rest) within a short window."""
    words = after.split()
    for i, raw in enumerate(words[:6]):
        w = raw.lower().strip(",.;:()\"'’”")
        if w in _STOP_WORDS:
            break
        # A run of nouns ("police officers", "FC personnel") is counted by its last noun.
        while (
            i + 1 < len(words)
            and not _CLAUSE_END.search(raw)
            and (words[i + 1].lower().strip(",.;:()\"'’”") in _NOUNS)
        ):
            i += 1
            raw = words[i]
            w = raw.lower().strip(",.;:()\"'’”")
        if w in MILITANT_NOUNS:
            rest = " ".join(words[i + 1 :])
            # "militant attacks" / "terrorist attack": an adjective, not the people counted.
            if _NOT_PEOPLE.match(rest.lower()):
                return "", "", after
            return "militants", w, rest
        if w in VICTIM_NOUNS:
            return "victims", w, " ".join(words[i + 1 :])
        if _CLAUSE_END.search(raw):
            break
    return "", "", after


def _verb_after(rest: str) -> str:
    """The casualty verb directly after a noun phrase: 'kill', 'injure', 'neutralise' or ''."""
    rest = _AUX.sub("", rest.lower().lstrip(",; "))
    if _KILL.match(rest):
        return "kill"
    if _INJURE.match(rest):
        return "injure"
    if _NEUTRALISE.match(rest):
        return "neutralise"
    return ""


def _verb_before(before: str) -> str:
    """The casualty verb that takes the figure as its object, if any."""
    before = before.lower()[-60:]
    if _LEFT_INJURE.search(before):
        return "injure"
    if _LEFT_NEUTRALISE.search(before):
        return "neutralise"
    if _LEFT_KILL.search(before):
        return "kill"
    return ""


def _classify(noun_class: str, verb: str) -> str:
    """Map (noun class, verb) to a figure kind, or '' when the figure is not a casualty."""
    if verb == "neutralise" or (noun_class == "militants" and verb == "kill"):
        return "militants"
    if noun_class == "militants":
        return ""
    return {"kill": "killed", "injure": "injured"}.get(verb, "")


def _may_count(sentence: str) -> bool:
    """False only when NUMBER cannot match: no digit and no number word (most sentences)."""
    low = lowered(sentence)
    return (
        low is None
        or _DIGIT.search(sentence) is not None
        or not _NUMBER_WORDS.isdisjoint(_LETTER_RUN.findall(low))
    )


def figures_in(sentence: str, segment: int = 0, lead: bool = False) -> list[Figure]:
    """Every casualty figure stated in one sentence (or clause)."""
    out: list[Figure] = []
    low = sentence.lower()
    disputed = bool(_DISPUTED.search(low, None))
    pending: list[int] = []
    for m in NUMBER.finditer(sentence) if _may_count(sentence) else ():
        n = parse_number(m.group(0))
        if n is None or (m.group("digits") and (1900 <= n <= 2100 or n > 5000)):
            continue
        before, after = sentence[: m.start()], sentence[m.end() :]
        # Dates, times and unit numbers ("April 22", "12 Corps", "24 hours") are not tolls.
        if _MONTH_BEFORE.search(before) or _UNIT_AFTER.match(after):
            continue
        if m.group("words") and m.group(0).lower() == "no":
            continue
        more = bool(_MORE_AFTER.match(after)) or bool(_MORE_BEFORE.search(before, lowered(before)))
        after_core = _MORE_WORD.sub("", after)
        noun_class, _noun, rest = _noun_phrase(after_core)
        verb = _verb_after(rest) if noun_class else _verb_after(after_core)
        if not verb:
            verb = _verb_before(before)
            # "killing 12 militants" vs "killing 12": the noun decides who was counted.
        if not verb and noun_class and _THEM.search(rest):
            verb = "kill"  # "offloaded nine passengers ... and shot them dead"
        if not verb and noun_class == "victims" and _COMPOUND.match(rest):
            pending.append(n)  # "five soldiers and 13 civilians were killed": wait for the verb
            continue
        rose_total = bool(_ROSE_TO.search(before.lower()[-30:]) and "toll" in before.lower())
        if rose_total:
            verb = verb or "kill"
        kind = _classify(noun_class, verb)
        if (
            not kind
            and noun_class == ""
            and verb == "kill"
            and _TOLL_BEFORE.search(before.lower())
        ):
            kind = "killed"
        if not kind:
            continue
        ctx = low[max(0, m.start() - 60) : m.end() + 40]
        later = bool(_LATER_DEATH.match(_AUX.sub("", rest.lower().lstrip(",; "))))
        out.append(
            Figure(
                kind=kind,
                n=n + sum(pending),
                more=more or later,
                segment=segment,
                lead=lead,
                sentence=sentence,
                total=rose_total or bool(_TOTAL.search(low[max(0, m.start() - 40) : m.start()])),
                rising=bool(_RISE.search(ctx)) or later,
                disputed=disputed,
            )
        )
        pending = []
    out.extend(_singular_victims(sentence, segment, lead, {f.kind for f in out}))
    return out


_ONE = Gated(
    re.compile(
        r"\b(?:killed|killing|shot dead|gunned down|death of|martyred|injured|wounded|injuring|"
        r"wounding)\s+(?:a|an|the|one)\s+(?:[\w-]+\s+){0,4}?(" + "|".join(_SINGULAR) + r")\b"
        r"|\b(?:a|an|one)\s+(?:[\w-]+\s+){0,4}?(" + "|".join(_SINGULAR) + r")\s+(?:was|has been)\s+"
        r"(?:also\s+)?(killed|shot dead|martyred|injured|wounded)\b"
        r"|\bdeath of (?:Major|Captain|Lieutenant|Colonel|Sepoy|Naik|Havildar|Subedar|Constable|"
        r"Inspector|Sub-Inspector|Lance Naik|Mr|Dr)\b",
        re.IGNORECASE,
    ),
    # Each branch names a casualty verb: "killed", "shot dead", ..., or "death of".
    ["kill", "shot dead", "gunned down", "death of", "martyred", "injur", "wound"],
)


def _singular_victims(sentence: str, segment: int, lead: bool, seen: set[str]) -> list[Figure]:
    """A single victim named without a figure: 'killed a senior officer', 'death of Major X'."""
    out = []
    for m in _ONE.finditer(sentence, lowered(sentence)):
        text = m.group(0).lower()
        kind = "injured" if _HURT.search(text) else "killed"
        if kind not in seen:
            out.append(Figure(kind=kind, n=1, segment=segment, lead=lead, sentence=sentence))
            seen.add(kind)
    return out

"""Casualty clauses: each verb of killing, wounding or abduction with the people it is about.

A sentence is read verb by verb. A passive or intransitive verb ("were killed", "died",
"embraced martyrdom", "sustained injuries") counts the phrase that ends right before it; an
active verb ("killing", "gunned down", "claimed the lives of") the phrase right after it; a toll
("the death toll rose to 11", "put the toll at four") the figure it names. The phrase is looked
for only inside the verb's own clause (back to the previous casualty verb, a semicolon or a
subordinating word), so "two soldiers were killed and five residents were wounded" gives each
verb its own figure.
"""

from __future__ import annotations

import re

from crawler.incidents.facts.lexicon import BODIES
from crawler.incidents.facts.phrases import Counted, Reading, breakdown_after
from crawler.incidents.facts.probe import Gated
from crawler.incidents.facts.roles import (
    antecedent,
    clause_subject,
    headline_subject,
    object_after,
    singular_subject,
    subject_before,
)
from crawler.incidents.facts.totals import toll_statements

_VERBS = re.compile(
    r"\b(?:"
    r"(?P<kill_of>(?:murders?|killings?|deaths|massacre|assassination|execution|beheading|"
    r"bodies)\s+of)"
    r"|(?P<abduct_of>(?:abductions?|kidnappings?)\s+of)|"
    r"(?P<kill_either>killed|shot\s+dead|shot\s+and\s+killed|gunned\s+down|martyred|slain|"
    r"murdered|executed|beheaded|slaughtered|lynched|massacred|assassinated|"
    r"(?:burnt|burned|hacked|stabbed|beaten|crushed|bludgeoned|shot)\s+to\s+death)"
    r"|(?P<kill_them>(?:shot|gunned)\s+them\s+(?:dead|down)|(?:killed|killing|executed|executing|"
    r"slaughtered|murdered|beheaded|shot)\s+(?:them|all\s+of\s+them)\b)"
    r"|(?P<kill_active>killing|kills|kill|shooting\s+dead|gunning\s+down|martyring|murdering|"
    r"massacring|(?:claim(?:ed|ing|s)?|took|taking|takes)\s+the\s+lives?\s+of)"
    r"|(?P<kill_intrans>died|dies|perished|succumbed|lost\s+(?:their|his|her)\s+li(?:ves|fe)|"
    r"embraced\s+(?:martyrdom|shahadat|shahadah|shahadath)|"
    r"(?:paid|made)\s+the\s+(?:supreme|ultimate)\s+(?:price|sacrifice)|"
    r"laid\s+down\s+(?:their|his|her)\s+li(?:ves|fe)|"
    r"(?:confirmed|found|feared|reported|declared|pronounced)\s+dead|dead)"
    r"|(?P<injure_either>injured|wounded|hurt|maimed)"
    r"|(?P<injure_active>injuring|wounding|injures|injure|hurting|maiming)"
    r"|(?P<injure_intrans>(?:sustained|suffered|received|escaped\s+with|treated\s+for|nursing)"
    r"\s+(?:[\w-]+\s+){0,2}?(?:injuries|wounds))"
    r"|(?P<abduct_either>abducted|kidnapped|taken\s+(?:hostage|captive)|held\s+(?:hostage|captive))"
    r"|(?P<abduct_active>abducting|kidnapping)"
    r"|(?P<militants_either>neutrali[sz]ed|eliminated|sent\s+to\s+hell)"
    r"|(?P<militants_active>neutrali[sz]ing|eliminating)"
    r")\b",
    re.IGNORECASE,
)
PREDICATE = Gated(
    _VERBS,
    # A literal of each branch above (see crawler.incidents.facts.probe); most sentences of a
    # report hold none and are not scanned.
    ["kill", "shot", "shooting", "gunned", "gunning", "martyr", "slain", "murder", "execut",
     "behead", "slaughter", "lynch", "massacr", "assassin", "to death", "died", "dies", "perished",
     "succumbed", "lost their li", "lost his li", "lost her li", "embraced", "supreme", "ultimate",
     "laid down", "dead", "injur", "wound", "hurt", "maim", "abduct", "kidnap", "hostage",
     "captive", "neutrali", "eliminat", "sent to hell", "deaths", "bodies of", "the lives of",
     "the life of"],
)
# Verbs that count only with a given noun ("recovered three bodies", "claimed four lives"):
# common words, so they are looked for only in sentences that hold one of the nouns.
_NOUN_VERBS = Gated(
    re.compile(
        r"\b(?:(?P<bodies_either>recovered|retrieved|pulled\s+out|discovered|recovering|retrieving|"
        r"found|received|buried|counted)|(?P<lives_active>claimed|claiming|claims|took|taking|takes|"
        r"cost|costing))\b",
        re.IGNORECASE,
    ),
    ["recover", "retriev", "pulled out", "discovered", "found", "received", "buried", "counted",
     "claim", "took", "taking", "takes", "cost"],
)
_COUNTED_NOUN = Gated(
    re.compile(r"\b(?:bod(?:y|ies)|corpses?|remains|lives|life)\b", re.IGNORECASE),
    ["bod", "corpse", "remains", "lives", "life"],
)
_KINDS = {"kill": "killed", "injure": "injured", "abduct": "abducted",
          "militants": "militants", "bodies": "killed", "lives": "killed"}
# Families whose object must be a given noun ("recovered three bodies", "claimed four lives").
_OBJECT_HEADS = {"bodies": BODIES, "lives": frozenset(("lives", "life"))}
_COORDINATED = re.compile(
    r"\b(?:were|was|have\s+been|has\s+been|had\s+been)\b(?=[^,;]*\band\s+(?:then\s+)?$)",
    re.IGNORECASE,
)
_NOW = re.compile(r"\bnow\s+(?:\w+\s+)?$", re.IGNORECASE)
_FROM_THE_HURT = re.compile(r"\bof\s+the\s+(?:\w+\s+)?(?:injured|wounded)\b", re.IGNORECASE)
# Where a clause begins: a verb's phrase is never looked for before it.
_BOUNDARY = re.compile(
    r"[;:]|\s--?\s|\b(?:when|while|whereas|after|before|because|but|since|until|where|"
    r"although|though|whom|which)\b|,\s*as\b",
    re.IGNORECASE,
)
_AUX_BEFORE = re.compile(
    r"\b(?:were|was|are|is|been|being|be)\s+(?:(?:\w+ly|also|all|both|later|reportedly|"
    r"allegedly|then|not|never)\s+){0,3}$",
    re.IGNORECASE,
)
_IRREALIS = re.compile(
    r"\b(?:to|would|could|will|shall|can|threatened|threatening|vowed|plan(?:ned)?)"
    r"\s+(?:have\s+)?(?:been\s+)?$|\b(?:not|never|no longer)\s+(?:been\s+)?$",
    re.IGNORECASE,
)
# A death after the first count: "died later in hospital", "later died", "died overnight".
_LATER_WORD = re.compile(
    r"\b(?:later|subsequently|since|overnight|in hospital|at (?:the )?hospital|on the way)\b",
    re.IGNORECASE,
)
# "A police officer wounded in the March 3 car bombing in the town of Suárez in Colombia's
# Cauca department died", "one of four soldiers wounded in El Tambo, Cauca, died": the verb of
# the wounded, a long way on, past a place set off by commas.
_INTRANS_KILL_AHEAD = re.compile(
    r"^(?:[^,;]|,\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2},){0,160}?\b(?:has\s+|have\s+|"
    r"later\s+)?(?:died|dies|succumbed|succumbs|perished|"
    r"lost\s+(?:their|his|her)\s+li(?:ves|fe))\b",
    re.IGNORECASE,
)
def clause_start(sentence: str, pos: int, floor: int) -> int:
    """Where the clause holding `pos` begins (never before `floor`)."""
    start = floor
    for m in _BOUNDARY.finditer(sentence, floor, pos):
        start = m.end()
    return start


def _branch(m: re.Match[str]) -> tuple[str, str]:
    """(verb family, voice) of a _VERBS match."""
    name = next(k for k, v in m.groupdict().items() if v)
    family, voice = name.split("_")
    return family, voice


# The same patterns, case-sensitive, for the lower-cased copy of a sentence: re matches an
# IGNORECASE alternation of words about three times slower (measured on the fixture sentences).
# lowered() keeps every position (it gives None where lower() would not).
_VERBS_LOW = re.compile(_VERBS.pattern)
_NOUN_VERBS_LOW = re.compile(_NOUN_VERBS.pattern.pattern)


def _verbs(sentence: str, low: str | None) -> list[re.Match[str]]:
    """The casualty verbs of a sentence, in order (matched in `low` when there is one)."""
    text = sentence if low is None else low
    plain = [(PREDICATE, _VERBS_LOW)]
    if _COUNTED_NOUN.search(sentence, low):
        plain.append((_NOUN_VERBS, _NOUN_VERBS_LOW))
    found: list[re.Match[str]] = []
    for gate, lower_case in plain:
        if gate.passes(sentence, low):
            found += (gate.pattern if low is None else lower_case).finditer(text)
    return sorted(found, key=lambda m: m.start())


def readings(sentence: str, low: str | None, headline: bool = False) -> list[Reading]:
    """Every casualty statement of one sentence (or clause), in order. A `headline` names
    people without a figure or an article ("DRG jawan martyred")."""
    out: list[Reading] = []
    floor = 0
    verbs = _verbs(sentence, low)
    for m in verbs:
        family, voice = _branch(m)
        if _IRREALIS.search(sentence[max(0, m.start() - 40) : m.start()]) or m.start() < floor:
            continue
        start = clause_start(sentence, m.start(), floor)
        found = _read(sentence, m, family, voice, start, headline)
        if found is not None:
            out.append(found)
            floor = max(floor, found.end, m.end())
            if found.later and family == "injure":
                # "A soldier wounded in Saturday's attack died": his death is read, not again.
                floor = max([floor] + [v.end() for v in verbs if v.start() < m.end() + 170
                                       and _branch(v) == ("kill", "intrans")])
    out.extend(toll_statements(sentence, low, out))
    return out


def _read(
    sentence: str, m: re.Match[str], family: str, voice: str, start: int, headline: bool = False
) -> Reading | None:
    """The statement one verb makes, read by its voice."""
    kind = _KINDS[family]
    if voice == "them":
        them = antecedent(sentence, m.start())
        return Reading(kind, them, m.start(), m.end()) if them else None
    before = sentence[start : m.start()]
    aux = bool(_AUX_BEFORE.search(before))
    also = bool(re.search(r"\balso\s+$", before[-12:], re.IGNORECASE))
    subject = None
    if voice != "active" and voice != "of":
        subject = (headline and headline_subject(sentence, start, m.start())) or \
            subject_before(sentence, start, m.start())
    if voice in ("active", "of") or (voice == "either" and not aux):
        counted = object_after(sentence, m.end(), _OBJECT_HEADS.get(family))
        # "three injured two days ago" is passive; "gunmen killed two policemen" is active, and
        # so is "two men on a motorcycle shot and killed a scholar": people named after the
        # verb are its object.
        adjacent = subject is not None and not sentence[subject.end : m.start()].strip()
        if counted is not None and not (adjacent and subject and subject.victims
                                        and counted.bare):
            total = bool(_NOW.search(before[-20:]))
            return Reading(kind, counted, m.start(), counted.end, also=also, total=total)
        if voice in ("active", "of"):
            return None
    return _read_subject(sentence, m, family, voice, start, subject, aux, also)


def _read_subject(sentence: str, m: re.Match[str], family: str, voice: str, start: int,
                  subject: Counted | None, aux: bool, also: bool) -> Reading | None:
    """The statement of a passive or intransitive verb: the people it is about stand before
    it (a counted phrase, one person named, the clause's subject)."""
    before = sentence[start : m.start()]
    if subject is None and not aux:
        # "eleven passengers were pulled off the bus and executed": the auxiliary before "and"
        coordinated = _COORDINATED.search(before)
        if coordinated:
            subject = subject_before(sentence, start, start + coordinated.start())
    if subject is None and (voice != "intrans" or aux):
        subject = singular_subject(sentence, start, m.start())
    if subject is None and voice == "intrans" and family == "kill":
        subject = clause_subject(sentence, start, m.start())
    if subject is None or (family == "bodies" and not _about_bodies(sentence, subject)):
        return None
    subject, end = breakdown_after(sentence, m.end(), subject)
    if family == "injure" and not aux and _INTRANS_KILL_AHEAD.match(sentence[m.end() :]):
        # "three more people injured in Monday's blast died overnight": they died.
        return Reading("killed", subject, subject.start, m.end(), later=True)
    return Reading(_KINDS[family], subject, subject.start, max(end, m.end()), also=also,
                   later=family == "kill" and _is_later(sentence, m, subject))


def _is_later(sentence: str, m: re.Match[str], subject: Counted) -> bool:
    """A death after the first count: 'died later', 'succumbed', 'one of the injured died'."""
    verb = m.group(0).lower()
    if "succumb" in verb or _FROM_THE_HURT.search(sentence[subject.start : m.start()]):
        return True
    near = sentence[max(0, m.start() - 12) : m.end() + 30]
    return verb in ("died", "dies", "perished") and bool(_LATER_WORD.search(near))


def _about_bodies(sentence: str, counted: Counted) -> bool:
    """'Eight bodies were recovered': the found things are bodies (not suspects or arms)."""
    words = sentence[counted.start : counted.end].lower().split()
    return any(w.strip(",.") in BODIES for w in words)

"""Claims of responsibility: which sentence claims the attack, and which group named in it claims.

Two kinds of claim: a claim of responsibility ("X claimed responsibility", "responsibility was
claimed by X", "X claims Bosaso attack"), which may name its group in a neighbouring sentence
("The group said ..."), and a statement that the group did it ("X said its fighters killed
30 soldiers"), whose group is the sentence's own subject. The claimant is the group named just
before the claim (with any group joined to it by "and"), or the one after "claimed by".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from crawler.incidents.facts.probe import Gated

_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
CLAIM = Gated(
    re.compile(
        r"\b(?:claim(?:ed|s|ing)? (?:full |sole )?(?:the )?responsibility|(?:accept(?:ed|s)?|took|"
        r"takes?|owned?|assumed?) (?:full )?(?:the )?responsibility|claim(?:ed|s|ing) (?:(?:the|its|"
        r"this|both|two|twin|a|an|last|that|these|those|" + _DAYS + r"['’]s) )?(?:[\w'’-]+ ){0,2}"
        r"(?:attacks?|bombings?|blasts?|strikes?|assaults?|killings?|ambush(?:es)?|operations?|"
        r"abductions?|kidnappings?|raids?|explosions?|shootings?|massacre|downing|capture|seizure)"
        r"|we claim|responsibility (?:was|has been|had been) claimed|claimed by|owned the attack|"
        r"claims? of responsibility|claimed (?:that )?(?:it|they) (?:had )?(?:carried out|was behind|"
        r"were behind|staged|launched|conducted)|claimed to have (?:killed|carried out|attacked|"
        r"shot down|downed|captured|destroyed|ambushed|targeted))\b",
        re.IGNORECASE,
    ),
    ["claim", "responsibility", "owned the attack"],
)
NO_CLAIM = re.compile(
    r"\b(?:no (?:group|one|organi[sz]ation|outfit|militant group|armed group|faction)(?: has| had|"
    r" have)?(?: yet| immediately| so far)? (?:claimed|accepted|taken|owned)|(?:has|have|had) not "
    r"(?:yet |immediately )?(?:claimed|been claimed)|yet to (?:claim|be claimed)|did not "
    r"(?:immediately )?claim|didn['’]t claim|not (?:immediately )?claimed|no (?:immediate )?claims?"
    r"|unclaimed|nobody (?:has |had )?(?:yet |immediately )?claimed|without (?:a )?claim)\b",
    re.IGNORECASE,
)
_CLAIM_VERBS = (
    r"(?:carried out|was behind|were behind|attacked|killed|targeted|ambushed|stormed|launched|"
    r"struck|shot down|downed|detonated|planted|executed|captured|seized|overran|overrun|raided|"
    r"fired|hit|destroyed|kidnapped|abducted|conducted|staged|blew up|beheaded|"
    r"t(?:ook|aken) control|t(?:ook|aken) over)"
)
SAID_CLAIM = Gated(
    re.compile(
        r"\b(?:said|says|saying|announced|stated|boasted|claimed|claims|declared|confirmed)\b"
        r"[^.;\"“]{0,60}?\b(?:that )?(?:(?:it|they|its (?:fighters|militants|men|members|"
        r"mujahideen|forces|soldiers|cadres|units?)|their (?:fighters|men|members|forces|cadres)) "
        r"(?:had |have |has )?" + _CLAIM_VERBS + r"|its (?:[\w-]+ ){0,2}(?:attack|assault|raid|"
        r"operation|bombing|ambush|offensive|strike)s?\b)|\b(?:posted|released|published|"
        r"circulated|shared)\b(?: \w+){0,2} (?:photographs|photos|pictures|images|videos?|footage)"
        r"\b",
        re.IGNORECASE,
    ),
    ["said", "says", "saying", "announced", "stated", "boasted", "claim", "declared", "confirmed",
     "posted", "released", "published", "circulated", "shared"],
)
# Between a claimant and "said it ...": no official who speaks instead ("after the ISWAP
# attack, the army said it killed ...").
_OTHER_SPEAKER = re.compile(
    r"\b(?:army|military|police|troops|soldiers|officials?|government|ministry|authorities|"
    r"residents?|witness(?:es)?|sources?|governor|commissioner|after|following|while|but|"
    r"whereas)\b|[;:]",
    re.IGNORECASE,
)
# Between a claimant and "claimed responsibility": another clause with its own subject.
_OTHER_CLAUSE = re.compile(
    r"\b(?:army|military|police|troops|officials?|government|ministry|authorities|residents?|"
    r"witness(?:es)?|sources?|governor|commissioner)\s+(?:\w+\s+)?(?:said|says|told|stated|"
    r"announced|reported)\b|\b(?:after|following|while|whereas|but)\b|[;:]",
    re.IGNORECASE,
)
_APPOSITION = re.compile(
    r"\)?\s*(?:\([^()]{1,20}\))?\s*,\s*(?:an?|the|its)\s[^,;]{0,60}", re.IGNORECASE
)
_BY = re.compile(r"\bby\b", re.IGNORECASE)


def claim_in(sentence: str, low: str | None) -> re.Match[str] | None:
    """The claim of responsibility the sentence makes, unless it says there is none."""
    m = CLAIM.search(sentence, low)
    return m if m and not NO_CLAIM.search(sentence) else None


def statement_claim(sentence: str, low: str | None) -> re.Match[str] | None:
    """'X said its fighters killed 30 soldiers': a claim whose group is the subject."""
    m = SAID_CLAIM.search(sentence, low)
    return m if m and not NO_CLAIM.search(sentence) else None


def claimants(sentence: str, claim: re.Match[str], spans: Sequence[tuple[int, int]],
              by_only: bool = False) -> list[int]:
    """Indexes of the spans (names in the sentence, in order) that make the claim.

    The name just before the claim, with names joined to it by "and" or a comma; else, for a
    claim of responsibility, the first name after it when "by" stands between or the claim
    opens the sentence ("Claiming the attack, the ELN said ...").
    """
    before = [i for i, (_s, e) in enumerate(spans) if e <= claim.start()]
    between = _OTHER_SPEAKER if by_only else _OTHER_CLAUSE
    if before and not between.search(sentence, spans[before[-1]][1], claim.start()):
        last = before[-1]
        # "The Resistance Front (TRF), an offshoot of the LeT, claimed": the head, not the
        # group in its apposition.
        while last > 0 and _APPOSITION.fullmatch(sentence, spans[last - 1][1], spans[last][0]):
            last -= 1
        chosen = [last]
        for i in reversed(before[:-1]):
            gap = sentence[spans[i][1] : spans[chosen[-1]][0]]
            if not re.fullmatch(r"(?:['’]s)?\s*(?:,|and|, and|or)\s*(?:the\s+)?", gap):
                break
            chosen.append(i)
        return sorted(chosen)
    if by_only:
        return []
    after = [i for i, (s, _e) in enumerate(spans) if s >= claim.end()]
    if after:
        gap = sentence[claim.end() : spans[after[0]][0]]
        opening = not sentence[: claim.start()].strip(" ,\"“'").split()[2:]
        if (_BY.search(sentence, claim.start(), spans[after[0]][0]) and len(gap) <= 60) or (
                opening and len(gap) <= 40):
            return [after[0]]
    return []

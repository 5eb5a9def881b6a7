"""Whose figure it is and how the report holds it: a claim, a superseded count, a passing mention.

- A *claim*: an armed group's own figure ("ISWAP said it killed 30 soldiers", "the BLA
  spokesman said its fighters had killed six personnel") or a figure the report doubts ("could
  not be verified"). Officials' figures win over claims (see tolls.aggregate).
- *Superseded*: a figure the report says was the earlier one ("earlier reports had put the toll
  at four", "officials initially said five").
- A *mention*: the toll given in passing, in a clause hanging on the event ("the attack, which
  killed six"; "an attack in which three vigilantes were killed"), where the sentence's news is
  something else. Such a report must never lower a toll another report stated (see merge).
"""

from __future__ import annotations

import functools
import re

from crawler.incidents.facts.actors import ActorList
from crawler.incidents.facts.lexicon import MILITANT_NOUNS
from crawler.incidents.facts.probe import Gated

DISPUTED = Gated(
    re.compile(
        r"(?:could not be (?:independently )?(?:verified|confirmed)|unverified|unconfirmed|"
        r"cannot be (?:independently )?(?:verified|confirmed)|put the (?:death )?toll at|"
        r"other sources|local sources (?:said|put|claimed)|claimed (?:to have|it had|it|that it|"
        r"that its fighters|its fighters) (?:killed|kill)|exaggerat|"
        r"according to local sources|a claim (?:that|which)|"
        r"claim (?:was|has been) (?:rejected|denied|dismissed))",
        re.IGNORECASE,
    ),
    ["could not be", "unverified", "unconfirmed", "cannot be", "put the", "other sources",
     "local sources", "claimed", "exaggerat", "according to", "a claim",
     "claim "],
)
# "claimed responsibility" / "claimed the attack" own an attack, not a figure.
_SAY = re.compile(
    r"\b(?:said|says|saying|stated|announced|boasted|statement|"
    r"claim(?:ed|s|ing)?\b(?!\s+(?:the\s+)?responsibility|\s+(?:the|this|that|both|an?|its)\s+"
    r"(?:\w+\s+)?(?:attacks?|bombings?|blasts?|killings?|assaults?|ambush|strikes?|raids?)))\b",
    re.IGNORECASE,
)
_OWN_SIDE = re.compile(
    r"^\W*(?:that\s+)?(?:(?:it|its\s+[\w-]+|they|their\s+[\w-]+|(?:the\s+)?mujahideen|"
    r"(?:the\s+)?group(?:'s|’s)?(?:\s+[\w-]+)?)\b|[\"“]?freedom fighters)",
    re.IGNORECASE,
)
_BY_WHOM = re.compile(
    r"^\W*(?:issued\s+|released\s+|posted\s+|published\s+|put\s+out\s+)?(?:by|from|of)\s+"
    r"([^,;]{1,60})", re.IGNORECASE)
_GROUP_WORDS = r"group|outfit|organi[sz]ation|movement|" + "|".join(sorted(MILITANT_NOUNS))
_TRAILING_SPEAKER = re.compile(
    r",\s*(?P<who>[^,;]{1,60}?)\s+(?:said|says|say|told|added|reported)\b", re.IGNORECASE
)
_UNOFFICIAL = re.compile(
    r"\b(?:residents?|locals?|villagers?|witness(?:es)?|relatives?|local sources|"
    r"(?:a |one )?local (?:leader|elder|resident)s?|eyewitness(?:es)?|community leaders?)\b",
    re.IGNORECASE,
)
_OFFICIAL = re.compile(
    r"\b(?:officials?|police|army|military|government|authorities|ministry|commissioner|"
    r"spokesman|spokesperson|officer|ISPR|hospital|doctors?|medical|health)\b",
    re.IGNORECASE,
)
_SPEAKER_START = re.compile(r"[,;:(]|\b(?:while|but|and|whereas)\b", re.IGNORECASE)
_SUPERSEDED = Gated(
    re.compile(
        r"\b(?:initially|earlier reports?|first reports?|initial (?:reports?|figures?|toll)|"
        r"preliminary|previously|had earlier|earlier (?:put|said|reported|gave|toll))\b",
        re.IGNORECASE,
    ),
    ["initial", "earlier", "first report", "preliminary", "previously"],
)
_MENTION = re.compile(
    r"\b(?:attacks?|assaults?|blasts?|bombings?|explosions?|ambush(?:es)?|raids?|strikes?|"
    r"shootings?|incidents?|massacres?|violence)\b[^.;]{0,80}?\b(?:that|which|in which|"
    r"during which)\s+(?:also\s+)?(?:had\s+|has\s+)?$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=16)
def claimant_pattern(actors: ActorList | None) -> re.Pattern[str]:
    """Words that make a speaker the armed side: group words and the actor list's names."""
    names = [re.escape(n) for g in (actors.groups if actors else ()) for n in g.names() if n]
    return re.compile(r"\b(?:" + "|".join([_GROUP_WORDS, *names]) + r")\b", re.IGNORECASE)


def speaker(sentence: str, at: int) -> tuple[str, str]:
    """(who says the statement at `at`, the words between their verb and it).

    The speaker is the last few words before the last saying verb ahead of the statement
    ("the BLA spokesman said ..."), or a trailing attribution (", residents said.").
    """
    before = sentence[:at]
    says = list(_SAY.finditer(before))
    if says:
        last = says[-1]
        words = _SPEAKER_START.split(before[max(0, last.start() - 80) : last.start()])[-1]
        if not words.strip():
            # "The TTP, in a statement, claimed that ...", "... in a statement, claiming that":
            # the speaker is the clause's subject, before the aside.
            words = " ".join(before[max(0, last.start() - 160) : last.start()].split()[-12:])
        return " ".join(words.split()[-12:]), before[last.end() :]
    trailing = _TRAILING_SPEAKER.search(sentence, at)
    return (trailing.group("who"), "") if trailing else ("", "")


def sides(sentence: str, at: int, claimants: re.Pattern[str]) -> tuple[bool, bool]:
    """(claim, unofficial) of the statement at `at`: the armed group's own figure ('ISWAP said
    it killed 30 soldiers'; 'saying its fighters killed 20'), or one only residents, witnesses
    or local sources give ('police said four ..., while residents said six')."""
    who, said = speaker(sentence, at)
    by = _BY_WHOM.match(said)  # "according to a statement by the group, ..."
    claim = bool(_OWN_SIDE.match(said) or (who and claimants.search(who)) or (
        by and (_OWN_SIDE.match(by.group(1)) or claimants.search(by.group(1)))))
    return claim, bool(who and _UNOFFICIAL.search(who) and not _OFFICIAL.search(who))


def is_superseded(sentence: str, clause_from: int, at: int) -> bool:
    """True when the clause says the figure was the earlier one."""
    return bool(_SUPERSEDED.search(sentence[clause_from:at], None))


def is_mention(sentence: str, at: int) -> bool:
    """True when the statement hangs on an event noun ('the blast, which killed six')."""
    return bool(_MENTION.search(sentence[max(0, at - 120) : at]))

"""Counted phrases: the people a casualty verb is about, and how many they are.

A counted phrase opens with a figure and names whom it counts: "at least five Somali soldiers",
"a shopkeeper", "two members of his escort", "between 10 and 12 workers", "15". Phrases join into
lists ("four soldiers, two members of the CJTF and a hunter" = 7) and may carry a breakdown that
is a subset, not an addition ("eight people, including four soldiers"; "16 people, among them four
attackers": the attackers move to the militants' side).

`subject_before` reads the phrase that ends where a passive or intransitive verb starts ("five
others, including a policeman, were seriously injured"); `object_after` the one an active verb
takes ("killing two policemen and a civilian").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.incidents.facts.lexicon import (
    ARMED_SIDE,
    FIGURE,
    IRREGULAR_PLURALS,
    MEMBER_NOUNS,
    MILITANT_NOUNS,
    NOT_PEOPLE,
    PHRASE_STOP,
    QUALIFIER,
    RANGE_TAIL,
    bare,
    is_militant,
    parse_number,
)

OPEN = re.compile(
    r"\b(?<![-/])(?P<qual>(?:" + QUALIFIER + r")\s+)*(?:(?:his|her|their|its)\s+(?=\S+\s))?"
    r"(?P<num>" + FIGURE + r"|an?|another|no|none|both|his|her|their|its|the)"
    r"(?:" + RANGE_TAIL + r"(?:" + FIGURE + r"))?"
    r"(?:\s+(?P<more>more|additional|further|others? more))?(?=[\s,.;:)]|$)",
    re.IGNORECASE,
)
_ADDITIVE_QUAL = re.compile(r"\b(?:another|a further|an additional)\b", re.IGNORECASE)
_WORD = re.compile(r"\s*([\w'’.-]+|\"[^\"]{1,30}\"|“[^”]{1,30}”)")
_NUMBER_WORD = re.compile(r"(?:" + FIGURE + r")$", re.IGNORECASE)
# Inside a phrase a preposition ends the head ("members of his escort": head "members").
_PREPOSITIONS = frozenset("of from in on at with by near for to inside outside under".split())
_SEPARATOR = re.compile(
    r"\s*(?:,\s*and\s+|(?P<comma>,\s*)|\s+and\s+|\s+as well as\s+|\s+plus\s+)", re.IGNORECASE
)
# "killing four soldiers, a military officer said": the last items are the speaker.
_SPEAKER_AFTER = re.compile(r"\s+(?:said|says|say|told|added|reported)\b", re.IGNORECASE)
_NO_BEFORE = re.compile(r"\bno[- ]?$", re.IGNORECASE)
# Determiners that count one person when a singular noun follows: possessives always ("his
# brother"), "the" only where a count is expected (after an active verb, inside a list).
_POSSESSIVE = frozenset(("his", "her", "their", "its"))
_DEFINITE = _POSSESSIVE | {"the"}
_DETERMINERS = frozenset("the his her their its these those this that".split())
# A breakdown's text runs to a comma, bracket or dash, and never over a casualty verb (", and 10
# wounded" after "three killed, including a child" is a figure of its own).
_BODY_PART = (
    r"(?:(?!\b(?:killed|wounded|injured|hurt|dead|died|abducted|kidnapped)\b)[^,;()—–])*"
)
# A breakdown: a subset of the phrase it follows, set off by commas, brackets or dashes. Its
# body may itself be a list ("including four soldiers, two policemen and a child").
_BREAKDOWN = re.compile(
    r"\s*(?:,|\(|--|—|–)\s*"
    r"(?P<cue>including|among them|amongst them|among whom|of whom|mostly|mainly|most of them|"
    r"many of them|all of them|aged|both|all|(?:" + FIGURE + r")\s+of\s+(?:them|whom|those))\b"
    r"(?P<body>" + _BODY_PART + r"(?:,\s*(?:and\s+)?(?=(?:" + FIGURE + r"|an?|the)\s+"
    r"(?!(?:killed|wounded|injured|hurt|dead|died|were|was|others?)\b)\w)" + _BODY_PART + r")*)"
    r"(?:\s*(?:,|\)|--|—|–))?",
    re.IGNORECASE,
)
_OF_THEM = re.compile(r"^(?:" + FIGURE + r")\s+of\s+(?:them|whom|those)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Counted:
    """People a phrase counts: victims and militants (subsets taken out), and how it reads."""

    victims: int
    militants: int
    more: bool = False
    start: int = 0
    end: int = 0
    bare: bool = False
    group: bool = False  # a zero about people named as a group ("no coalition troops")


@dataclass(frozen=True)
class Item:
    n: int
    head: str
    more: bool
    end: int
    militant: bool = False  # the armed side: by its head, or a member noun of a named group


# Verb forms a phrase never runs into (the verb it belongs to comes after it).
_VERB_STOP = frozenset(
    "killed killing died dead injured injuring wounded wounding hurt martyred shot gunned "
    "perished succumbed abducted kidnapped sustained suffered escaped lost embraced paid left "
    "leaving claimed neutralised neutralized eliminated sent".split()
)


def _head_words(text: str, pos: int, limit: int = 8) -> tuple[str, int, int]:
    """(head noun, end of the phrase, words read) for the words after a figure.

    The head is the last word before a modifier starts (a preposition, an -ing or -ed form
    after it): "members of his escort" -> members, "a woman selling tea" -> woman.
    """
    head, end, count, in_pp, prev, partitive = "", pos, 0, False, "", False
    for m in _WORD.finditer(text, pos):
        if m.start() != end:
            break
        word = m.group(1)
        low = bare(word)
        if count >= limit or low in _VERB_STOP or (low in PHRASE_STOP and not _acronym(text, m)):
            break
        if _NUMBER_WORD.match(word) and not (prev in _PREPOSITIONS or word[:1].isdigit()):
            break  # a second figure starts another phrase ("2 attacks five soldiers")
        if count == 0 and low == "of":
            partitive = True  # "four of the attackers": counted by the noun after "of"
        elif low in _PREPOSITIONS or (count > 0 and head and low.endswith(("ing", "ed"))):
            in_pp = True
        elif not in_pp and (not partitive or low not in _DETERMINERS):
            head = low
        if low in ("them", "those", "whom") and prev == "of" and partitive:
            head = "of them"
        end, count, prev = m.end(), count + 1, low
        if word.endswith((",", ".", ";", ":")):
            end -= 1
            break
    return head, end, count


_NEXT_WORD = re.compile(r"\s+([\w'’-]+)")


def _acronym(text: str, m: re.Match[str]) -> bool:
    """'7 IS terrorists': IS (ISIS) before a noun of the armed side, not the verb."""
    if m.group(1) not in ("IS", "is"):
        return False
    after = _NEXT_WORD.match(text, m.end())
    return after is not None and bare(after.group(1)) in MILITANT_NOUNS | MEMBER_NOUNS


def counted_item(text: str, pos: int, allow_bare: bool, definite: bool = False) -> Item | None:
    """One counted phrase opening at `pos`, or None (`definite`: 'the driver' counts one)."""
    m = OPEN.match(text, pos)
    if not m or (m.group("num").lower() == "one" and _NO_BEFORE.search(text[max(0, pos - 4) : pos])):
        return None
    num = m.group("num").lower()
    if num == "the" and not definite:
        return None
    n = 1 if num in _DEFINITE else 2 if num == "both" else parse_number(num)
    head, end, words = _head_words(text, m.end())
    if n is None or head in NOT_PEOPLE or (not words and (num in _WORDY or not allow_bare)):
        return None
    if num in _DEFINITE and (not head or plural(head) or head in NO_ONE_IN_PARTICULAR):
        return None  # "their children": how many is not said; "his brother": one
    more = bool(m.group("more")) or bool(_ADDITIVE_QUAL.search(m.group(0)))
    stop = end if words else m.end()
    militant = is_militant(head) or (
        head in MEMBER_NOUNS and bool(ARMED_SIDE.search(text, m.end(), stop)))
    return Item(n, head, more, stop, militant)


# Openers that count only with a noun after them ("a shopkeeper", "both guards").
_WORDY = frozenset(("a", "an", "another", "both")) | _DEFINITE


def counted_list(
    text: str, pos: int, allow_bare: bool = True, definite: bool = False
) -> tuple[list[Item], int]:
    """Counted phrases joined by 'and' / commas from `pos`; ([], pos) when none opens there.

    A comma joins only in a list closed by 'and' ("four soldiers, two CJTF and a hunter"); a
    phrase after a plain comma is an apposition ("six labourers, a fishing town") or, before
    'said', the speaker ("killing four soldiers, a military officer said").
    """
    items: list[Item] = []
    commas: list[int] = []  # indexes of items joined to the previous one by a bare comma
    at = pos
    while len(items) < 8:
        item = counted_item(text, at, allow_bare or bool(items), definite or bool(items))
        if item is None:
            break
        items.append(item)
        at = item.end
        sep = _SEPARATOR.match(text, at)
        if not sep or not counted_item(text, sep.end(), True, True):
            break
        if sep.group("comma"):
            commas.append(len(items))
        at = sep.end()
    closed_by_and = bool(items) and len(items) - 1 not in commas
    if commas and (not closed_by_and or _SPEAKER_AFTER.match(text, items[-1].end)):
        items = items[: commas[0]]
    return items, (items[-1].end if items else pos)


def people(items: list[Item], start: int, end: int, before: str = "") -> Counted:
    """Add a list up, victims and militants apart ('five of them': as the nearest noun)."""
    them_militant = any(i.head == "of them" for i in items) and _antecedent_is_militant(before)
    militants = sum(i.n for i in items if _militant_item(i, them_militant))
    victims = sum(i.n for i in items if not _militant_item(i, them_militant))
    group = not (victims or militants) and any(i.head not in _ANYONE for i in items)
    return Counted(victims, militants, any(i.more for i in items), start, end,
                   bare=all(not i.head for i in items), group=group)


# Heads of a zero that names no group in particular ("no people were hurt").
_ANYONE = frozenset(("", "one", "body", "people", "persons", "person", "casualties", "lives",
                     "life", "deaths", "fatalities", "injuries", "loss", "else", "other", "others"))


def _militant_item(item: Item, them_militant: bool) -> bool:
    return item.militant or (item.head == "of them" and them_militant)


_PLURAL_WORD = re.compile(r"[a-z]+s\b|\b(?:men|women|children|people|police|personnel)\b", re.IGNORECASE)


def _antecedent_is_militant(before: str) -> bool:
    """'repulsed the attackers and killed five of them': the nearest plural noun decides."""
    for m in reversed(list(_PLURAL_WORD.finditer(before[-120:]))):
        word = m.group(0).lower()
        if word in MILITANT_NOUNS:
            return True
        if word not in NOT_PEOPLE and not word.endswith(("ss", "us", "is")):
            return False
    return False


def breakdown_after(text: str, pos: int, whole: Counted) -> tuple[Counted, int]:
    """Take a subset breakdown after a phrase into account: militants named in it move over."""
    m = _BREAKDOWN.match(text, pos)
    if not m:
        return whole, pos
    cue = m.group("cue").lower()
    body = m.group("body") or ""
    if _OF_THEM.match(cue):
        body = cue + " " + body  # "17 of them insurgents and six soldiers"
    elif cue not in ("including", "among them", "amongst them", "among whom", "of whom"):
        return whole, m.end()  # "mostly traders", "aged 12 and 14": nothing to move
    part_militants = _militants_in(body)
    if part_militants and whole.victims >= part_militants:
        whole = Counted(whole.victims - part_militants, whole.militants + part_militants,
                        whole.more, whole.start, m.end(), whole.bare)
    return whole, m.end()


_OF_THEM_SPLIT = re.compile(r"\bof (?:them|whom|those)\s+", re.IGNORECASE)
_THE_ONE = re.compile(r"^(?:the|a|an|one)\s+(?:\w+\s+){0,2}?(\w+)$", re.IGNORECASE)


def _militants_in(body: str) -> int:
    """Militants a breakdown names ('four attackers', 'the suicide bomber', '17 of them
    insurgents')."""
    body = _OF_THEM_SPLIT.sub("", body.strip())
    total = 0
    for part in re.split(r"\s*,\s*|\s+and\s+", body):
        items, _end = counted_list(part, 0, allow_bare=False)
        if items:
            total += sum(i.n for i in items if i.militant)
            continue
        one = _THE_ONE.match(part.strip())
        if one and is_militant(one.group(1)):
            total += 1
    return total


# Subjects that name no one in particular ("if anyone was hurt", "none was killed").
NO_ONE_IN_PARTICULAR = frozenset(
    "who which that it this one else none nobody there anyone anybody someone somebody everyone "
    "everybody noone".split()
)


def plural(word: str) -> bool:
    """A plural noun ('people', 'villagers'); names like Abbas, Idris or Yunus are not."""
    return word in IRREGULAR_PLURALS or (
        word.endswith("s") and not word.endswith(("ss", "us", "is", "as"))
    )


@dataclass(frozen=True)
class Reading:
    """One casualty statement: what kind, the people counted, and how the clause puts it."""

    kind: str  # killed | injured | abducted | militants
    counted: Counted
    start: int  # where the statement starts in the sentence (its phrase or verb)
    end: int
    later: bool = False  # "died later", "succumbed": a death after the first count
    total: bool = False  # a toll stated as the whole ("the death toll rose to 11")
    rising: bool = False  # the toll went up
    also: bool = False  # "was also killed": people beyond those counted so far

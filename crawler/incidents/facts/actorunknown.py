"""Groups the list does not know, named in a claim: "a group calling itself X claimed ...",
"X, a little-known outfit, claimed ...", "the attack was claimed by X".

A name is read word by word from where the wording puts it: in mixed case the capitalised words
(with "of", "al" and the like between them), in capitals up to a word that cannot be part of a
name. Descriptions ("unidentified gunmen", "suspected militants", "bandits") are no names, and
where only the position says it is a name (before "claimed", after "claimed by") the name must
sound like a group ("... Front", "Jund ...", an acronym): a person's name claims nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_STRONG_AFTER = re.compile(
    r"\b(?:(?:calling|calls|called) (?:itself|themselves)|(?:group|outfit|organi[sz]ation|faction|"
    r"movement|militia|cell|coalition|alliance|front) (?:called|named|known as|going by the name"
    r"(?: of)?|that calls itself|which calls itself)|(?:(?:little|lesser)-known|previously unknown|"
    r"hitherto unknown|relatively unknown|obscure|shadowy|newly formed|new) (?:[\w-]+ ){0,2}"
    r"(?:group|outfit|organi[sz]ation|faction|movement|militia),)\s+",
    re.IGNORECASE,
)
_STRONG_BEFORE = re.compile(
    r",?\s+(?:an?|the) (?:little-known|lesser-known|previously unknown|hitherto unknown|"
    r"relatively unknown|unknown|obscure|shadowy|new|newly formed|newly emerged|breakaway|"
    r"splinter|local) (?:[\w-]+ ){0,2}(?:group|outfit|organi[sz]ation|faction|movement|militia|"
    r"front|cell)\b",
    re.IGNORECASE,
)
_CONNECTORS = frozenset(
    "of the for and de del la las los el al wal wa e i ul fi bin li y du des da do an ar ash ad "
    "az".split()
)
_GENERIC = frozenset(
    "unidentified unknown suspected armed gunmen gunman men militants militant bandits bandit "
    "insurgents insurgent rebels rebel terrorists terrorist group groups fighters fighter "
    "assailants attackers separatists separatist jihadists jihadist islamists islamist local "
    "police army military government authorities security forces troops officials residents "
    "sources spokesman spokesperson statement a an the some no one it they nobody attack "
    "attacks outfit organisation organization faction movement militia cell unit responsibility "
    "later earlier also who which that this these those its their his her islamic state "
    "national federal provincial district regional".split()
)
_STATE = re.compile(
    r"^(?:(?:the|national|armed|federal|royal|special|security|defen[cs]e|state|frontier|border|"
    r"[A-Z][a-z]+(?:an|i|ese|ian|ish)|pakistan|india|us|u\.s\.)\s+)*(?:army|police|forces|"
    r"military|navy|air force|government|ministry)$",
    re.IGNORECASE,
)
_GROUP_WORD = re.compile(
    r"\b(?:army|front|movement|brigades?|battalions?|group|organi[sz]ation|party|forces?|militia|"
    r"liberation|jihad|jamaa?t\w*|jama['’]at\w*|jaish|jaysh|jund|lashkar|ansar\w*|harakat|"
    r"tehr[ei]e?k|tahrik|hizb\w*|katiba\w*|kataib|liwa|saraya|tanzim|council|command|commandos?|"
    r"revolutionary|resistance|tigers|guards?|mujahide?en|mujahidin|fighters|union|alliance|"
    r"coalition|squad|column|legion|defen[cs]e|sons|soldiers|lions|martyrs|partisans|"
    r"guerrillas?|ej[eé]rcito|frente|fuerzas|comandos|cartel|clan|wilayat|province|committees?|"
    r"network|self-defen[cs]e|vanguard|warriors|falcons|eagles)\b",
    re.IGNORECASE,
)
_STOP_CAPS = frozenset(
    "CLAIMED CLAIMS CLAIM CLAIMING SAID SAYS SAYING HAS HAVE HAD WHICH WHO THAT IN ON AT TO WAS "
    "WERE IS ARE A AN ITS THEIR BY WITH AFTER BEFORE WHEN WHILE AS ALSO EARLIER LATER "
    "RESPONSIBILITY ATTACK STATEMENT POLICE OFFICIALS BUT AND OR ACCORDING TOOK ACCEPTED "
    "IT THEY NO BELIEVED LINKED SUSPECTED".split()
)
_TOKEN = re.compile(r"\(?[\w'’.-]+\)?|[^\w\s]")


@dataclass(frozen=True)
class Unlisted:
    """A group name the list lacks, as the report writes it (normalised), and its acronym."""

    name: str
    short: str = ""


def unlisted_claimant(sentence: str, claim: re.Match[str], capitals: bool,
                      strong_only: bool = False) -> tuple[Unlisted | None, bool]:
    """The unlisted group a claim sentence names as its author, if any, and whether the wording
    says outright that it is a group ("a group calling itself X") rather than by position."""
    for m in _STRONG_AFTER.finditer(sentence):
        found = _name(_words_after(sentence, m.end(), capitals), capitals, strong=True)
        if found:
            return found, True
    for m in _STRONG_BEFORE.finditer(sentence):
        found = _name(_words_before(sentence, m.start(), capitals), capitals, strong=True)
        if found:
            return found, True
    if strong_only:
        return None, False
    by = re.search(r"\bby\s+", sentence[claim.start() :], re.IGNORECASE)
    if by and by.start() <= 60:
        found = _name(_words_after(sentence, claim.start() + by.end(), capitals), capitals, False)
        if found:
            return found, False
    return _name(_words_before(sentence, claim.start(), capitals), capitals, strong=False), False


def _is_name_word(word: str, capitals: bool) -> bool:
    """A word that can be part of a group's name, as written."""
    if capitals:
        return (word.strip("()").upper() not in _STOP_CAPS and word[0].isalnum()) or word[0] == "("
    bare = word.strip("()\"“”'’")
    return bool(bare) and (bare[0].isupper() or bare[0].isdigit() or bare.startswith("al-"))


def _words_after(sentence: str, at: int, capitals: bool) -> list[str]:
    """Name words from `at` on (an opening 'the' and quotes skipped)."""
    words: list[str] = []
    for m in _TOKEN.finditer(sentence, at):
        word = m.group()
        if word in "\"“‘'" and not words:
            continue
        if not words and word.lower() == "the":
            continue
        if _is_name_word(word, capitals) or (
            word.lower() in _CONNECTORS and words and not word.startswith("(")
        ):
            words.append(word)
            if len(words) >= 10:
                break
            continue
        break
    return _trim(words)


def _words_before(sentence: str, at: int, capitals: bool) -> list[str]:
    """Name words ending just before `at` (a trailing comma or quote skipped)."""
    words: list[str] = []
    tokens = _TOKEN.findall(sentence[:at])
    while tokens and tokens[-1] in ",\"”’'":
        tokens.pop()
    for word in reversed(tokens):
        if _is_name_word(word, capitals) or (word.lower() in _CONNECTORS and words):
            words.insert(0, word)
            if len(words) >= 10:
                break
            continue
        break
    return _trim(words)


def _trim(words: list[str]) -> list[str]:
    """Connectors off both ends; a possessive off the last word."""
    while words and words[0].lower() in _CONNECTORS:
        words.pop(0)
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    if words:
        words[-1] = re.sub(r"['’]s$", "", words[-1]).rstrip(".")
    return words


def _name(words: list[str], capitals: bool, strong: bool) -> Unlisted | None:
    """The words as a group's name, if they make one."""
    short = ""
    if words and re.fullmatch(r"\([A-Z][\w-]{1,9}\)", words[-1]):
        short = words.pop()[1:-1]
    words = [w for w in words if not w.startswith("(")]
    if not words or all(w.lower().strip("'’") in _GENERIC for w in words):
        return None
    text = " ".join(words)
    acronym = not capitals and len(words) == 1 and re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", text)
    if _STATE.match(text) or (not strong and not (_GROUP_WORD.search(text) or acronym or short)):
        return None
    return Unlisted(_title(words) if capitals else text, short)


def _title(words: list[str]) -> str:
    """Capitals as a name: 'ARMY OF GOD' -> 'Army of God', 'AL-FURQAN BRIGADE' -> 'al-Furqan Brigade'."""
    out = []
    for i, word in enumerate(words):
        low = word.lower()
        if i and low in _CONNECTORS:
            out.append(low)
            continue
        parts = [p[:1].upper() + p[1:] for p in low.split("-")]
        if low.startswith("al-"):
            parts[0] = "al"
        out.append("-".join(parts))
    return " ".join(out)

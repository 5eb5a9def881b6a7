"""Is a place name in running text really a person's name? ("Mr Ali Bama said", "Gen. Kalat")

Many surnames and first names are also towns somewhere in the world (Khan, Ali, Bama, Marte,
Gul, Mubarak). Without a model, the context decides, the same way in mixed and upper case:
  * a title or role word stands before the name, possibly with other name words between
    ("Mr", "Gen.", "Commander", "Maulana", "spokesman", "Deputy Commissioner"): nameparser's
    list of 800 titles, plus South Asian and Arabic honorifics it lacks;
  * a verb of speech follows the name ("Hassan Abdi told Reuters", "MUBARAK SAID");
  * an age follows it ("Khan, 56," / "Gul (45)");
  * "son of", "named", "identified as" stands before it.
Countries and provinces are not tested: "Nigeria said" is a government speaking, not a person.
"""

from __future__ import annotations

import re

from nameparser.config import CONSTANTS

# Honorifics and roles missing from nameparser's list, seen before names in South Asian, Somali
# and Nigerian reports.
_MORE_TITLES = {
    "maulana", "maulvi", "haji", "hajji", "sardar", "nawab", "mir", "malik", "syed", "sayed",
    "engr", "inspector", "superintendent", "emir", "amir", "spokesman", "spokeswoman",
    "spokesperson", "sho", "dpo", "ssp", "dsp", "asi", "si", "dig", "igp", "mna", "mpa", "senator",
    "sepoy", "naik", "havildar", "subedar", "constable", "levies", "ustaz", "alhaji", "mallam",
    "hon", "barrister", "advocate", "farmer", "trader", "driver", "teacher", "vigilante",
    "journalist", "reporter", "resident", "commissioner", "mr", "mrs", "ms", "dr",
}
# Title words that are also ordinary words before places ("air strike in", "general hospital").
_NOT_TITLES = {"air", "ab", "general", "police", "academic", "1st", "2nd", "3rd", "the", "state",
               "chief", "first", "district", "federal", "provincial", "regional", "national"}
TITLES = frozenset(({t.lower() for t in CONSTANTS.titles} | _MORE_TITLES) - _NOT_TITLES)

_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
# Words that end a name before it, in upper case too ("THE SPOKESMAN FOR KECH LEVIES").
_FUNCTION_WORDS = frozenset({"for", "of", "the", "and", "in", "at", "on", "to", "from", "by",
                             "with", "a", "an", "near", "that", "as", "or", "but"})
_TOKENS = re.compile(r"[\w'’.-]+,?|\S")
_INTRO = re.compile(r"\b(?:son|daughter|wife|widow|brother|father) of\s+(?:\w+\s+){0,2}$"
                    r"|\b(?:named|identified as|known as|s/o|d/o)\s+(?:\w+\s+){0,2}$",
                    re.IGNORECASE)
_SPEECH = re.compile(
    r"^(?:\s+[A-Z][\w'’-]*){0,3}\s*,?\s+(?i:said|says|told|added|stated|confirmed|claimed|"
    r"warned|explained|noted|insisted|denied|tweeted|wrote)\b")
_AGE = re.compile(r"^(?:\s+[A-Z][\w'’-]*){0,2}\s*(?:,\s*\d{1,2}\s*,|\(\s*\d{1,2}\s*\))")
_SHOUTED = re.compile(r"[a-z]")
# A name right after a locative preposition is a place, whatever follows ("in Gwoza said to be").
_LOCATIVE = re.compile(r"\b(?:in|at|near|from|outside|to|into|of|around)\s+$", re.IGNORECASE)


def person_context(text: str, start: int, end: int) -> str | None:
    """Why the name at text[start:end] reads as a person's, or None when it may be a place."""
    before = text[max(0, start - 80):start]
    after = text[end:end + 80]
    if _LOCATIVE.search(before):
        return None
    title = _title_before(before)
    if title:
        return f"title {title!r} before it"
    if _INTRO.search(before):
        return "introduced as a person"
    upper = not _SHOUTED.search(text[start:end]) and not _SHOUTED.search(after[:40])
    speech = _SPEECH.match(after)
    # In upper-case text every word is "capitalised": only the verb right after counts there.
    if speech and (not upper or not speech.group(0).strip(" ,").count(" ")):
        return "a verb of speech follows it"
    if _AGE.match(after):
        return "an age follows it"
    return None


def _title_before(before: str) -> str | None:
    """A title or role word before the name, with up to three name words between: "Gen.
    Kalat", "said provincial spokesman Hamidullah Andar", and an apposition after a comma
    ("the deputy commissioner, Jameel Ahmed Zehri"), which needs a name word between so that
    a list ("a trader, Turbat ...") is not read as one. In upper case every word looks like a
    name: each of the words back to a function word is tried as the title."""
    tokens = _TOKENS.findall(before[-80:])
    names = 0
    for token in reversed(tokens[-5:]):
        comma = token.endswith(",")
        word = token.rstrip(",")
        if word.lower().rstrip(".") in TITLES and (not comma or names):
            return word
        if comma or word.lower() in _FUNCTION_WORDS or not _NAME_WORD.fullmatch(word) \
                or names == 3:
            return None
        names += 1
    return None

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

_NAME_WORD = r"[A-Z][\w'’.-]*"
_BEFORE = re.compile(rf"(?P<title>[A-Za-z.]+)\.?\s+(?:{_NAME_WORD}\s+){{0,3}}$")
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
    title = _BEFORE.search(before)
    if title and title.group("title").lower().rstrip(".") in TITLES:
        return f"title {title.group('title')!r} before it"
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

"""Wire and newspaper datelines: where and when a report was filed, split off its first line.

"QUETTA, 14 JAN 25 (PPI) -- FOUR LEVIES PERSONNEL WERE KILLED ..." was filed in Quetta on
14 January 2025 by PPI; the attack itself may have happened elsewhere, on another day. Facts
need both halves apart: the filing date anchors "on Monday" and "yesterday", while the event's
place is what the body names ("in Kardgap area of Mastung district"), the dateline city counting
only when the body names no other place ("gunned down here").

Recognised shapes (upper or mixed case, the place up to four words):
    QUETTA, 14 JAN 25 (PPI) --          BAGHDAD, Jan 12, 2004 (AFP) -
    QUETTA, Pakistan, Jan 1 (Reuters) - MOGADISHU, Somalia (AP) —
    Quetta [Pakistan], July 20 :        KARACHI, March 3 (APP):
    QUETTA:                             Maiduguri, Nov 16 –
The parser only reads the shape; whether the place is a place is for the gazetteer to say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
               r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WORD = r"[A-Z\u00c0-\u00de][A-Za-z\u00c0-\u024f'’.-]*"  # accented capitals too (QUÉTTA, Mocímboa)
_DATELINE = re.compile(
    rf"""^\s*
    (?P<place>{_WORD}(?:[ -]{_WORD}){{0,3}})              # QUETTA / Dera Murad Jamali
    (?:\s*\[(?P<bracket>[A-Za-z .'-]+)\])?                 # Quetta [Pakistan]
    (?:,\s*(?P<region>(?!(?i:{_MONTH_NAME})\s*\d){_WORD}(?:\s{_WORD}){{0,2}}))?  # , Pakistan
    (?:\s*\((?P<agency1>[A-Za-z][A-Za-z .&/-]{{0,30}})\))?  # MOGADISHU (Reuters)
    (?:,?\s*(?P<date>
        (?P<d1>\d{{1,2}})\s+(?P<m1>(?i:{_MONTH_NAME}))(?:,?\s+(?P<y1>(?:19|20)?\d\d))?
      | (?P<m2>(?i:{_MONTH_NAME}))\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>(?:19|20)\d\d))?
      | (?P<iso>(?:19|20)\d\d-\d\d-\d\d)
    ))?
    (?:\s*\((?P<agency2>[A-Za-z][A-Za-z .&/-]{{0,30}})\))?  # (PPI)
    \s*(?P<mark>--|[:\-–—]|\s-)\s+(?=\S)                  # the dash or colon before the text
    """,
    re.VERBOSE,
)
# A title-case lead-in with nothing but a colon ("Update: ...", "Police said: ...") is a
# dateline only when it is a single word or the words are all upper case.
_TITLE_COLON_WORDS = 1


@dataclass(frozen=True)
class Dateline:
    """The dateline at the start of a text, as written and as read."""

    text: str  # the whole dateline, up to and including its dash or colon
    place: str  # the filing place as written ("QUETTA", "Dera Murad Jamali")
    region: str | None  # a country or province beside it ("Pakistan"), as written
    filed: date | None  # the date it names, resolved against the publication date
    agency: str | None  # "PPI", "Reuters", "AP"
    end: int  # where the body starts in the text


def find_dateline(text: str, published: date | None = None) -> Dateline | None:
    """The dateline opening `text`, or None when the text opens with a plain sentence."""
    m = _DATELINE.match(text)
    if m is None or not _plausible(m):
        return None
    region = m.group("region") or m.group("bracket")
    agency = m.group("agency1") or m.group("agency2")
    return Dateline(
        text=m.group(0).rstrip(),
        place=m.group("place").strip(),
        region=region.strip() if region else None,
        filed=_filed(m, published),
        agency=agency.strip() if agency else None,
        end=m.end(),
    )


def split_dateline(text: str, published: date | None = None) -> tuple[Dateline | None, str]:
    """(the dateline or None, the text after it)."""
    found = find_dateline(text, published)
    return (found, text[found.end :]) if found else (None, text)


def _plausible(m: re.Match[str]) -> bool:
    """Reject sentence openings that merely look like a dateline."""
    place = m.group("place")
    upper = place.isupper() and len(place.replace(" ", "")) >= 3
    dated = bool(m.group("date") or m.group("agency1") or m.group("agency2"))
    if m.group("mark") == " -" and not dated:
        return False
    if dated or upper:
        return True
    # "Quetta: Four people were killed" (mixed case, colon): one word only.
    return m.group("mark") == ":" and len(place.split()) <= _TITLE_COLON_WORDS and not m.group("region")


def _filed(m: re.Match[str], published: date | None) -> date | None:
    """The dateline's date; without a year, the latest such date not after publication."""
    if m.group("iso"):
        try:
            return date.fromisoformat(m.group("iso"))
        except ValueError:
            return None
    if not m.group("date"):
        return None
    month = MONTHS[(m.group("m1") or m.group("m2")).lower()[:3]]
    day = int(m.group("d1") or m.group("d2"))
    year_text = m.group("y1") or m.group("y2")
    try:
        if year_text:
            year = int(year_text)
            return date(year + 2000 if year < 100 else year, month, day)
        if published is None:
            return None
        filed = date(published.year, month, day)
        # "Dec 31" in a report published on Jan 1 was filed the year before.
        return filed if filed <= published else date(published.year - 1, month, day)
    except ValueError:
        return None

"""Event dates from text, resolved against the publication date ("on Saturday evening")."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from crawler.incidents.facts.probe import Gated, lowered

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_EXPLICIT = Gated(
    re.compile(
        r"\b(?:" + _MONTH.replace("mon", "m1") + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
        r"(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
        r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        + _MONTH.replace("mon", "m2")
        + r"(?:,?\s+(?P<y2>(?:19|20)\d\d))?"
        r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d))\b",
        re.IGNORECASE,
    ),
    [*MONTHS, "19", "20"],  # a month name, or an ISO date's century (see crawler.incidents.facts.probe)
)
# Every branch of _EXPLICIT also holds a \d (any Unicode digit, as there).
_DIGIT = re.compile(r"\d")
_WEEKDAY = Gated(
    re.compile(r"\b(?P<last>last\s+)?(?P<wd>" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE),
    WEEKDAYS,
)
# Each pattern with the literals (lower-case) every match of it contains: a sentence without
# any is not scanned (see crawler.incidents.facts.probe). Most sentences of a report hold no date.
_RELATIVE = (
    (Gated(re.compile(r"\b(?:the )?day before yesterday\b", re.I), ["day before yesterday"]),
     -2, "day"),
    (Gated(re.compile(r"\byesterday\b|\blast night\b|\blate last night\b", re.I),
           ["yesterday", "last night"]), -1, "day"),
    (
        Gated(
            re.compile(
                r"\b(?:today|this morning|this evening|this afternoon|earlier today|"
                r"tonight|on the same day it was published)\b",
                re.I,
            ),
            ["today", "this morning", "this evening", "this afternoon", "tonight",
             "on the same day it was published"],
        ),
        0,
        "day",
    ),
    (Gated(re.compile(r"\blast week\b|\bthe previous week\b", re.I),
           ["last week", "the previous week"]), -7, "week"),
    (Gated(re.compile(r"\bthis week\b|\bearlier this week\b", re.I), ["this week"]),
     0, "week"),
)
_DAYS_AGO = Gated(
    re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+days?\s+ago\b", re.I), ["ago"]
)
_SMALL = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
# A month of a year ("the October 2017 truck bombing") or a year named as a time ("the 2017
# bombing", "since 2014"): never an event's day, but they date other events (is_stale).
_MONTH_YEAR = Gated(
    re.compile(
        r"\b(?:" + _MONTH.replace("mon", "my") + r"\s+(?P<y1>(?:19|20)\d\d)"
        r"|(?:in|of|since|from|during|by|until)\s+(?P<y2>(?:19|20)\d\d))\b(?![-/]\d)",
        re.IGNORECASE,
    ),
    ["19", "20"],
)

# Agency datelines ("Quetta [Pakistan], July 20 :", "QUETTA:", "Quetta, Nov 16") name where and
# when the story was filed, not where and when the event happened.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z.'-]+(?:\s[A-Z][A-Za-z.'-]+){0,3}(?:\s*\[[A-Za-z ]+\])?"
    r"(?:\s*\([A-Za-z ]+\))?,\s*(?i:" + _MONTH.replace("mon", "dm") + r")\s*\d{1,2}(?:,\s*\d{4})?"
    r"(?:\s*\([A-Za-z]+\))?\s*[:\-–—]?\s*"
    r"|[A-Z]{3,}(?:\s[A-Z]{3,})*(?:\s*\([A-Za-z ]+\))?\s*[:\-–—]\s+)"
)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text and what it resolves to (None when it cannot be told)."""

    text: str
    start: int
    value: date | None
    precision: str  # "day" | "week" | "unknown"
    explicit: bool = False


def strip_dateline(text: str) -> tuple[str, str]:
    """Split an agency dateline off the start of a text: (dateline, rest)."""
    m = _DATELINE.match(text)
    if not m:
        return "", text
    return m.group(0), text[m.end() :]


def weekday_before(published: date, weekday: int, strictly: bool = False) -> date:
    """The latest `weekday` on or before `published` (strictly before when asked)."""
    back = (published.weekday() - weekday) % 7
    if back == 0 and strictly:
        back = 7
    return published - timedelta(days=back)


def _explicit(m: re.Match[str], published: date | None) -> date | None:
    """Resolve an explicit date; without a year, the latest such date not after publication."""
    if m.group("iso"):
        try:
            return date.fromisoformat(m.group("iso"))
        except ValueError:
            return None
    mon = MONTHS[(m.group("m1") or m.group("m2")).lower().rstrip(".")]
    day = int(m.group("d1") or m.group("d2"))
    year_s = m.group("y1") or m.group("y2")
    try:
        if year_s:
            return date(int(year_s), mon, day)
        if published is None:
            return None
        guess = date(published.year, mon, day)
        # "December 30" in a report of January 2 is last year's.
        return (
            guess if guess <= published + timedelta(days=1) else date(published.year - 1, mon, day)
        )
    except ValueError:
        return None


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in `text`, in order, resolved against `published` where possible."""
    return list(_find_dates(text, published))


@functools.lru_cache(maxsize=4096)
def _find_dates(text: str, published: date | None) -> tuple[DateMention, ...]:
    """find_dates, memoised: background marking, event dates and dated tolls ask of a sentence."""
    found: list[DateMention] = []
    low = lowered(text)
    for m in _EXPLICIT.finditer(text, low) if _DIGIT.search(text) else ():
        # "May" alone is a modal verb: only "May 7" / "7 May" forms reach here.
        value = _explicit(m, published)
        found.append(
            DateMention(m.group(0), m.start(), value, "day" if value else "unknown", explicit=True)
        )
    for m in _WEEKDAY.finditer(text, low):
        if published is None:
            found.append(DateMention(m.group(0), m.start(), None, "unknown"))
            continue
        wd = WEEKDAYS.index(m.group("wd").lower())
        value = weekday_before(published, wd, strictly=bool(m.group("last")))
        found.append(DateMention(m.group(0), m.start(), value, "day"))
    for rx, offset, precision in _RELATIVE:
        for m in rx.finditer(text, low):
            value = published + timedelta(days=offset) if published else None
            found.append(
                DateMention(m.group(0), m.start(), value, precision if value else "unknown")
            )
    found.extend(_months_and_years(text, low, found))
    for m in _DAYS_AGO.finditer(text, low):
        # casefold, not lower: IGNORECASE lets "ſix" (long s) match, and only casefold maps it.
        raw = m.group("n").casefold()
        n = int(raw) if raw.isdigit() else _SMALL[raw]
        value = published - timedelta(days=n) if published else None
        found.append(DateMention(m.group(0), m.start(), value, "day" if value else "unknown"))
    return tuple(sorted(found, key=lambda d: d.start))


def _months_and_years(text: str, low: str | None, days: list[DateMention]) -> list[DateMention]:
    """Month-of-year and year mentions not part of a full date, dated by their last day."""
    out = []
    taken = [(d.start, d.start + len(d.text)) for d in days if d.explicit]
    for m in _MONTH_YEAR.finditer(text, low) if _DIGIT.search(text) else ():
        if any(a <= m.start("y1" if m.group("y1") else "y2") < b for a, b in taken):
            continue
        year = int(m.group("y1") or m.group("y2"))
        month = MONTHS[m.group("my").lower().rstrip(".")] if m.group("my") else 12
        last = date(year, month, 1) + timedelta(days=31)
        out.append(DateMention(m.group(0), m.start(), last.replace(day=1) - timedelta(days=1),
                               "month" if m.group("my") else "year"))
    return out


def is_stale(mention: DateMention, published: date | None, days: int = 14) -> bool:
    """True when an explicit date lies well before publication: it dates some other event."""
    if mention.value is None or published is None:
        return False
    return (published - mention.value).days > days


def pick_event_date(
    mentions: list[tuple[DateMention, str]], published: date | None
) -> tuple[date | None, str, str]:
    """Choose the event date from (mention, sentence) pairs of main-incident text, in order."""
    for wanted in ("day", "week"):
        for mention, sentence in mentions:
            if mention.precision == wanted and not is_stale(mention, published):
                if published is not None and mention.value and mention.value > published:
                    continue  # a date after publication is a plan or a deadline, not the event
                return mention.value, wanted, sentence
    return None, "unknown", ""

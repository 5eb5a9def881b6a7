"""Feed dates read strictly: an impossible date is no date (with its reason), never a neighbour.

feedparser normalises out-of-range fields instead of refusing them: "2024-13-45T25:61:00Z"
comes back as 2025-01-01, an offset of "+2500" shifts the time by 25 hours, and "25:00" rolls
over into the next day. RFC 822 (RSS) and RFC 3339 / W3C (Atom, JSON Feed) dates are read
here field by field and refused when a field is out of range; only shapes neither covers
(locale formats feedparser knows) keep feedparser's reading. A date far ahead of the fetch
is clamped to the fetch time: a story is not published tomorrow.
"""

from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

__all__ = ["FUTURE_SLACK", "FeedDate", "read_date"]

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
# Clock skew and a publisher's time-zone slip stay within this; beyond it a date is a mistake.
FUTURE_SLACK = timedelta(hours=3)
# Real UTC offsets run from -12:00 to +14:00.
_MAX_OFFSET = timedelta(hours=14)

_ISO = re.compile(
    r"(?P<y>\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2})(?:[Tt ]\s*(?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:[.,](?P<frac>\d+))?)?\s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)
_RFC822 = re.compile(
    r"(?:(?P<wd>[A-Za-z]{2,9})\.?,?\s*)?(?P<d>\d{1,2})[\s-]+(?P<mo>[A-Za-z]{3,9})\.?[\s-]+"
    r"(?P<y>\d{2}|\d{4})\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s*(?P<zone>[+-]\d{2}:?\d{2}|[A-Za-z]{1,5}))?"
)
_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9
_ZONES = {"gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5,
          "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}


@dataclass(frozen=True)
class FeedDate:
    """A feed's date: the value to store, the string as the feed gave it, and what was wrong.

    `flag`: None (as given), "impossible" (a field out of range: value None), "unreadable"
    (no known shape: value None), "too_old" (before 1990: value None) or "future" (ahead of
    the fetch by more than FUTURE_SLACK: value is the fetch time). `problem` says it in words.
    """

    value: datetime | None
    raw: str | None = None
    flag: str | None = None
    problem: str | None = None


class _Impossible(ValueError):
    """A date whose shape is known and one of whose fields is out of range."""


def read_date(raw: Any, parsed: time.struct_time | None, now: datetime) -> FeedDate:
    """Read a feed's date string strictly; `parsed` is feedparser's reading, used only for
    shapes that are neither RFC 822 nor ISO 8601. `now` is the fetch time."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text and parsed is None:
        return FeedDate(None)
    raw_kept = text or None
    try:
        value = _strict(text)
    except _Impossible as exc:
        return FeedDate(None, raw_kept, "impossible", f"impossible date {text!r} ({exc})")
    if value is None:
        value = _from_struct(parsed)
    if value is None:
        return FeedDate(None, raw_kept, "unreadable", f"unreadable date {text!r}")
    return _plausible(value, raw_kept, now)


def _plausible(value: datetime, raw: str | None, now: datetime) -> FeedDate:
    if value < EARLIEST:
        return FeedDate(None, raw, "too_old", f"date {raw!r} is before {EARLIEST.year}")
    if value > now + FUTURE_SLACK:
        ahead = (value - now).total_seconds() / 3600
        return FeedDate(now, raw, "future",
                        f"date {raw!r} is {ahead:.0f} h after the fetch: clamped to the fetch time")
    return FeedDate(value, raw)


def _strict(text: str) -> datetime | None:
    """The date of an RFC 822 or ISO 8601 string; None for another shape. Raises _Impossible."""
    match = _ISO.fullmatch(text)
    if match:
        return _build(match["y"], match["mo"] or "1", match["d"] or "1", match["h"] or "0",
                      match["mi"] or "0", match["s"] or "0", match["zone"], match["frac"])
    match = _RFC822.fullmatch(text)
    if match:
        month = _MONTHS.get(match["mo"].lower())
        if month is None:
            raise _Impossible(f"no month {match['mo']!r}")
        year = int(match["y"])
        if len(match["y"]) == 2:  # RFC 2822's reading of two-digit years
            year += 2000 if year < 50 else 1900
        return _build(str(year), str(month), match["d"], match["h"], match["mi"],
                      match["s"] or "0", match["zone"], None)
    return None


def _build(year: str, month: str, day: str, hour: str, minute: str, second: str,
           zone: str | None, fraction: str | None) -> datetime | None:
    y, mo, d, h, mi, s = (int(v) for v in (year, month, day, hour, minute, second))
    offset = _offset(zone)
    if offset is None:
        return None  # a zone name we do not know: feedparser's reading decides
    # ISO 8601's 24:00 is the end of the day; a leap second is the last second of its minute.
    end_of_day = h == 24 and mi == 0 and s == 0
    s = 59 if s == 60 else s
    try:
        value = datetime(y, mo, d, 0 if end_of_day else h, mi, s,
                         int((fraction or "0")[:6].ljust(6, "0")), tzinfo=timezone(offset))
    except ValueError as exc:
        raise _Impossible(str(exc)) from exc
    return (value + timedelta(days=1) if end_of_day else value).astimezone(UTC)


def _offset(zone: str | None) -> timedelta | None:
    """The UTC offset a zone spells; None for an unknown name. Raises _Impossible."""
    if not zone:
        return timedelta(0)
    if zone[0] in "+-":
        digits = zone[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        offset = timedelta(hours=hours, minutes=minutes)
        if minutes >= 60 or offset > _MAX_OFFSET:
            raise _Impossible(f"no time zone is {zone}")
        return -offset if zone[0] == "-" else offset
    named = _ZONES.get(zone.lower())
    return timedelta(hours=named) if named is not None else None


def _from_struct(value: time.struct_time | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None

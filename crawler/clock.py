"""The one clock and timestamp format of the store: UTC now, ISO-8601 to the second."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC (one place, so callers can inject their own)."""
    return datetime.now(UTC)


def iso(value: datetime | None) -> str | None:
    """ISO-8601 in UTC, the one timestamp format stored."""
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def shown_time(stamp: str | datetime | None, seconds: bool = True) -> str:
    """A stored time as a person reads it, in UTC and saying so: `2026-12-07 21:40:26 UTC`
    ("-" for none). A time without its zone read as local time, hours off."""
    if not stamp:
        return "-"
    try:
        moment = datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
    except ValueError:
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the store writes UTC only
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC" if seconds
                                           else "%Y-%m-%d %H:%M UTC")


def duration_words(seconds: float) -> str:
    """A span in the unit a person thinks in: `45 seconds`, `12 minutes`, `5 hours`,
    `1.5 hours`, `306 days` (never `7360.6 h`)."""
    for unit, size, upto in (("second", 1, 90), ("minute", 60, 90 * 60),
                             ("hour", 3600, 48 * 3600), ("day", 86400, float("inf"))):
        if abs(seconds) < upto:
            value = seconds / size
            # Whole units from ten on, counted as people do: 306.7 days is "306 days".
            number = f"{value:.1f}".removesuffix(".0") if value < 10 else str(int(value))
            return f"{number} {unit}{'' if number == '1' else 's'}"
    raise AssertionError("unreachable: the last unit has no upper bound")

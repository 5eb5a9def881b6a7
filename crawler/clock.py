"""The one clock and timestamp format of the store: UTC now, ISO-8601 to the second."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC (one place, so callers can inject their own)."""
    return datetime.now(UTC)


def iso(value: datetime | None) -> str | None:
    """ISO-8601 in UTC, the one timestamp format stored."""
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None

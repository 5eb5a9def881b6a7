"""The one text form of every time the alerts tables store: sortable ISO 8601 in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_text(moment: datetime) -> str:
    """One sortable text form for every stored time (aware datetimes only)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware datetime (UTC)")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_utc(text: str | None) -> datetime | None:
    """Inverse of `utc_text`."""
    return datetime.fromisoformat(text) if text else None

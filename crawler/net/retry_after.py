"""Parsing HTTP Retry-After (delay-seconds or an HTTP-date) into seconds from now."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# A server asking for more than a day is capped: a source is never dropped silently.
MAX_RETRY_AFTER = 24 * 3600.0


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait per a Retry-After header value, or None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None  # RFC 9110 dates are GMT; a zone-less one is not trustworthy
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)

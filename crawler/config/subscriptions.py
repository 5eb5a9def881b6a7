"""The `subscriptions:` config section: who gets which alerts, by which channel, and when.

Config owns these models and alerts/ reads them; nothing here knows how an alert is sent.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from email.errors import HeaderParseError
from email.headerregistry import Address
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crawler.net.guard import require_http_url
from crawler.redact import redact_url

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_hhmm(value: str) -> str:
    if not _HHMM.match(value):
        raise ValueError(f"{value!r} is not a 24-hour time like '07:00'")
    return value


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"{value!r} is not an IANA time zone (e.g. 'Asia/Karachi')") from exc
    return value


def hhmm(value: str) -> time:
    """Parse a validated 'HH:MM'."""
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class FilterConfig(_Strict):
    """Which incidents a subscription wants; every non-empty criterion must hold (AND)."""

    watches: tuple[str, ...] = ()  # any of these watch names matched
    regions: tuple[str, ...] = ()  # any of these regions, resolved through the gazetteer
    min_killed: int | None = Field(default=None, ge=0)
    event_types: tuple[str, ...] = ()  # any of these event types (case-insensitive)
    keywords: tuple[str, ...] = ()  # any of these words/phrases in a title (case-insensitive)


class WebhookChannel(_Strict):
    """POST of the JSON payload, signed per Standard Webhooks."""

    type: Literal["webhook"]
    url: str
    # Several env var names during secret rotation: each secret adds one `v1,` signature.
    secret_env: str | tuple[str, ...]
    timeout: float = Field(default=10.0, gt=0, le=120)  # read timeout, seconds
    connect_timeout: float = Field(default=5.0, gt=0, le=60)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        try:
            return require_http_url(value)
        except ValueError:
            # Not the usual message: it would repeat the URL, whose path may be the token.
            scheme = urlsplit(value).scheme if "://" in value else ""
            odd = scheme.lower() not in ("", "http", "https")
            why = f" (scheme {scheme!r})" if odd else ""
            raise ValueError(f"{redact_url(value)}: not an http(s) URL{why}") from None

    @property
    def secret_envs(self) -> tuple[str, ...]:
        """The env var names as a tuple."""
        return (self.secret_env,) if isinstance(self.secret_env, str) else self.secret_env


class EmailChannel(_Strict):
    """SMTP delivery. `security: none` sends in clear text: only for tests and local relays."""

    type: Literal["email"]
    to: tuple[str, ...] = Field(min_length=1)
    from_addr: str
    host: str
    port: int = Field(default=587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password_env: str | None = None
    timeout: float = Field(default=30.0, gt=0, le=300)

    @field_validator("to", "from_addr")
    @classmethod
    def _one_line(cls, value: str | tuple[str, ...]) -> str | tuple[str, ...]:
        for item in (value,) if isinstance(value, str) else value:
            if not _plain_address(item):
                raise ValueError(f"{item!r} is not a plain e-mail address")
        return value


def _plain_address(text: str) -> bool:
    """A bare addr-spec that the mail library reads back as itself (no name, no encoded word)."""
    if "@" not in text or "=?" in text or any(ch in text for ch in ',;<>"') or not text.isprintable():
        return False
    if text != text.strip() or " " in text:
        return False
    try:
        return Address(addr_spec=text).addr_spec == text
    except (ValueError, HeaderParseError):
        return False


class ConsoleChannel(_Strict):
    """A readable block on stdout (or the stream the dispatcher is given)."""

    type: Literal["console"]


class JsonlChannel(_Strict):
    """One JSON line per message appended to a file (path resolved by the config loader)."""

    type: Literal["jsonl"]
    path: str = Field(min_length=1)


Channel = Annotated[
    WebhookChannel | EmailChannel | ConsoleChannel | JsonlChannel, Field(discriminator="type")
]


class DigestConfig(_Strict):
    """When a digest fires: `hourly` at minute MM of `at`, or `daily` at `at`, local time."""

    every: Literal["hourly", "daily"] = "daily"
    at: str = "07:00"
    timezone: str = "UTC"

    @field_validator("at")
    @classmethod
    def _valid_at(cls, value: str) -> str:
        return _check_hhmm(value)

    @field_validator("timezone")
    @classmethod
    def _valid_zone(cls, value: str) -> str:
        return _check_zone(value)


class QuietHours(_Strict):
    """A daily window (may span midnight) during which deliveries wait until `end`."""

    start: str
    end: str
    timezone: str = "UTC"

    @field_validator("start", "end")
    @classmethod
    def _valid_times(cls, value: str) -> str:
        return _check_hhmm(value)

    @field_validator("timezone")
    @classmethod
    def _valid_zone(cls, value: str) -> str:
        return _check_zone(value)

    def active_until(self, now: datetime) -> datetime | None:
        """When `now` falls in the window, the window's end (aware); else None."""
        zone = ZoneInfo(self.timezone)
        local = now.astimezone(zone)
        start, end = hhmm(self.start), hhmm(self.end)
        clock = local.time().replace(tzinfo=None)
        if start == end:
            return None
        inside = start <= clock < end if start < end else (clock >= start or clock < end)
        if not inside:
            return None
        day = local.date() if clock < end else local.date() + timedelta(days=1)
        return datetime.combine(day, end, tzinfo=zone)


class SubscriptionConfig(_Strict):
    """Who gets what, how and when."""

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    filter: FilterConfig = FilterConfig()  # frozen, so one shared default is safe
    channel: Channel
    mode: Literal["instant", "digest"] = "instant"
    digest: DigestConfig | None = None
    updates: bool = True  # also send when a known incident changes (rising toll)
    quiet_hours: QuietHours | None = None

    @model_validator(mode="after")
    def _digest_needs_schedule(self) -> SubscriptionConfig:
        if self.mode == "digest" and self.digest is None:
            raise ValueError("mode 'digest' needs a 'digest' section (every, at, timezone)")
        if self.mode == "instant" and self.digest is not None:
            raise ValueError("a 'digest' section only applies to mode 'digest'")
        return self

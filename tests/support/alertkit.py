"""Alerts test data: a settable clock, a realistic incident alert, a subscription."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from alerts.model import IncidentAlert
from crawler.config.subscriptions import SubscriptionConfig


class Clock:
    """A settable clock: tests move time instead of sleeping."""

    def __init__(self, start: datetime) -> None:
        """Stopped at `start`."""
        self.current = start

    def __call__(self) -> datetime:
        """The current (test) time."""
        return self.current

    def advance(self, **delta: float) -> datetime:
        """Move on by a timedelta's worth (seconds=30, hours=1, ...); return the new time."""
        self.current += timedelta(**delta)
        return self.current


def make_alert(incident_id: int = 1, revision: int = 1, **overrides: Any) -> IncidentAlert:
    """A realistic Balochistan incident; override any field."""
    fields: dict[str, Any] = dict(
        incident_id=incident_id,
        revision=revision,
        kind="created" if revision == 1 else "updated",
        title="Militants attack convoy in Bolan; 14 soldiers martyred",
        event_date="2025-03-01",
        published="2025-03-01T09:30:00+00:00",
        places=["Bolan", "Kech", "Balochistan", "Pakistan"],
        primary_place={
            "name": "Bolan",
            "district": "Kachhi",
            "province": "Balochistan",
            "country": "Pakistan",
            "lat": 29.5,
            "lon": 67.6,
        },
        actors=[{"name": "BLA", "unit": "STOS", "responsibility": "claimed"}],
        event_types=["ied"],
        targets=["soldiers"],
        killed=14,
        injured=3,
        sources=[
            {
                "outlet": "Dawn",
                "url": "https://www.dawn.com/news/1",
                "title": "14 soldiers",
                "published": "2025-03-01T09:30:00+00:00",
            }
        ],
        watches=[{"name": "balochistan-attacks", "terms": ["IED", "Bolan"]}],
    )
    fields.update(overrides)
    return IncidentAlert(**fields)


def make_sub(name: str, channel: dict[str, Any], **overrides: Any) -> SubscriptionConfig:
    """A validated subscription on `channel`; override any other field."""
    return SubscriptionConfig.model_validate({"name": name, "channel": channel, **overrides})

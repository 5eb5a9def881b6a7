"""Which subscriptions want an alert: the filter over an incident (models in crawler.config)."""

from __future__ import annotations

import re
from collections.abc import Callable

from alerts.model import IncidentAlert
from crawler.config.subscriptions import SubscriptionConfig

RegionCheck = Callable[[IncidentAlert, list[str]], bool]


def default_region_check(alert: IncidentAlert, regions: list[str]) -> bool:
    """Case-insensitive name match on places and the primary place's levels (no gazetteer)."""
    names = {p.casefold() for p in alert.places}
    place = alert.primary_place
    if place:
        names.update(
            v.casefold() for v in (place.name, place.district, place.province, place.country) if v
        )
    return any(region.casefold() in names for region in regions)


def _has_phrase(text: str, phrase: str) -> bool:
    # Whole words, so "BLA" does not match "blame"; lookarounds also work next to punctuation.
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def matches(sub: SubscriptionConfig, alert: IncidentAlert, region_check: RegionCheck) -> bool:
    """True when the alert passes every non-empty criterion of the subscription's filter."""
    f = sub.filter
    if f.watches and not {w.name for w in alert.watches} & set(f.watches):
        return False
    if f.regions and not region_check(alert, list(f.regions)):
        return False
    if f.min_killed is not None and (alert.killed or 0) < f.min_killed:
        return False
    if f.event_types:
        wanted = {e.casefold() for e in f.event_types}
        if not wanted & {e.casefold() for e in alert.event_types}:
            return False
    if f.keywords:
        texts = [alert.title, *(s.title for s in alert.sources)]
        if not any(_has_phrase(t, k) for t in texts for k in f.keywords):
            return False
    return True

"""Retry timing: exponential backoff with full jitter, never earlier than Retry-After asks."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from crawler.net.retry_after import MAX_RETRY_AFTER, parse_retry_after

__all__ = ["delay", "next_attempt", "parse_retry_after"]

BASE = 30.0  # seconds before the first retry (upper bound, jittered)
CAP = 3600.0  # the backoff ceiling: at least one attempt an hour while an endpoint is down
FLOOR = 1.0  # full jitter can draw 0: never retry in a hot loop
RETRY_AFTER_MAX = MAX_RETRY_AFTER  # beyond the 24 h retry window is treated as 24 h


def delay(
    attempts: int, retry_after: float | None = None, rng: random.Random | None = None
) -> float:
    """Seconds until the next attempt after `attempts` failed attempts (1 = first failure)."""
    ceiling = min(CAP, BASE * 2 ** max(attempts - 1, 0))
    # Full jitter (AWS architecture blog): spreads a herd of retries across the whole window.
    wait = max((rng or random).uniform(0, ceiling), FLOOR)
    if retry_after is not None:
        wait = max(wait, min(retry_after, RETRY_AFTER_MAX))
    return wait


def next_attempt(
    attempts: int, now: datetime, retry_after: float | None = None, rng: random.Random | None = None
) -> datetime:
    """When to try again: `now` plus `delay(...)`."""
    return now + timedelta(seconds=delay(attempts, retry_after, rng))

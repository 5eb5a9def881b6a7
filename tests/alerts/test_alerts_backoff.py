"""Backoff: exponential with full jitter, a cap, a floor, and Retry-After as a minimum."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from alerts import backoff

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_full_jitter_grows_and_is_capped() -> None:
    rng = random.Random(7)
    for attempts, ceiling in [(1, 30), (2, 60), (3, 120), (8, 3600), (30, 3600)]:
        delays = [backoff.delay(attempts, rng=rng) for _ in range(200)]
        assert all(backoff.FLOOR <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8  # the whole window is used


def test_retry_after_is_a_minimum() -> None:
    rng = random.Random(1)
    assert backoff.delay(1, retry_after=600, rng=rng) == 600
    assert backoff.next_attempt(1, NOW, 600, rng) == NOW + timedelta(seconds=600)
    assert backoff.delay(1, retry_after=10**9, rng=rng) == backoff.RETRY_AFTER_MAX


def test_parse_retry_after() -> None:
    assert backoff.parse_retry_after("120", NOW) == 120
    assert backoff.parse_retry_after("Sat, 01 Mar 2025 12:05:00 GMT", NOW) == 300
    assert backoff.parse_retry_after("Sat, 01 Mar 2025 11:00:00 GMT", NOW) == 0
    assert backoff.parse_retry_after("soon", NOW) is None
    assert backoff.parse_retry_after(None, NOW) is None
    assert backoff.parse_retry_after("-5", NOW) is None

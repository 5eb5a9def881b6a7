"""Fixtures for alerts tests (defined in alerts_testkit, a uniquely named module)."""

from alerts_testkit import clock, db, guard, receiver  # noqa: F401

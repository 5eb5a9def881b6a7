"""Fixtures for alerts tests: a WAL database, an injected clock and the URL guard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from crawler.net.guard import URLGuard
from crawler.storage.db import open_db
from tests.support.alertkit import Clock


@pytest.fixture
def clock() -> Clock:
    """Time stands at 2025-03-01 12:00 UTC until a test advances it."""
    return Clock(datetime(2025, 3, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database file."""
    database = open_db(tmp_path / "watchpost.db")
    yield database
    database.close()


@pytest.fixture
def guard() -> URLGuard:
    """The URL guard with loopback allowed (the receivers listen there)."""
    return URLGuard(allow=["127.0.0.1"])

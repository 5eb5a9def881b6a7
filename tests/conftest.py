"""Shared fixtures: the fixture news site, a webhook receiver and an SMTP inbox on 127.0.0.1.

The helpers behind them live in tests/support/.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest

from tests.support.newssite import NewsSite
from tests.support.paths import TESTS
from tests.support.receivers import Inbox, Receiver, start_smtp

# The compiled-gazetteer cache of this test session: built once here, never the user's own.
os.environ.setdefault("WATCHPOST_CACHE_DIR", tempfile.mkdtemp(prefix="watchpost-cache-"))
TEST_SITE = TESTS / "site" / "site.yaml"


@pytest.fixture
def site() -> Iterator[NewsSite]:
    """The test manifest's news site, started on a free port for one test."""
    with NewsSite(TEST_SITE) as running:
        yield running


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver for one test."""
    with Receiver() as running:
        yield running


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    """An SMTP server for one test: its port and the inbox it delivers to."""
    controller, inbox = start_smtp()
    yield controller.port, inbox
    controller.stop()

"""The daemon's storage episodes: logged once when they open and once when they end, ended
only when every part that failed has succeeded since, backing off per part, and written to
the database once a write goes through (open, then resolved)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from crawler.daemon.storagewatch import StorageWatch, backoff
from crawler.errors import StorageFull, StorageReadOnly
from crawler.storage.db import open_db
from crawler.storage.problems import storage_status

FULL = StorageFull("database /x/watchpost.db is full while recording a tick: database or disk "
                   "is full", path="/x/watchpost.db", cause="database or disk is full")


def test_an_episode_is_logged_once_and_ends_when_every_failing_part_succeeds(
        caplog: pytest.LogCaptureFixture) -> None:
    watch = StorageWatch(0.5, 8)
    with caplog.at_level(logging.INFO, logger="crawler.daemon.storagewatch"):
        for _ in range(5):
            watch.failed("tick", FULL)
        watch.failed("heartbeat", StorageReadOnly("database /x/watchpost.db cannot be written"))
        assert watch.snapshot() == {
            "kind": "read-only", "error": "database /x/watchpost.db cannot be written",
            "since": watch.snapshot()["since"], "failed_attempts": 6,  # type: ignore[index]
            "failing": {"heartbeat": 1, "tick": 5}}
        watch.succeeded("heartbeat")
        assert watch.failing  # the tick still fails
        watch.succeeded("tick")
        assert not watch.failing and watch.snapshot() is None
        watch.succeeded("tick")
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2, messages
    assert "retries with back-off" in messages[0] and "is full" in messages[0]
    assert messages[1].startswith("database writable again after ")
    assert "(6 failed attempts)" in messages[1]


def test_back_off_doubles_within_bounds_per_part() -> None:
    assert [backoff(n, 0.2, 8) for n in range(1, 7)] == [1, 2, 4, 8, 8, 8]
    assert backoff(1, 3, 60) == 3
    watch = StorageWatch(30, 60)
    assert watch.may_try("deliver")
    assert watch.failed("deliver", FULL) == 30
    assert not watch.may_try("deliver") and watch.may_try("health")
    assert watch.failed("deliver", FULL) == 60


def test_episodes_are_written_once_a_write_goes_through(tmp_path: Path) -> None:
    db = open_db(tmp_path / "watchpost.db")
    watch = StorageWatch(1, 2)
    watch.failed("start", FULL)
    watch.record(db)  # written as open while it lasts (a small write may still go through)
    assert [p["kind"] for p in storage_status(db)["open"]] == ["full"]
    watch.succeeded("start")
    watch.record(db)
    status = storage_status(db)
    assert status["open"] == []
    last = status["last_resolved"]
    assert (last["origin"], last["kind"], last["detail"]) == ("daemon", "full", str(FULL))
    assert last["since"] <= last["resolved_at"]
    watch.record(db)  # nothing left to write
    assert db.execute("SELECT count(*) FROM storage_problems").fetchone()[0] == 1

"""next_due: the interval, stretched by failures (capped), Retry-After, feed TTL and max-age."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.storage.db import open_db
from crawler.storage.store import next_due, start_run

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def wait(**kwargs: float | int | None) -> float:
    args: dict = {"interval": 600.0, "failures": 0, "backoff_max": 3600.0, **kwargs}
    return (next_due(NOW, **args) - NOW).total_seconds()


def test_plain_interval() -> None:
    assert wait() == 600


def test_failures_back_off_exponentially_up_to_the_cap() -> None:
    assert [wait(failures=n) for n in (1, 2, 3, 10)] == [1200, 2400, 3600, 3600]


def test_cap_never_shortens_a_long_interval() -> None:
    assert wait(interval=7200.0, failures=3) == 7200


def test_retry_after_is_honoured() -> None:
    assert wait(retry_after=5000.0) == 5000
    assert wait(retry_after=10.0) == 600


def test_ttl_and_max_age_only_stretch_and_are_capped_at_a_day() -> None:
    assert wait(ttl_minutes=30) == 1800
    assert wait(ttl_minutes=1) == 600
    assert wait(max_age=1200.0) == 1200
    assert wait(max_age=10 * 86400.0) == timedelta(days=1).total_seconds()


def test_runs_of_killed_processes_are_closed(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    first = start_run(db, NOW, 1)
    db.execute("UPDATE crawl_runs SET pid = ? WHERE id = ?", [int(dead), first])
    db.conn.commit()
    second = start_run(db, NOW, 1)
    status = dict(db.execute("SELECT id, status FROM crawl_runs").fetchall())
    assert status == {first: "killed", second: "running"}

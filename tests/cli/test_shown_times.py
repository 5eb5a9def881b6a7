"""Times and spans as a person reads them: every time with its zone, every span in the unit
one thinks in ("306 days", not "7360.6 h")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

from crawler.clock import duration_words, shown_time
from crawler.storage.db import open_db
from tests.support.cli import run_cli


@pytest.mark.parametrize(("seconds", "words"), [
    (0, "0 seconds"), (1, "1 second"), (45, "45 seconds"), (89, "89 seconds"),
    (90, "1.5 minutes"), (600, "10 minutes"), (3599, "59 minutes"), (5400, "1.5 hours"),
    (7200, "2 hours"), (36 * 3600, "36 hours"), (2 * 86400, "2 days"),
    (7360.6 * 3600, "306 days"), (306 * 86400 + 5, "306 days"), (3 * 86400 / 2 * 2, "3 days"),
])
def test_spans_in_the_unit_one_thinks_in(seconds: float, words: str) -> None:
    assert duration_words(seconds) == words


@pytest.mark.parametrize(("stamp", "shown"), [
    ("2026-12-07T21:40:26+00:00", "2026-12-07 21:40:26 UTC"),
    ("2026-12-07T21:40:26.123456+00:00", "2026-12-07 21:40:26 UTC"),
    ("2026-12-08T02:40:26+05:00", "2026-12-07 21:40:26 UTC"),
    ("2026-12-07T21:40:26", "2026-12-07 21:40:26 UTC"),
    (datetime(2026, 12, 7, 16, 40, 26, tzinfo=timezone(timedelta(hours=-5))),
     "2026-12-07 21:40:26 UTC"),
    (None, "-"), ("", "-"),
])
def test_times_say_their_zone(stamp: str | datetime | None, shown: str) -> None:
    assert shown_time(stamp) == shown


def test_status_and_sources_list_show_times_with_their_zone(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text(yaml.safe_dump({
        "database": "watchpost.db",
        "sources": [{"name": "wire", "url": "https://wire.example.com/feed"}]}))
    db = open_db(tmp_path / "watchpost.db")
    polled = datetime(2026, 1, 5, 6, 7, 8, tzinfo=UTC)
    db.execute("INSERT INTO sources (name, url, enabled) VALUES ('wire', "
               "'https://wire.example.com/feed', 1)")
    db.execute("INSERT INTO feed_state (source, failures, last_status, last_polled_at, "
               "next_due_at, last_error) VALUES ('wire', 9, 'failed', ?, ?, 'feed: HTTP 503')",
               [polled.isoformat(), (polled + timedelta(hours=1)).isoformat()])
    db.conn.commit()
    db.close()
    config = ["--config", str(tmp_path / "config.yaml")]
    listed = run_cli("sources", "list", *config)
    assert listed.returncode == 0, listed.stderr
    assert "2026-01-05 06:07 UTC" in listed.stdout and "2026-01-05 07:07 UTC" in listed.stdout
    status = run_cli("status", *config)
    assert status.returncode == 0, status.stderr
    assert "retry 2026-01-05 07:07:08 UTC" in status.stdout, status.stdout

"""`watchpost status` and source health, from a database filled by hand (no daemon, no site)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from crawler.cli.daemon_cmds import status as status_command
from crawler.config import Config, SourceConfig
from crawler.config.daemon import HealthConfig
from crawler.daemon.health import check_health, open_problems
from crawler.daemon.status import collect_status, healthy, render_status
from crawler.storage.db import open_db
from crawler.storage.store import iso, sync_sources

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def ago(**delta: float) -> str:
    """An ISO timestamp that long before NOW."""
    return iso(NOW - timedelta(**delta)) or ""


@pytest.fixture
def config(tmp_path: Path) -> Config:
    """Three sources in a config whose database lives in tmp_path."""
    return Config(
        database=tmp_path / "watchpost.db",
        sources=(SourceConfig(name="ok", url="http://a.example/feed"),
                 SourceConfig(name="broken", url="http://b.example/feed"),
                 SourceConfig(name="quiet", url="http://c.example/feed")),
        path=tmp_path / "config.yaml",
    )


@pytest.fixture
def db(config: Config) -> Iterator[Database]:
    """The migrated database with the sources synced and some poll state."""
    database = open_db(config.database)
    sync_sources(database, config, NOW)
    database.table("feed_state").insert_all([
        {"source": "ok", "failures": 0, "next_due_at": ago(minutes=1), "last_polled_at":
         ago(minutes=16), "last_success_at": ago(minutes=16)},
        {"source": "broken", "failures": 4, "last_error": "feed: HTTP 503",
         "last_http_status": 503, "next_due_at": iso(NOW + timedelta(hours=1)),
         "last_polled_at": ago(minutes=5), "last_success_at": ago(hours=3)},
        {"source": "quiet", "failures": 0, "next_due_at": iso(NOW + timedelta(minutes=10)),
         "last_polled_at": ago(minutes=5), "last_success_at": ago(minutes=5)},
    ], pk="source")
    database.table("crawl_runs").insert({
        "started_at": ago(minutes=5), "finished_at": ago(minutes=4), "sources": 3,
        "status": "completed", "counts": json.dumps({"articles_new": 7, "feeds_failed": 1})})
    yield database
    database.close()


def beat(db: Database, age: float, state: str = "running") -> None:
    """A heartbeat row `age` seconds old."""
    db.table("daemon_heartbeat").upsert(
        {"id": 1, "pid": 4242, "host": "box", "started_at": ago(hours=1),
         "heartbeat_at": ago(seconds=age), "heartbeat_every": 5.0, "state": state, "ticks": 12,
         "ticks_failed": 1, "last_tick_outcome": "ok", "last_tick_seconds": 2.5,
         "last_tick_started_at": ago(seconds=30)}, pk="id")


def test_status_of_a_database_no_daemon_ever_ran_on(db: Database) -> None:
    status = collect_status(db, NOW)
    assert status["daemon"] == {"state": "never"}
    assert not healthy(status)
    assert "never started" in render_status(status)


def test_fresh_heartbeat_is_running_old_one_is_stale(db: Database) -> None:
    beat(db, age=3)
    status = collect_status(db, NOW)
    assert status["daemon"]["state"] == "running" and healthy(status)
    assert status["daemon"]["pid"] == 4242
    beat(db, age=60)  # a daemon killed -9 never wrote "stopped"
    assert collect_status(db, NOW)["daemon"]["state"] == "stale"
    beat(db, age=600, state="stopped")
    assert collect_status(db, NOW)["daemon"]["state"] == "stopped"


def test_sources_due_and_failing(db: Database) -> None:
    sources = collect_status(db, NOW)["sources"]
    assert sources["enabled"] == 3
    assert sources["due"] == 1  # "ok" is past its due time
    assert [f["name"] for f in sources["failing"]] == ["broken"]
    assert sources["failing"][0]["last_error"] == "feed: HTTP 503"


def test_runs_and_ticks_are_listed(db: Database) -> None:
    db.table("daemon_ticks").insert({"started_at": ago(seconds=30), "outcome": "timeout",
                               "exit_code": -9, "seconds": 600.0, "due": 2})
    status = collect_status(db, NOW)
    assert status["runs"][0]["articles_new"] == 7
    assert status["ticks"][0]["outcome"] == "timeout"
    text = render_status(status)
    assert "7 new articles" in text and "failing broken" in text


def test_outbox_is_none_in_a_database_without_the_alerts_tables(db: Database) -> None:
    # `status` opens without migrating, so a database made before the alerts tables reads as such.
    db.execute("DROP TABLE outbox")
    assert collect_status(db, NOW)["outbox"] is None
    assert "no alerts tables yet" in render_status(collect_status(db, NOW))


def test_outbox_backlog_counts_pending_rows(db: Database) -> None:
    assert collect_status(db, NOW)["outbox"]["backlog"] == 0
    stamp = (NOW - timedelta(minutes=2)).isoformat(timespec="microseconds")
    later = (NOW + timedelta(minutes=2)).isoformat(timespec="microseconds")
    for status, due in (("pending", stamp), ("pending", later), ("delivered", stamp)):
        db.execute("INSERT INTO outbox (subscription, revision, kind, msg_id, payload, status,"
                   " next_attempt_at, created_at, updated_at) VALUES ('s', 1, 'created', ?, '{}',"
                   " ?, ?, ?, ?)", [f"{status}-{due}", status, due, stamp, stamp])
    outbox = collect_status(db, NOW)["outbox"]
    assert outbox["backlog"] == 2 and outbox["due_now"] == 1
    assert outbox["by_status"] == {"pending": 2, "delivered": 1}
    assert "2 waiting (1 due now" in render_status(collect_status(db, NOW))


def test_a_source_failing_too_long_is_raised_once_then_resolved(db: Database, config: Config
                                                                 ) -> None:
    cfg = HealthConfig(failing_after=3600, silent_factor=0)
    events = check_health(db, config, cfg, NOW)
    assert [(e.source, e.problem, e.state) for e in events] == [("broken", "failing", "raised")]
    assert "HTTP 503" in events[0].detail
    assert check_health(db, config, cfg, NOW + timedelta(minutes=1)) == []  # not repeated
    assert [p["source"] for p in open_problems(db)] == ["broken"]
    db.table("feed_state").update("broken", {"failures": 0, "last_success_at": iso(NOW)})
    events = check_health(db, config, cfg, NOW + timedelta(minutes=2))
    assert [(e.source, e.state) for e in events] == [("broken", "resolved")]
    assert open_problems(db) == []


def test_a_source_failing_briefly_is_not_a_problem(db: Database, config: Config) -> None:
    cfg = HealthConfig(failing_after=4 * 3600, silent_factor=0)
    assert check_health(db, config, cfg, NOW) == []


def test_a_source_silent_far_longer_than_usual_is_raised(db: Database, config: Config) -> None:
    # "quiet" published every 2 hours, then nothing for 2 days; "ok" publishes every 2 hours.
    for index in range(8):
        for source, start in (("quiet", timedelta(days=2)), ("ok", timedelta(hours=1))):
            db.table("articles").insert({
                "url": f"http://x.example/{source}/{index}", "source": source,
                "status": "extracted", "fetched_at": ago(hours=1),
                "published": iso(NOW - start - timedelta(hours=2 * index))})
    cfg = HealthConfig(failing_after=10 * 3600, silent_factor=10, silent_min=3600)
    events = check_health(db, config, cfg, NOW)
    assert [(e.source, e.problem) for e in events] == [("quiet", "silent")]
    assert events[0].detail.startswith("nothing new for 2 days, since ")
    assert "UTC (usually every 2 hours)" in events[0].detail
    status = collect_status(db, NOW)
    assert status["health"][0]["problem"] == "silent"
    assert "health  quiet: silent" in render_status(status)


def test_status_command_prints_text_and_json(db: Database, config: Config, tmp_path: Path
                                             ) -> None:
    beat(db, age=1)
    path = tmp_path / "config.yaml"
    path.write_text("database: watchpost.db\nsources:\n"
                    "  - {name: ok, url: 'http://a.example/feed'}\n", encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(status_command, ["--config", str(path)])
    assert text.exit_code == 0, text.output
    assert "daemon:" in text.output and "last runs:" in text.output
    as_json = runner.invoke(status_command, ["--config", str(path), "--json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.output)["daemon"]["pid"] == 4242


def test_status_command_without_a_database(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("database: nothing-here.db\n", encoding="utf-8")
    result = CliRunner().invoke(status_command, ["--config", str(path)])
    assert result.exit_code == 0 and "no database yet" in result.output
    assert not (tmp_path / "nothing-here.db").exists()

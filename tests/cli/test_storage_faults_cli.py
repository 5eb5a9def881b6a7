"""A full disk, a read-only database file, a newer schema: one clear error and exit 3, never a
traceback, and nothing marked done that was not stored.

The full disk is a real 8 MiB tmpfs, filled up but for a few hundred KiB, and the read-only file
a real read-only bind mount (tests/support/storagekit.py): the crawl runs in that namespace, and
what it left is copied out for the test to read.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from crawler.storage.db import open_db
from tests.support.cli import WATCH, WATCHPOST, run_cli
from tests.support.rows import query
from tests.support.storagekit import (
    BulkSite,
    copy_out,
    read_only_script,
    run_in_namespace,
    seed_report,
    small_fs_script,
    write_bulk_config,
)


def seed_database(folder: Path) -> Path:
    """A freshly migrated database file, closed (no WAL left beside it)."""
    folder.mkdir()
    open_db(folder / "watchpost.db").close()
    return folder / "watchpost.db"


def assert_one_clear_error(result: subprocess.CompletedProcess[str], database: Path,
                           *words: str) -> str:
    """Exit 3, no traceback, and the last line names the database and the cause."""
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: database {database} "), last
    for word in words:
        assert word in last, last
    return last


def test_crawl_that_fills_the_disk_stops_and_marks_nothing_done(tmp_path: Path) -> None:
    seed = seed_database(tmp_path / "seed")
    mount, out = tmp_path / "small", tmp_path / "out"
    mount.mkdir()
    out.mkdir()
    database = mount / "watchpost.db"
    with BulkSite(articles=100) as site:
        config = write_bulk_config(tmp_path, site, database)
        # Room for about one batch of 50 articles, not two.
        script = small_fs_script(mount, 8192, 600, [seed], after=copy_out(
            [database, mount / "watchpost.db-wal"], out))
        result = run_in_namespace(script, [WATCHPOST, "crawl", "--config", str(config)])
        last = assert_one_clear_error(result, database, "is full while storing articles",
                                      "no source marked ok")
        assert "new articles stored" in last

        copy = out / "watchpost.db"
        stored = query(copy, "SELECT count(*) AS n FROM articles")[0]["n"]
        assert 0 < stored < 100, stored
        state = query(copy, "SELECT * FROM feed_state WHERE source = 'bulk'")[0]
        assert state["last_status"] == "failed"
        assert state["etag"] is None and state["body_hash"] is None  # validators not advanced
        assert state["last_success_at"] is None
        assert "is full" in state["last_error"]
        run_row = query(copy, "SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
        assert run_row["status"].startswith(f"error: database {database} is full")
        problem = query(copy, "SELECT * FROM storage_problems")
        assert [(p["origin"], p["kind"], p["resolved_at"]) for p in problem] == [
            ("crawl", "full", None)]

        # `status` on what the disk kept says so.
        again = write_bulk_config(out, site, copy)
        status = run_cli("status", "--config", str(again))
        assert status.returncode == 0, status.stderr
        assert "failing bulk: 1x" in status.stdout
        assert "is full" in status.stdout and "database: FULL since" in status.stdout

        # With room again, the next crawl re-reads the feed and stores the rest.
        crawl = run_cli("crawl", "--config", str(again))
        assert crawl.returncode == 0, crawl.stderr
    assert query(copy, "SELECT count(*) AS n FROM articles")[0]["n"] == 100
    state = query(copy, "SELECT * FROM feed_state WHERE source = 'bulk'")[0]
    assert (state["last_status"], state["etag"], state["failures"]) == ("ok", '"bulk-v100"', 0)
    assert query(copy, "SELECT resolved_at FROM storage_problems")[0]["resolved_at"]
    status = run_cli("status", "--config", str(again))
    assert "database: ok; last problem full" in status.stdout, status.stdout


def test_crawl_on_a_disk_already_full_is_one_clear_error(tmp_path: Path) -> None:
    seed = seed_database(tmp_path / "seed")
    mount = tmp_path / "small"
    mount.mkdir()
    database = mount / "watchpost.db"
    with BulkSite(articles=3) as site:
        config = write_bulk_config(tmp_path, site, database)
        result = run_in_namespace(small_fs_script(mount, 4096, 0, [seed]),
                                  [WATCHPOST, "crawl", "--config", str(config)])
    assert_one_clear_error(result, database, "is full", "no space left")
    assert not site.requests  # stopped before any feed was fetched


@pytest.mark.parametrize("command", [
    ["crawl"], ["subscriptions", "add", "{name: desk, channel: {type: console}}"]])
def test_read_only_database_file_is_one_clear_error(tmp_path: Path, command: list[str]) -> None:
    database = seed_database(tmp_path / "data")
    with BulkSite(articles=3) as site:
        config = write_bulk_config(tmp_path, site, database)
        result = run_in_namespace(read_only_script(database),
                                  [WATCHPOST, *command, "--config", str(config)])
    assert_one_clear_error(result, database, "cannot be written",
                           "attempt to write a readonly database", "the file is read-only")


def test_reading_commands_work_on_a_read_only_database_file(tmp_path: Path) -> None:
    database = seed_database(tmp_path / "data")
    with BulkSite(articles=3) as site:
        config = write_bulk_config(tmp_path, site, database)
        assert run_cli("crawl", "--config", str(config)).returncode == 0
        for command in (["status"], ["db", "check"], ["search", "district"]):
            result = run_in_namespace(read_only_script(database),
                                      [WATCHPOST, *command, "--config", str(config)])
            assert result.returncode == 0, (command, result.stderr)


def test_no_alert_is_sent_or_marked_sent_from_a_read_only_database(tmp_path: Path) -> None:
    database = seed_database(tmp_path / "data")
    sent = tmp_path / "alerts.jsonl"
    with BulkSite(stories=[seed_report("001")]) as site:
        config = write_bulk_config(
            tmp_path, site, database, crawl={"workers": 0}, watches=[WATCH],
            subscriptions=[{"name": "archive", "channel": {"type": "jsonl", "path": str(sent)}}])
        queued = run_cli("crawl", "--no-alerts", "--config", str(config))
        assert queued.returncode == 0, queued.stderr
    assert [r["status"] for r in query(database, "SELECT status FROM outbox")] == ["pending"]
    result = run_in_namespace(read_only_script(database),
                              [WATCHPOST, "alerts", "deliver", "--config", str(config)])
    assert_one_clear_error(result, database, "cannot be written", "the file is read-only")
    assert not sent.exists()  # the send is claimed in the database first: refused, not sent
    assert [r["status"] for r in query(database, "SELECT status FROM outbox")] == ["pending"]
    assert run_cli("alerts", "deliver", "--config", str(config)).returncode == 0
    assert len(sent.read_text().splitlines()) == 1
    assert [r["status"] for r in query(database, "SELECT status FROM outbox")] == ["delivered"]


def newer_database(folder: Path) -> Path:
    """A database that a later watchpost migrated (one migration this version never heard of)."""
    database = seed_database(folder)
    with sqlite3.connect(database) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('watchpost', 'm900_from_a_later_release', '2030-01-01')")
    conn.close()
    return database


@pytest.mark.parametrize("command", [["crawl"], ["status"], ["incidents", "list"]])
def test_database_from_a_newer_watchpost_is_refused(tmp_path: Path, command: list[str]) -> None:
    database = newer_database(tmp_path / "data")
    before = database.read_bytes()
    with BulkSite(articles=3) as site:
        config = write_bulk_config(tmp_path, site, database)
        result = run_cli(*command, "--config", str(config))
    assert_one_clear_error(result, database, "migrated by a newer watchpost",
                           "watchpost/m900_from_a_later_release")
    assert database.read_bytes() == before  # not migrated, not written


def test_db_check_lists_a_newer_migration_without_refusing(tmp_path: Path) -> None:
    database = newer_database(tmp_path / "data")
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {database}\n")
    result = run_cli("db", "check", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "NEWER than this watchpost: m900_from_a_later_release" in result.stdout
    assert "integrity:  ok" in result.stdout


def test_backup_is_refused_over_an_existing_file_without_force(tmp_path: Path) -> None:
    database = seed_database(tmp_path / "data")
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {database}\n")
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    result = run_cli("db", "backup", str(target), "--config", str(config))
    assert result.returncode == 2 and "exists" in result.stderr, result.stderr
    assert target.read_text() == "keep me"
    result = run_cli("db", "backup", str(target), "--force", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert query(target, "SELECT count(*) AS n FROM sources")[0]["n"] == 0
    shutil.rmtree(tmp_path / "data")

"""Every command works on a database an earlier release made: the first crawl upgrades it
(before, a crawl on one failed with "no such column: pid" and exit 1).

The databases are the real files in tests/fixtures/databases (README.md there).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.cli import WATCH, run_cli
from tests.support.paths import TESTS
from tests.support.storagekit import BulkSite, seed_report, write_bulk_config

OLD_DATABASES = sorted((TESTS / "fixtures" / "databases").glob("*.db"))


@pytest.mark.parametrize("old", OLD_DATABASES, ids=[p.stem for p in OLD_DATABASES])
def test_commands_work_on_a_database_made_by_an_earlier_release(old: Path,
                                                                tmp_path: Path) -> None:
    database = tmp_path / "watchpost.db"
    shutil.copyfile(old, database)
    with BulkSite(stories=[seed_report("001"), seed_report("003")]) as site:
        config = write_bulk_config(
            tmp_path, site, database, crawl={"workers": 0}, watches=[WATCH],
            subscriptions=[{"name": "archive", "channel": {"type": "jsonl",
                                                          "path": "alerts.jsonl"}}])
        crawl = run_cli("crawl", "--config", str(config))
        assert crawl.returncode == 0, crawl.stderr
        assert "Traceback" not in crawl.stderr
        assert "2 new articles" in crawl.stdout, crawl.stdout
    for command in (["status"], ["incidents", "list"], ["matches"], ["alerts", "outbox"],
                    ["sources", "list"], ["search", "Balochistan"]):
        result = run_cli(*command, "--config", str(config))
        assert result.returncode == 0, (command, result.stderr)
    check = run_cli("db", "check", "--config", str(config))
    assert check.returncode == 0, check.stderr
    assert "pending" not in check.stdout and "integrity:  ok" in check.stdout
    assert "articles 5" in check.stdout  # the release's 3 and this crawl's 2


def test_check_lists_what_an_upgrade_will_apply_and_applies_nothing(tmp_path: Path) -> None:
    old = TESTS / "fixtures" / "databases" / "6a188c3-daemon.db"
    database = tmp_path / "watchpost.db"
    shutil.copyfile(old, database)
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {database}\n")
    pending = run_cli("db", "check", "--config", str(config))
    assert pending.returncode == 0, pending.stderr
    assert "pending: m002_article_dates, m003_article_final_url, m004_crawl_run_owner" in \
        pending.stdout, pending.stdout
    assert "watchpost-storage      0/1 applied; pending: m001_storage_problems" in pending.stdout
    assert database.read_bytes() == old.read_bytes()

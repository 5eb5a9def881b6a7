"""Every command works on a database an earlier release made: the first crawl upgrades it
(before, a crawl on one failed with "no such column: pid" and exit 1).

The databases are the real files in tests/fixtures/databases (README.md there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.storagekit import BulkSite, seed_report, write_bulk_config

ROOT = Path(__file__).resolve().parent.parent.parent
OLD_DATABASES = sorted((ROOT / "tests" / "fixtures" / "databases").glob("*.db"))
WATCHPOST = str(Path(sys.executable).parent / "watchpost")
WATCH = yaml.safe_load((ROOT / "seeds" / "watches" / "balochistan-attacks.yaml").read_text())


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real `watchpost` command."""
    return subprocess.run([WATCHPOST, *args], capture_output=True, text=True, timeout=300,
                          env=os.environ, stdin=subprocess.DEVNULL)


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
        # Read only: the check lists what the next crawl applies, and applies nothing.
        pending = run("db", "check", "--config", str(config))
        assert pending.returncode == 0, pending.stderr
        assert "m003_crawl_run_owner" in pending.stdout and "m001_storage_problems" in \
            pending.stdout, pending.stdout
        assert database.read_bytes() == old.read_bytes()
        crawl = run("crawl", "--config", str(config))
        assert crawl.returncode == 0, crawl.stderr
        assert "Traceback" not in crawl.stderr
        assert "2 new articles" in crawl.stdout, crawl.stdout
    for command in (["status"], ["incidents", "list"], ["matches"], ["alerts", "outbox"],
                    ["sources", "list"], ["search", "Balochistan"]):
        result = run(*command, "--config", str(config))
        assert result.returncode == 0, (command, result.stderr)
    check = run("db", "check", "--config", str(config))
    assert check.returncode == 0, check.stderr
    assert "pending" not in check.stdout and "integrity:  ok" in check.stdout
    assert "articles 5" in check.stdout  # the release's 3 and this crawl's 2

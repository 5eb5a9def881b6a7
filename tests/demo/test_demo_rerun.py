"""`watchpost demo --dir D` run twice replaces the first run: the same articles, incidents and
alerts, never each one twice (the site comes up on a new port each run); a folder holding
someone else's config.yaml is refused, not overwritten."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.support.cli import run_cli


def _counts(folder: Path) -> dict[str, int]:
    with sqlite3.connect(folder / "demo.db") as conn:
        counts = {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("articles", "incidents", "incident_sources", "outbox")}
        # The same outlet twice under one incident: the duplicate a re-run used to make.
        counts["outlet_repeats"] = conn.execute(
            "SELECT count(*) FROM (SELECT incident_id, source FROM incident_sources "
            "GROUP BY incident_id, source HAVING count(*) > 1)").fetchone()[0]
    counts["alerts_archived"] = len((folder / "alerts.jsonl").read_text().splitlines())
    return counts


def test_a_second_demo_run_replaces_the_first(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    first = run_cli("demo", "--dir", str(folder), timeout=300)
    assert first.returncode == 0, first.stderr
    once = _counts(folder)
    assert once["articles"] > 0 and once["outlet_repeats"] == 0
    second = run_cli("demo", "--dir", str(folder), timeout=300)
    assert second.returncode == 0, second.stderr
    assert f"replacing the previous demo in {folder}" in second.stderr
    assert _counts(folder) == once


def test_a_folder_with_another_config_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("database: mine.db\n")
    result = run_cli("demo", "--dir", str(tmp_path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is not a demo config" in result.stderr and "Traceback" not in result.stderr
    assert config.read_text() == "database: mine.db\n"

"""Stored text reaches the terminal with its control characters escaped: rows stored before
ingest stripped them (or by any other path) cannot recolour, retitle or clear the screen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from crawler.cli.crawl_cmds import search
from crawler.cli.daemon_cmds import status
from crawler.cli.incident_cmds import incidents_group
from crawler.storage.db import open_db

HOSTILE = "Blast\x00 in Quetta \x1b[2J\x1b[31mkills three\x01\x1b]0;owned\x07\x9b"
RAW = set("\x00\x01\x07\x1b\x9b")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    db = open_db(tmp_path / "watchpost.db")
    now = "2025-07-01T00:00:00+00:00"
    # Inserted as older versions stored feed text: control characters and all.
    db.execute("INSERT INTO articles (id, url, source, title, text, published, fetched_at, "
               "status) VALUES (1, 'https://a.example.com/1', 'wire\x1b[8m', ?, ?, ?, ?, "
               "'feed_only')", [HOSTILE, HOSTILE + "\nQuetta police said.", now, now])
    db.execute("INSERT INTO incidents (id, title, event_date, date_precision, published, places, "
               "actors, event_types, targets, watches, revision, facts, created_at, updated_at, "
               "primary_place, province) VALUES (1, ?, '2025-07-01', 'day', ?, ?, '[]', ?, "
               "'[]', '[]', 1, '{}', ?, ?, ?, 'Balochistan')",
               [HOSTILE, now, json.dumps(["Quetta\x1b[5m"]), json.dumps(["ied\x1b[1m"]), now,
                now, "Quetta\x1b[5m"])
    db.execute("INSERT INTO incident_sources (incident_id, article_id, source, url, title, "
               "published, reason, added_at) VALUES (1, 1, 'wire', 'https://a.example.com/1', "
               "?, ?, 'first report\x1b[7m', ?)", [HOSTILE, now, now])
    db.execute("INSERT INTO matches (article_id, watch, matched, score, snippet, reasons, "
               "matched_at) VALUES (1, 'attacks', 1, 0.9, ?, ?, ?)",
               [HOSTILE, json.dumps(["term\x1b[31m blast"]), now])
    db.execute("INSERT INTO sources (name, url, enabled) VALUES ('wire', 'https://a.example.com/f', 1)")
    db.execute("INSERT INTO feed_state (source, failures, last_error, last_status) "
               "VALUES ('wire', 2, ?, 'failed')", ["feed: " + HOSTILE])
    db.conn.commit()
    db.close()
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"database": "watchpost.db"}))
    return path


def _run(command: object, args: list[str]) -> str:
    result = CliRunner().invoke(command, args)  # type: ignore[arg-type]
    assert result.exit_code == 0, result.output
    return result.output


def test_search_escapes_control_characters(config: Path) -> None:
    out = _run(search, ["--config", str(config), "Quetta"])
    assert "kills three" in out and "\\x1b[2J" in out
    assert not RAW & set(out)


def test_incidents_list_and_show_escape_control_characters(config: Path) -> None:
    listed = _run(incidents_group, ["list", "--config", str(config)])
    shown = _run(incidents_group, ["show", "--config", str(config), "1"])
    assert "Blast" in listed and "kills three" in shown and "first report" in shown
    for out in (listed, shown):
        assert not RAW & set(out), repr(out)


def test_status_escapes_a_stored_error(config: Path) -> None:
    out = _run(status, ["--config", str(config)])
    assert "failing wire" in out and "\\x1b[31m" in out
    assert not RAW & set(out)

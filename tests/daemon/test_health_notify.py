"""Source health problems reach the operator subscriptions named in daemon.health.notify."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from alerts.dispatch import deliver
from alerts.health import queue_health
from alerts.registry import sync
from crawler.config import load_config
from crawler.daemon.health import HealthEvent
from crawler.storage.db import open_db

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_health_events_are_queued_once_and_delivered(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("""
database: w.db
subscriptions:
  - {name: ops, channel: {type: jsonl, path: ops.jsonl}}
  - {name: desk, channel: {type: jsonl, path: desk.jsonl}}
daemon:
  health: {notify: [ops]}
""")
    config = load_config(tmp_path / "config.yaml")
    db = open_db(config.database)
    sync(db, config.subscriptions, NOW)
    raised = HealthEvent("quetta-voice", "failing", "raised", "2026-03-01T10:00:00+00:00",
                         "6 failed polls; last error: feed: HTTP 503")
    notify = config.daemon.health.notify
    assert queue_health(db, notify, [raised], NOW) == 1
    assert queue_health(db, notify, [raised], NOW) == 0  # the same event is never sent twice
    report = deliver(db, config.crawl.allow_hosts, NOW)
    assert report.counts["delivered"] == 1
    lines = [json.loads(x) for x in (tmp_path / "ops.jsonl").read_text().splitlines()]
    assert [x["type"] for x in lines] == ["source.health"]
    assert lines[0]["data"]["headline"] == "watchpost: source quetta-voice is failing"
    assert "HTTP 503" in lines[0]["data"]["detail"]
    assert not (tmp_path / "desk.jsonl").exists()
    resolved = HealthEvent("quetta-voice", "failing", "resolved", raised.since, "polls again")
    assert queue_health(db, notify, [resolved], NOW) == 1
    deliver(db, config.crawl.allow_hosts, NOW)
    assert "recovered" in (tmp_path / "ops.jsonl").read_text().splitlines()[-1]

"""The subscription and outbox commands, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import WATCH, run_cli, write_config
from tests.support.newssite import NewsSite
from tests.support.receivers import Receiver, payload_of
from tests.support.rows import incidents


def test_subscription_and_outbox_commands(site: NewsSite, receiver: Receiver,
                                          tmp_path: Path) -> None:
    config = str(write_config(tmp_path, site, watches=[WATCH], subscriptions=[
        {"name": "archive", "channel": {"type": "jsonl", "path": "alerts.jsonl"}}]))
    assert run_cli("crawl", "--config", config).returncode == 0
    stored = incidents(tmp_path / "watchpost.db")
    lines = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["data"]["incident_id"] for line in lines) == sorted(stored)

    spec = json.dumps({"name": "adhoc", "channel": {"type": "webhook",
                                                    "url": receiver.on("/adhoc"),
                                                    "secret_env": "ADHOC_SECRET"}})
    added = run_cli("subscriptions", "add", spec, "--config", config)
    assert added.returncode == 0, added.stderr
    listing = run_cli("subscriptions", "list", "--config", config).stdout
    assert "archive" in listing and "adhoc" in listing and "cli" in listing

    tested = run_cli("subscriptions", "test", "adhoc", "--config", config,
                     env={"ADHOC_SECRET": "s3cret"})
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "adhoc: delivered (200)" in tested.stdout
    assert payload_of(receiver.hits("/adhoc")[0])["data"]["incident_id"] == max(stored)

    outbox = run_cli("alerts", "outbox", "--config", config, "--status", "delivered").stdout
    assert outbox.count("archive") == len(stored)
    assert f"delivered {len(stored)}" in outbox

    bad = run_cli("subscriptions", "add", "{name: x, channel: {type: pigeon}}", "--config", config)
    assert bad.returncode != 0 and "channel" in bad.stderr
    assert run_cli("subscriptions", "remove", "archive", "--config", config).returncode != 0
    assert run_cli("subscriptions", "remove", "adhoc", "--config", config).returncode == 0
    assert "adhoc" not in run_cli("subscriptions", "list", "--config", config).stdout
    assert run_cli("alerts", "retry", "--config", config).returncode == 2
    assert "0 row(s)" in run_cli("alerts", "retry", "--all-dead", "--config", config).stdout

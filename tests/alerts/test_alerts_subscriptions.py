"""Subscription config validation, filter matching and the subscriptions table."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
import yaml
from pydantic import ValidationError

from alerts import registry, render
from alerts.channels import console
from alerts.errors import UnknownSubscription
from alerts.subscriptions import default_region_check, matches
from crawler.config.subscriptions import JsonlChannel, SubscriptionConfig, WebhookChannel
from crawler.storage.db import open_db
from tests.support.alertkit import make_alert, make_sub

EXAMPLE = """
- name: ops-webhook
  filter:
    watches: [balochistan-attacks]
    regions: [Balochistan]
    min_killed: 1
    event_types: [ied, suicide_attack]
    keywords: [convoy, FC]
  channel:
    type: webhook
    url: https://hooks.example.org/watchpost
    secret_env: [WATCHPOST_HOOK_SECRET, WATCHPOST_HOOK_SECRET_OLD]
    timeout: 10
  mode: instant
  updates: true
- name: morning-mail
  channel:
    type: email
    to: [desk@example.org]
    from_addr: alerts@example.org
    host: smtp.example.org
    port: 587
    security: starttls
    username: alerts
    password_env: WATCHPOST_SMTP_PASSWORD
  mode: digest
  digest: {every: daily, at: "07:00", timezone: Asia/Karachi}
  quiet_hours: {start: "22:00", end: "06:00", timezone: Asia/Karachi}
- name: terminal
  channel: {type: console}
- name: archive
  channel: {type: jsonl, path: data/alerts.jsonl}
"""
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_reference_yaml_parses() -> None:
    subs = [SubscriptionConfig.model_validate(item) for item in yaml.safe_load(EXAMPLE)]
    assert [s.channel.type for s in subs] == ["webhook", "email", "console", "jsonl"]
    assert isinstance(subs[0].channel, WebhookChannel)
    assert subs[0].channel.secret_envs == ("WATCHPOST_HOOK_SECRET", "WATCHPOST_HOOK_SECRET_OLD")
    assert subs[1].digest is not None and subs[1].digest.timezone == "Asia/Karachi"


@pytest.mark.parametrize(
    "bad",
    [
        {"channel": {"type": "console", "colour": True}},  # unknown key
        {"channel": {"type": "fax"}},  # unknown channel
        {"channel": {"type": "console"}, "mode": "digest"},  # digest without schedule
        {
            "channel": {"type": "console"},
            "mode": "digest",
            "digest": {"every": "daily", "at": "7am", "timezone": "UTC"},
        },  # bad time
        {
            "channel": {"type": "console"},
            "mode": "digest",
            "digest": {"every": "daily", "at": "07:00", "timezone": "Mars/Olympus"},
        },
        {"channel": {"type": "webhook", "url": "file:///etc/passwd", "secret_env": "X"}},
        {
            "channel": {
                "type": "email",
                "to": ["a@b.org\r\nBcc: x@y.org"],
                "from_addr": "a@b.org",
                "host": "h",
            }
        },
        {"channel": {"type": "console"}, "filter": {"min_killed": -1}},
    ],
)
def test_invalid_configs_are_rejected(bad: dict) -> None:
    with pytest.raises(ValidationError):
        SubscriptionConfig.model_validate({"name": "x", **bad})


def test_matches_each_criterion() -> None:
    alert = make_alert()

    def check(**flt: object) -> bool:
        sub = make_sub("s", {"type": "console"}, filter=flt)
        return matches(sub, alert, default_region_check)

    assert check()
    assert check(watches=["balochistan-attacks"]) and not check(watches=["kp"])
    assert (
        check(regions=["kachhi"]) and check(regions=["Pakistan"]) and not check(regions=["Sindh"])
    )
    assert check(min_killed=14) and not check(min_killed=15)
    assert check(event_types=["IED"]) and not check(event_types=["kidnapping"])
    assert check(keywords=["convoy"]) and not check(keywords=["conv"])
    assert not check(watches=["balochistan-attacks"], min_killed=100)  # AND across criteria


def test_table_lifecycle(tmp_path) -> None:
    db = open_db(tmp_path / "subs.db")
    a = make_sub("a", {"type": "console"})
    b = make_sub("b", {"type": "console"})
    assert registry.upsert(db, [a, b], NOW) == ["a", "b"]
    assert registry.upsert(db, [a, b], NOW) == []  # unchanged
    registry.disable(db, "a", "HTTP 410 Gone", NOW)
    changed = make_sub("a", {"type": "console"}, updates=False)
    assert registry.upsert(db, [changed, b], NOW) == ["a"]
    stored = {s.name: s for s in registry.list_subscriptions(db)}
    assert not stored["a"].enabled and stored["a"].disabled_reason == "HTTP 410 Gone"
    assert stored["a"].config.updates is False
    assert set(registry.load_enabled(db)) == {"b"}
    registry.enable(db, "a", NOW)
    assert set(registry.load_enabled(db)) == {"a", "b"}
    registry.add(db, make_sub("cli", {"type": "console"}), NOW)
    assert registry.upsert(db, [changed], NOW, prune=True) == ["b"]  # cli rows are kept
    assert [s.name for s in registry.list_subscriptions(db)] == ["a", "cli"]
    registry.remove(db, "cli")
    with pytest.raises(UnknownSubscription):
        registry.remove(db, "cli")
    with pytest.raises(UnknownSubscription):
        registry.disable(db, "nope", "x", NOW)


def test_console_and_jsonl_channels(tmp_path) -> None:
    payload = render.incident_payload(make_alert(), "t", NOW)
    stream = io.StringIO()
    assert console.send_console(payload, "msg_1", NOW, stream).outcome == "delivered"
    assert "Balochistan: IED kills 14 soldiers" in stream.getvalue()
    assert "https://www.dawn.com/news/1" in stream.getvalue()
    cfg = make_sub("j", {"type": "jsonl", "path": str(tmp_path / "sub" / "a.jsonl")}).channel
    assert isinstance(cfg, JsonlChannel)
    for msg_id in ("m1", "m2"):
        assert console.send_jsonl(cfg, payload, msg_id, NOW).outcome == "delivered"
    lines = [json.loads(x) for x in (tmp_path / "sub" / "a.jsonl").read_text().splitlines()]
    assert [x["msg_id"] for x in lines] == ["m1", "m2"] and lines[0]["type"] == "incident.created"

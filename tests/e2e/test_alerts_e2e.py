"""Alerts end to end: the real CLI crawls the fixture site and delivers to a real webhook
receiver and a real SMTP server (aiosmtpd), all on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from pathlib import Path

from alerts.signing import verify
from tests.support.cli import WATCH, WATCHPOST, run_cli, write_config
from tests.support.newssite import NewsSite
from tests.support.receivers import Inbox, Receiver, payload_of
from tests.support.rows import incidents
from tests.support.waiting import wait_for

SECRET = "test-secret-of-the-desk"
ENV = {"WP_HOOK_SECRET": SECRET}


def alert_config(tmp_path: Path, site: NewsSite, hook_url: str, smtp_port: int,
                 timeout: float = 5) -> Path:
    return write_config(tmp_path, site, watches=[WATCH], subscriptions=[
        {"name": "desk-hook", "channel": {"type": "webhook", "url": hook_url,
                                          "secret_env": "WP_HOOK_SECRET", "timeout": timeout,
                                          "connect_timeout": 1}},
        {"name": "desk-mail", "channel": {"type": "email", "to": ["desk@example.org"],
                                          "from_addr": "watchpost@example.org",
                                          "host": "127.0.0.1", "port": smtp_port,
                                          "security": "none", "timeout": timeout}},
    ])


def test_one_alert_per_incident_and_an_update_when_the_toll_rises(
    site: NewsSite, receiver: Receiver, smtp: tuple[int, Inbox], tmp_path: Path
) -> None:
    port, inbox = smtp
    config = alert_config(tmp_path, site, receiver.on("/hook"), port)
    first = run_cli("crawl", "--config", str(config), env=ENV)
    assert first.returncode == 0, first.stderr
    stored = incidents(tmp_path / "watchpost.db")
    assert len(stored) >= 4
    hooks = receiver.hits("/hook")
    # Exactly one alert per incident per subscription, each signed.
    assert sorted(payload_of(h)["data"]["incident_id"] for h in hooks) == sorted(stored)
    assert len(inbox.messages()) == len(stored)
    for hit in hooks:
        assert verify(hit.headers, hit.body, [SECRET])
        data = payload_of(hit)["data"]
        row = stored[data["incident_id"]]
        assert payload_of(hit)["type"] == "incident.created"
        assert (data["killed"], data["injured"], data["event_date"]) == (
            row["killed"], row["injured"], row["event_date"])
    # The Bolan/Kech attack (seeds 001 and 004) is one alert, with both sources.
    bolan = [payload_of(h)["data"] for h in hooks if payload_of(h)["data"]["killed"] == 14]
    assert len(bolan) == 1 and len(bolan[0]["sources"]) == 2
    assert "Kech" in bolan[0]["headline"] and "14 soldiers" in bolan[0]["headline"]
    for message in inbox.messages():
        assert message.get_body(("plain",)) is not None and message.get_body(("html",))
        assert message["Subject"].startswith("Balochistan: ")

    # A second crawl sends nothing.
    second = run_cli("crawl", "--config", str(config), env=ENV)
    assert second.returncode == 0, second.stderr
    assert len(receiver.hits("/hook")) == len(hooks) and len(inbox.messages()) == len(stored)

    # A later report raising the Kalat toll sends one incident.updated to each subscription.
    site.publish("wire-json", {
        "id": "kalat-toll", "outlet": "wire", "path": "/wire/2024/11/17/kalat-toll-rises.html",
        "title": "Kalat camp attack death toll rises to nine",
        "published": "2024-11-17T12:00:00+05:00",
        "body": "Quetta, Nov 17: The death toll from the attack on a military camp in the Shah "
                "Mardan area of Kalat in Balochistan rose to nine on Sunday after two more "
                "injured soldiers died in hospital, officials said.\n\nThe Baloch Liberation "
                "Army (BLA) had claimed responsibility for the attack, carried out in the early "
                "hours of Saturday. Fifteen soldiers were injured.",
    })
    third = run_cli("crawl", "--config", str(config), env=ENV)
    assert third.returncode == 0, third.stderr
    new = receiver.hits("/hook")[len(hooks):]
    assert len(new) == 1, [payload_of(h)["data"]["headline"] for h in new]
    update = payload_of(new[0])
    assert update["type"] == "incident.updated"
    assert update["data"]["killed"] == 9
    assert {"field": "killed", "old": 7, "new": 9} in [
        {k: c[k] for k in ("field", "old", "new")} for c in update["data"]["changes"]]
    assert len(incidents(tmp_path / "watchpost.db")) == len(stored)
    assert len(inbox.messages()) == len(stored) + 1


def test_killed_while_delivering_the_next_run_delivers(
    site: NewsSite, receiver: Receiver, smtp: tuple[int, Inbox], tmp_path: Path
) -> None:
    port, inbox = smtp
    release = threading.Event()

    def hang() -> tuple[int, dict[str, str]]:
        release.wait(30)
        return 200, {}

    config = alert_config(tmp_path, site, receiver.on("/hook", hang), port, timeout=2)
    process = subprocess.Popen([WATCHPOST, "crawl", "--config", str(config)],
                               env={**os.environ, **ENV}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: len(receiver.hits("/hook")) >= 1, timeout=60)
        process.send_signal(signal.SIGKILL)  # stored and queued, sending: killed mid-delivery
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
        release.set()
    stored = incidents(tmp_path / "watchpost.db")
    assert stored, "incidents were stored before the kill"

    def all_delivered() -> bool:
        run_cli("alerts", "deliver", "--config", str(config), env=ENV)
        got = {payload_of(h)["data"]["incident_id"] for h in receiver.hits("/hook")}
        return got == set(stored)

    wait_for(all_delivered, timeout=60)
    # Nothing lost; the one interrupted alert came again with the same webhook-id.
    ids = [h.headers["webhook-id"] for h in receiver.hits("/hook")]
    assert len(set(ids)) == len(stored)
    assert len(ids) - len(set(ids)) <= 1
    outbox = run_cli("alerts", "outbox", "--config", str(config), "--status", "pending")
    assert "desk-hook" not in outbox.stdout

"""The daemon end to end through alerts: a report published while it runs reaches a webhook.

These need the whole chain wired: the crawl tick classifies new articles, builds incidents and
queues outbox rows (crawler.pipeline), and the daemon's delivery hook (alerts.dispatch.deliver)
sends them. A real webhook receiver on 127.0.0.1 records what arrives.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crawler.demo.site import DEFAULT_MANIFEST
from tests.support.daemonkit import (
    FAST,
    SECRET_ENV,
    DaemonProcess,
    alert_config,
    process_gone,
    requests_to,
    wait_until,
)
from tests.support.newssite import NewsSite
from tests.support.receivers import Receiver, settled
from tests.support.rows import query

INTERVAL = 3

REPORT = {
    "title": "Four FC soldiers killed as militants storm Mastung checkpost",
    "body": (
        "Four Frontier Corps soldiers were killed and six others injured when militants "
        "attacked a checkpost in Mastung district of Balochistan late on Monday, officials "
        "said.\n\n"
        "The attackers opened fire from two sides before the soldiers returned fire, a "
        "security official in Quetta said. The wounded were taken to the Combined Military "
        "Hospital in Quetta.\n\n"
        "The banned Balochistan Liberation Army (BLA) claimed responsibility for the attack "
        "in a statement sent to journalists."
    ),
}


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """The webhook signing secret, in the environment the daemon inherits."""
    monkeypatch.setenv(SECRET_ENV, "daemon-test-secret")


@pytest.mark.usefixtures("secret")
def test_report_published_while_running_alerts_within_the_interval(
        tmp_path: Path, receiver: Receiver) -> None:
    with NewsSite(DEFAULT_MANIFEST) as site:
        daemon = DaemonProcess(alert_config(tmp_path, site, receiver))
        try:
            wait_until(lambda: daemon.ticks("ok"), 30, "the first tick", daemon)
            wait_until(lambda: settled(receiver), 30, "the first alerts to go out", daemon)
            published = time.monotonic()
            path = site.publish(FAST, {"id": "daemon-alert", **REPORT})
            hits = wait_until(lambda: receiver.about(path), INTERVAL + 10,
                              "the alert for the new report", daemon)
            # The source's interval plus a tick (child start-up, fetch, extraction) and delivery.
            assert hits[0].at - published <= INTERVAL + 5
            wait_until(lambda: settled(receiver, 3), 10, "quiet after the alert")
            assert len(receiver.about(path)) == 1
        finally:
            daemon.stop()
        assert daemon.proc.returncode == 0, daemon.output()[-3000:]


@pytest.mark.usefixtures("secret")
def test_sigkill_mid_tick_then_restart_sends_every_alert_exactly_once(
        tmp_path: Path, receiver: Receiver) -> None:
    with NewsSite(DEFAULT_MANIFEST) as site:
        config = alert_config(tmp_path, site, receiver)
        db = tmp_path / "watchpost.db"
        daemon = DaemonProcess(config)
        try:
            wait_until(lambda: daemon.ticks("ok"), 30, "the first tick", daemon)
            wait_until(lambda: settled(receiver), 30, "the first alerts to go out", daemon)
            path = site.publish(FAST, {"id": "daemon-killed", **REPORT})
            blocker = site.publish(FAST, {"id": "daemon-blocker", "title": "Quetta weather",
                                          "body": "Cold winds swept Quetta on Monday.\n\n"
                                                  "The Met office expects snow in Ziarat."})
            site.hang(blocker, 30)
            # The report's page was served while the blocker hangs: the tick is mid-flight.
            wait_until(lambda: requests_to(site, path), 15, "the tick to fetch the report")
            child = daemon.heartbeat().get("tick_pid")
            daemon.proc.kill()
            daemon.proc.wait(timeout=10)
            if child:
                wait_until(lambda: process_gone(child), 5, "the orphaned tick to die")
        finally:
            daemon.stop()
        site.clear(blocker)
        restarted = DaemonProcess(config)
        try:
            wait_until(lambda: receiver.about(path), 30, "the alert after the restart",
                       restarted)
            wait_until(lambda: settled(receiver, 4), 15, "quiet after the alert")
        finally:
            restarted.stop()
    # One incident for the report, one alert for it, and no webhook-id delivered twice.
    assert len(query(db, "SELECT id FROM articles WHERE url LIKE ?", (f"%{path}",))) == 1
    assert len(receiver.about(path)) == 1
    ids = [r.headers["webhook-id"] for r in receiver.requests]
    assert len(ids) == len(set(ids)), ids
    assert restarted.proc.returncode == 0

"""The daemon end to end through alerts: a report published while it runs reaches a webhook.

These need the whole chain wired: the crawl tick classifies new articles, builds incidents and
queues outbox rows (crawler.pipeline), and the daemon's delivery hook (alerts.dispatch.deliver)
sends them. A real webhook receiver on 127.0.0.1 records what arrives.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.demo.site import DEFAULT_MANIFEST, NewsSite
from tests.test_daemon import (
    FAST,
    DaemonProcess,
    process_gone,
    query,
    requests_to,
    wait_until,
    write_config,
)

ROOT = Path(__file__).resolve().parent.parent
WATCH = yaml.safe_load((ROOT / "seeds" / "watches" / "balochistan-attacks.yaml").read_text())
SECRET_ENV = "WATCHPOST_TEST_WEBHOOK_SECRET"
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


@dataclass(frozen=True)
class Hit:
    """One POST the receiver got."""

    msg_id: str
    body: dict[str, Any]
    time: float


class Receiver:
    """A webhook endpoint on 127.0.0.1 answering 200 and recording every POST."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with receiver._lock:
                    receiver.hits.append(
                        Hit(self.headers.get("webhook-id", ""), body, time.monotonic()))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                """Quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def about(self, path: str) -> list[Hit]:
        """POSTs whose payload mentions an article path."""
        with self._lock:
            return [h for h in self.hits if path in json.dumps(h.body)]

    def close(self) -> None:
        """Stop listening."""
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """The webhook receiver for one test."""
    running = Receiver()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """The webhook signing secret, in the environment the daemon inherits."""
    monkeypatch.setenv(SECRET_ENV, "daemon-test-secret")


def alert_config(directory: Path, site: NewsSite, receiver: Receiver,
                 interval: float = INTERVAL) -> Path:
    """The Balochistan watch and one instant webhook subscription, polling one feed."""
    return write_config(
        directory, site, {FAST: interval},
        watches=[WATCH],
        subscriptions=[{"name": "ops", "channel": {"type": "webhook", "url": receiver.url,
                                                   "secret_env": SECRET_ENV}}],
    )


def settled(receiver: Receiver, seconds: float = 2.0) -> bool:
    """True once nothing has arrived for `seconds` (the backlog of seed reports is sent)."""
    with receiver._lock:
        last = receiver.hits[-1].time if receiver.hits else 0.0
    return time.monotonic() - last >= seconds


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
            assert hits[0].time - published <= INTERVAL + 5
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
    ids = [h.msg_id for h in receiver.hits]
    assert len(ids) == len(set(ids)), ids
    assert restarted.proc.returncode == 0

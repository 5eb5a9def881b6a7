"""The daemon's crawl engine and delivery keep slow parts to themselves.

One long-lived crawl engine: robots.txt is fetched once per host across crawls (a process per
tick fetched it again each time). A host that hangs holds only its own crawl: another host's
feed is polled on time meanwhile. A webhook receiver that hangs holds only its own
subscription: another subscription's alert goes out meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo.site import DEFAULT_MANIFEST
from tests.daemon.test_daemon_alerts import REPORT
from tests.support.cli import WATCH, write_config
from tests.support.daemonkit import (
    FAST,
    FAST_DAEMON,
    SECRET_ENV,
    DaemonProcess,
    requests_to,
    wait_until,
    write_daemon_config,
)
from tests.support.newssite import NewsSite
from tests.support.receivers import Receiver
from tests.support.rows import query

# Another attack, another district and day: its own incident, its own alert.
SECOND = {
    "title": "Three Levies personnel shot dead in Kalat ambush",
    "body": ("Three Levies personnel were shot dead when gunmen ambushed their vehicle near "
             "Mangochar in Kalat district of Balochistan on Thursday, officials said.\n\n"
             "The attackers fled towards the mountains, a Levies official in Kalat said. The "
             "bodies were taken to the district headquarters hospital."),
}


@pytest.fixture
def two_sites() -> Iterator[tuple[NewsSite, NewsSite]]:
    """Two news sites on two ports: two hosts to the crawl engine."""
    with NewsSite(DEFAULT_MANIFEST) as one, NewsSite(DEFAULT_MANIFEST) as other:
        yield one, other


def test_robots_txt_is_fetched_once_per_host_across_crawls(tmp_path: Path) -> None:
    with NewsSite(DEFAULT_MANIFEST) as site:
        daemon = DaemonProcess(write_daemon_config(tmp_path, site, {FAST: 0.5}))
        try:
            feed = {f.name: f.path for f in site.feeds()}[FAST]
            wait_until(lambda: len(daemon.ticks("ok")) >= 4, 30, "four crawls", daemon)
            assert len(requests_to(site, feed)) >= 4
            assert len(requests_to(site, "/robots.txt")) == 1
        finally:
            daemon.stop()
        assert daemon.proc.returncode == 0, daemon.output()[-3000:]


def test_a_hanging_host_does_not_delay_another_hosts_polls(
        tmp_path: Path, two_sites: tuple[NewsSite, NewsSite]) -> None:
    stuck, healthy = two_sites
    stuck_feed = {f.name: f for f in stuck.feeds()}[FAST]
    healthy_feed = {f.name: f for f in healthy.feeds()}[FAST]
    stuck.hang(stuck_feed.path, 60)
    config = write_config(
        tmp_path, healthy, crawl={"timeout": 60, "max_articles_per_feed": 2},
        daemon=FAST_DAEMON, sources=[{"name": "stuck", "url": stuck_feed.url, "interval": 1},
                                     {"name": "healthy", "url": healthy_feed.url, "interval": 1}])
    daemon = DaemonProcess(config)
    try:
        # The stuck host's feed is asked for and never answered (for 60 s): meanwhile the
        # healthy host's feed is polled about every second.
        wait_until(lambda: len(requests_to(healthy, healthy_feed.path)) >= 5, 20,
                   "five polls of the healthy host's feed", daemon)
        assert requests_to(stuck, stuck_feed.path) == []  # still hanging: never answered
    finally:
        stuck.stop()  # wakes the hanging answer, so the daemon can stop
        daemon.stop()


@pytest.mark.usefixtures("secret")
def test_a_hanging_receiver_does_not_delay_another_subscription(
        tmp_path: Path, receiver: Receiver) -> None:
    release = threading.Event()
    subscriptions = [
        {"name": "slow", "channel": {"type": "webhook", "url": receiver.url + "/slow",
                                     "secret_env": SECRET_ENV, "timeout": 40}},
        {"name": "fast", "channel": {"type": "webhook", "url": receiver.url + "/fast",
                                     "secret_env": SECRET_ENV}},
    ]
    with NewsSite(DEFAULT_MANIFEST) as site:
        # The whole feed on the first poll: no older entry is left to come with a later one
        # and queue ahead of it.
        daemon = DaemonProcess(write_daemon_config(
            tmp_path, site, {FAST: 1}, crawl={"max_articles_per_feed": 50}, watches=[WATCH],
            subscriptions=subscriptions))
        try:
            # The feed's backlog read (a poll answered 304) and its alerts sent to both...
            database = tmp_path / "watchpost.db"
            wait_until(lambda: query(database, "SELECT 1 FROM feed_state WHERE last_status = "
                                               "'not_modified'"), 30, "the backlog read", daemon)
            wait_until(lambda: not query(database, "SELECT 1 FROM outbox WHERE status != "
                                                   "'delivered'"), 30,
                       "the backlog's alerts to go out", daemon)
            # ...from now on every POST to /slow blocks until the test ends.
            receiver.on("/slow", *[lambda: (release.wait(30), (200, {}))[1] for _ in range(50)])
            first = site.publish(FAST, {"id": "isolated-first", **REPORT})
            wait_until(lambda: [h for h in receiver.about(first) if h.path == "/slow"], 20,
                       "the slow receiver to hold the first alert", daemon)
            published = time.monotonic()
            second = site.publish(FAST, {"id": "isolated-second", **SECOND})
            hits = wait_until(lambda: [h for h in receiver.about(second) if h.path == "/fast"],
                              15, "the second alert at the fast receiver", daemon)
            # Polled within a second, crawled, classified, sent: the slow receiver, still
            # holding the first alert, holds nothing of the fast one's.
            assert hits[0].at - published < 10
            assert not [h for h in receiver.about(second) if h.path == "/slow"]
        finally:
            release.set()
            daemon.stop()


@pytest.fixture
def secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """The webhook signing secret, in the environment the daemon inherits."""
    monkeypatch.setenv(SECRET_ENV, "daemon-test-secret")

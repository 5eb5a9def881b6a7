"""`watchpost run` as a real process against the fixture news site on 127.0.0.1.

One daemon runs the concurrent scenarios (rates, back-off and recovery, Retry-After, a crawl
beside it, status, a second daemon refused); SIGKILL/restart and the tick budget/SIGTERM
bound each get their own daemon. Every wait polls the database or the site's log against a
deadline.
"""

from __future__ import annotations

import json
import random
import signal
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlite_utils import Database

from crawler.config import Config, SourceConfig
from crawler.config.daemon import AdaptiveConfig, DaemonConfig
from crawler.daemon.lock import AlreadyRunning, DaemonLock
from crawler.daemon.tick import adaptive_interval, due_now, reschedule, wait_seconds
from crawler.demo.site import DEFAULT_MANIFEST
from crawler.storage.db import open_db
from crawler.storage.store import iso
from tests.support.cli import run_cli
from tests.support.daemonkit import (
    FAST,
    SLOW,
    DaemonProcess,
    process_gone,
    requests_to,
    wait_until,
    write_daemon_config,
)
from tests.support.newssite import NewsSite
from tests.support.ports import free_port
from tests.support.rows import query


def feed_state(db_path: Path, source: str) -> dict[str, Any]:
    """The stored poll state of one source ({} before its first poll)."""
    rows = query(db_path, "SELECT * FROM feed_state WHERE source = ?", (source,))
    return rows[0] if rows else {}


# Two more demo feeds: one failing until a test clears it, one answering 429 once.
FLAKY, LIMITED = "indus-json", "courier-balochistan"
RETRY_AFTER = 6


# -- scheduling, lock and settings (in-process, no daemon) --------------------------------------

def _unit_db(tmp_path: Path) -> tuple[Config, Database]:
    """A config of two sources and its empty, migrated database."""

    config = Config(database=tmp_path / "w.db", path=tmp_path / "c.yaml", sources=(
        SourceConfig(name="a", url="http://a.example/f", interval=10),
        SourceConfig(name="b", url="http://b.example/f")))
    return config, open_db(config.database)


def test_reschedule_anchors_on_the_tick_start_and_keeps_server_hints(tmp_path: Path) -> None:


    config, db = _unit_db(tmp_path)
    start = datetime(2026, 1, 1, 12, 0, 0, 400000, tzinfo=UTC)
    done = start + timedelta(seconds=2)
    # "a" polled normally (the crawl's due time counts from the tick's end); "b" failed with
    # a Retry-After of an hour.
    db.table("feed_state").insert_all([
        {"source": "a", "failures": 0, "last_polled_at": iso(done),
         "next_due_at": iso(done + timedelta(seconds=10))},
        {"source": "b", "failures": 1, "last_polled_at": iso(done),
         "next_due_at": iso(done + timedelta(hours=1))}], pk="source")
    cfg = DaemonConfig(jitter=0)
    assert reschedule(db, config, cfg, start, random.Random(1), done) == 2
    states = {r["source"]: r["next_due_at"] for r in db.table("feed_state").rows}
    assert datetime.fromisoformat(states["a"]) == start + timedelta(seconds=10)
    # Retry-After is kept, plus the second lost to rounding: never polled early.
    assert datetime.fromisoformat(states["b"]) == done.replace(microsecond=0) + timedelta(
        hours=1, seconds=1)
    due, earliest = due_now(db, config, done)
    assert due == 0 and earliest == start + timedelta(seconds=10)
    assert wait_seconds(due, earliest, done, cfg) == pytest.approx(8.0)
    assert wait_seconds(1, earliest, done, cfg) == cfg.min_wait
    assert wait_seconds(0, None, done, cfg) == cfg.max_wait


def test_jitter_only_delays_and_is_bounded(tmp_path: Path) -> None:


    config, db = _unit_db(tmp_path)
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    db.table("feed_state").insert({"source": "a", "failures": 0, "last_polled_at": iso(start),
                             "next_due_at": iso(start + timedelta(seconds=10))}, pk="source")
    reschedule(db, config, DaemonConfig(jitter=0.5, jitter_max=2), start, random.Random(7))
    due = datetime.fromisoformat(db.table("feed_state").get("a")["next_due_at"])
    assert start + timedelta(seconds=10) < due <= start + timedelta(seconds=12)


def test_sources_crawled_together_stay_together(tmp_path: Path) -> None:
    """One jitter draw per crawl: an idle daemon keeps one crawl per host, not one per source."""
    config, db = _unit_db(tmp_path)
    config = config.model_copy(update={"sources": [
        SourceConfig(name=n, url=f"http://127.0.0.1/{n}.xml", interval=60) for n in "abc"]})
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    for name in "abc":
        db.table("feed_state").insert({"source": name, "failures": 0, "last_polled_at":
                                       iso(start), "next_due_at": iso(start + timedelta(
                                           seconds=60))}, pk="source")
    reschedule(db, config, DaemonConfig(jitter=0.5, jitter_max=20), start, random.Random(3),
               names=["a", "b"])
    due = {r["source"]: r["next_due_at"] for r in db.table("feed_state").rows}
    assert due["a"] == due["b"] != iso(start + timedelta(seconds=60))
    assert due["c"] == iso(start + timedelta(seconds=60))  # another crawl's source: untouched


def test_adaptive_interval_follows_publishing_within_bounds(tmp_path: Path) -> None:


    _, db = _unit_db(tmp_path)
    now = datetime(2026, 1, 8, tzinfo=UTC)
    cfg = AdaptiveConfig(enabled=True, window=7 * 86400, min_interval=600, max_interval=86400)
    assert adaptive_interval(db, "a", cfg, now) == 86400  # nothing published: the maximum
    db.table("articles").insert_all([{"url": f"http://a.example/{i}", "source": "a",
                                "status": "extracted", "fetched_at": iso(now),
                                "published": iso(now - timedelta(hours=i))} for i in range(28)])
    assert adaptive_interval(db, "a", cfg, now) == 7 * 86400 / 28  # 6 hours
    db.table("articles").insert_all([{"url": f"http://a.example/x{i}", "source": "a",
                                "status": "extracted", "fetched_at": iso(now),
                                "published": iso(now)} for i in range(5000)])
    assert adaptive_interval(db, "a", cfg, now) == 600  # busy feed: the minimum


def test_daemon_lock_is_exclusive_and_released(tmp_path: Path) -> None:

    database = tmp_path / "w.db"
    with DaemonLock(database):
        with pytest.raises(AlreadyRunning, match="already running"):
            DaemonLock(database).acquire()
    with DaemonLock(database):  # released on exit
        pass


def test_daemon_settings_are_validated() -> None:


    assert DaemonConfig.model_validate({"tick_budget": "5m"}).tick_budget == 300
    with pytest.raises(ValidationError):
        DaemonConfig.model_validate({"tick_budgit": 5})
    with pytest.raises(ValidationError):
        DaemonConfig.model_validate({"min_wait": 10, "max_wait": 5})


# -- crashes and stops ------------------------------------------------------------------------

def test_sigkill_mid_tick_then_restart_loses_and_doubles_nothing(tmp_path: Path) -> None:
    with NewsSite(DEFAULT_MANIFEST) as site:
        config = write_daemon_config(tmp_path, site, {FAST: 1}, crawl={"max_articles_per_feed": 3})
        db = tmp_path / "watchpost.db"
        daemon = DaemonProcess(config)
        try:
            wait_until(lambda: daemon.ticks("ok"), 30, "the first tick", daemon)
            quick = site.publish(FAST, {"id": "kill-quick", "title": "FC convoy ambushed near "
                                        "Turbat", "body": "An FC convoy was ambushed near Turbat "
                                        "on Tuesday.\n\nOfficials said three soldiers died."})
            slow = site.publish(FAST, {"id": "kill-slow", "title": "Grenade attack in Khuzdar "
                                       "market", "body": "A grenade was hurled at a shop in "
                                       "Khuzdar.\n\nFour people were injured, police said."})
            site.hang(slow, 30)
            # The quick page was served and the slow one hangs: the tick is mid-flight, its
            # articles buffered but not written.
            wait_until(lambda: requests_to(site, quick), 15, "the tick to fetch the new page")
            child = daemon.heartbeat().get("tick_pid")
            assert child
            daemon.proc.kill()
            daemon.proc.wait(timeout=10)
            # The orphaned tick notices its parent died and kills itself.
            wait_until(lambda: process_gone(child), 5, "the orphaned tick to die")
        finally:
            daemon.stop()
        site.clear(slow)
        restarted = DaemonProcess(config)
        try:
            def stored() -> list[dict[str, Any]]:
                rows = query(db, "SELECT url, status FROM articles WHERE url LIKE ? OR url "
                                 "LIKE ?", (f"%{quick}", f"%{slow}"))
                return rows if len(rows) == 2 else []

            rows = wait_until(stored, 30, "both reports after the restart")
            assert {r["status"] for r in rows} == {"extracted"}
            urls = [r["url"] for r in query(db, "SELECT url FROM articles")]
            assert len(urls) == len(set(urls))
        finally:
            restarted.stop()
        assert restarted.proc.returncode == 0


def test_tick_over_budget_is_killed_and_sigterm_exits_0_within_bound(tmp_path: Path) -> None:
    with NewsSite(DEFAULT_MANIFEST) as site:
        feed = {f.name: f.path for f in site.feeds()}[FAST]
        site.hang(feed, 30)
        config = write_daemon_config(tmp_path, site, {FAST: 1}, crawl={"timeout": 20},
                              daemon={"tick_budget": 2, "stop_grace": 1})
        daemon = DaemonProcess(config)
        try:
            timeout = wait_until(lambda: daemon.ticks("timeout"), 20, "a tick over budget")
            assert 2 <= timeout[0]["seconds"] < 4
            # The next crawl starts (and hangs too): SIGTERM now.
            wait_until(lambda: query(tmp_path / "watchpost.db", "SELECT id FROM crawl_runs "
                                     "WHERE status = 'running'"), 10, "the next crawl")
            child = daemon.heartbeat()["tick_pid"]
            stopping = time.monotonic()
            daemon.proc.send_signal(signal.SIGTERM)
            assert daemon.proc.wait(timeout=15) == 0
            # stop_grace 1 s, then the crawl engine is killed and its crawl recorded abandoned,
            # the outbox flushed, the heartbeat set.
            assert time.monotonic() - stopping < 5
            assert process_gone(child)
            assert daemon.ticks()[-1]["outcome"] == "abandoned"
            assert daemon.heartbeat()["state"] == "stopped"
        finally:
            daemon.stop()


# -- one daemon, several concurrent scenarios --------------------------------------------------



class Scenario:
    """The running site and daemon, plus when the daemon started."""

    def __init__(self, site: NewsSite, daemon: DaemonProcess, port: int, started: float) -> None:
        self.site, self.daemon, self.port, self.started = site, daemon, port, started
        self.paths = {f.name: f.path for f in site.feeds()}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    """A daemon polling four feeds: 2 s, 6 s, a failing one and one answering 429 once."""
    directory = tmp_path_factory.mktemp("daemon")
    with NewsSite(DEFAULT_MANIFEST) as site:
        paths = {f.name: f.path for f in site.feeds()}
        site.fail(paths[FLAKY], 500)  # until the test clears it
        site.fail(paths[LIMITED], 429, times=1, headers={"Retry-After": str(RETRY_AFTER)})
        config = write_daemon_config(directory, site, {FAST: 2, SLOW: 6, FLAKY: 1, LIMITED: 1},
                              crawl={"failure_backoff_max": 4})
        port = free_port()
        started = time.time()
        daemon = DaemonProcess(config, "--health-port", str(port))
        try:
            wait_until(lambda: daemon.ticks(), 30, "the first tick")
            yield Scenario(site, daemon, port, started)
        finally:
            daemon.stop()
    assert daemon.proc.returncode == 0, daemon.output()[-3000:]


def test_sources_are_polled_at_their_own_rates(scenario: Scenario) -> None:
    site = scenario.site
    slow = wait_until(lambda: [r.time for r in requests_to(site, scenario.paths[SLOW])][:3]
                      if len(requests_to(site, scenario.paths[SLOW])) >= 3 else None,
                      30, "three polls of the 6 s source")
    fast = [r.time for r in requests_to(site, scenario.paths[FAST]) if r.time <= slow[-1]]
    # A tick is a child process (about 2 s, more on a busy machine): polls wait for it.
    tick = max(t["seconds"] for t in scenario.daemon.ticks())
    slow_gaps = [b - a for a, b in zip(slow, slow[1:], strict=False)]
    fast_gaps = [b - a for a, b in zip(fast, fast[1:], strict=False)]
    # Due times count from a tick's start; the poll itself follows the child's start-up, whose
    # length varies by a second or so under load.
    assert all(6 - 1.5 <= gap <= 6 + 2 * tick + 1 for gap in slow_gaps), (slow_gaps, tick)
    assert fast_gaps and max(fast_gaps) <= 2 + 2 * tick + 1, (fast_gaps, tick)
    assert len(fast) > len(slow), (fast_gaps, slow_gaps)


def test_failing_source_backs_off_then_recovers(scenario: Scenario) -> None:
    site, db = scenario.site, scenario.daemon.db
    path = scenario.paths[FLAKY]
    wait_until(lambda: int(feed_state(db, FLAKY).get("failures") or 0) >= 3, 30,
               "three failed polls")
    times = [r.time for r in requests_to(site, path) if r.status == 500]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # Interval 1 s, back-off 2 s then 4 s (the cap): the source is slowed, but still polled.
    assert len(times) >= 3 and max(gaps) >= 3.5, gaps
    site.clear(path)
    wait_until(lambda: feed_state(db, FLAKY).get("failures") == 0, 12, "the source to recover")
    state = feed_state(db, FLAKY)
    assert state["last_status"] == "ok" and state["last_success_at"]


def test_retry_after_is_honoured(scenario: Scenario) -> None:
    site = scenario.site
    path = scenario.paths[LIMITED]
    limited = wait_until(lambda: [r for r in requests_to(site, path) if r.status == 429], 20,
                         "the 429 answer")
    refused_at = limited[0].time
    after = wait_until(lambda: [r for r in requests_to(site, path) if r.time > refused_at],
                       RETRY_AFTER + 10, "the poll after Retry-After")
    # Interval 1 s, but the server asked for 6 s: no request before that.
    assert after[0].time - refused_at >= RETRY_AFTER - 0.05
    assert after[0].status == 200


def test_new_report_is_stored_within_the_interval(scenario: Scenario) -> None:
    site, db = scenario.site, scenario.daemon.db
    published_at = time.monotonic()
    path = site.publish(FAST, {"id": "daemon-fresh", "title": "Levies post attacked in Kalat",
                               "body": "Gunmen attacked a Levies post in Kalat district on "
                                       "Monday night, officials said.\n\nTwo Levies personnel "
                                       "were injured and taken to the district hospital."})
    wait_until(lambda: query(db, "SELECT id FROM articles WHERE url LIKE ?", (f"%{path}",)),
               2 + 8, "the new report in the database")
    # Interval 2 s + a tick (child start-up and fetch) + margin.
    assert time.monotonic() - published_at <= 2 + 8


def test_crawl_beside_the_daemon_has_no_lock_errors(scenario: Scenario) -> None:
    before = len(scenario.daemon.ticks())
    crawl = run_cli("crawl", "--config", str(scenario.daemon.config), timeout=60)
    assert crawl.returncode == 0, crawl.stderr
    # The daemon kept ticking through it.
    wait_until(lambda: len(scenario.daemon.ticks()) > before + 1, 15, "ticks after the crawl")
    for text in (crawl.stdout + crawl.stderr, scenario.daemon.output()):
        assert "database is locked" not in text
        assert "Traceback" not in text


def test_status_reads_the_running_daemon(scenario: Scenario) -> None:
    daemon = scenario.daemon
    result = run_cli("status", "--json", "--config", str(daemon.config), timeout=30)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["daemon"]["state"] == "running"
    assert status["daemon"]["pid"] == daemon.pid
    assert status["sources"]["enabled"] == 4
    assert status["runs"] and status["ticks"]
    with urllib.request.urlopen(f"http://127.0.0.1:{scenario.port}/status", timeout=10) as rsp:
        served = json.loads(rsp.read())
        assert rsp.status == 200
    assert served["daemon"]["pid"] == daemon.pid


def test_a_second_daemon_on_the_same_database_is_refused(scenario: Scenario) -> None:
    second = DaemonProcess(scenario.daemon.config)
    try:
        assert second.proc.wait(timeout=30) == 4
    finally:
        second.stop()
    assert "already running" in second.output()
    assert str(scenario.daemon.pid) in second.output()

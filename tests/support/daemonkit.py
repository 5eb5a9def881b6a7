"""`watchpost run` as a real subprocess: its config, the process, and waiting on what it stores.

Used by the daemon tests, the crawl end-to-end tests and the daemon benchmarks (bench/).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from crawler.demo.site import DemoSite
from tests.support.cli import WATCH, WATCHPOST, write_config
from tests.support.newssite import NewsSite, RequestRecord
from tests.support.receivers import Receiver
from tests.support.rows import query
from tests.support.waiting import wait_for

T = TypeVar("T")

# Two demo feeds: the daemon tests poll the first often, the second less so.
FAST, SLOW = "courier-latest", "frontier-wire"
# Short intervals and quick reactions, so the scenarios fit in seconds.
FAST_DAEMON = {"min_wait": 0.2, "max_wait": 5, "jitter": 0, "heartbeat_interval": 1,
               "delivery_interval": 1, "stop_grace": 5, "tick_budget": 60,
               "health": {"check_interval": 1, "silent_factor": 0}}
# The environment variable holding the test webhook's signing secret.
SECRET_ENV = "WATCHPOST_TEST_WEBHOOK_SECRET"


def write_daemon_config(directory: Path, site: DemoSite, intervals: dict[str, float],
                        crawl: dict[str, Any] | None = None,
                        daemon: dict[str, Any] | None = None, **sections: Any) -> Path:
    """A config polling the named feeds of `site` at the given intervals (seconds)."""
    feeds = {f.name: f for f in site.feeds()}
    sources = [{"name": name, "url": feeds[name].url, "interval": seconds, "language": "en"}
               for name, seconds in intervals.items()]
    # Two newest entries per poll: the first tick stays short; new items come first.
    return write_config(directory, site, sources=sources,
                        crawl={"max_articles_per_feed": 2, **(crawl or {})},
                        logging={"level": os.environ.get("DBG_LEVEL", "INFO")},
                        daemon={**FAST_DAEMON, **(daemon or {})}, **sections)


def alert_config(directory: Path, site: DemoSite, receiver: Receiver,
                 interval: float = 3) -> Path:
    """The Balochistan watch and one signed instant webhook subscription, polling one feed."""
    return write_daemon_config(
        directory, site, {FAST: interval},
        watches=[WATCH],
        subscriptions=[{"name": "ops", "channel": {"type": "webhook",
                                                   "url": receiver.url + "/hook",
                                                   "secret_env": SECRET_ENV}}],
    )


class DaemonProcess:
    """A `watchpost run` subprocess with its log in a file."""

    def __init__(self, config: Path, *args: str) -> None:
        """Start the daemon on `config` (its database beside it), with extra CLI args."""
        self.config = config
        self.db = config.parent / "watchpost.db"
        self.log = config.parent / f"daemon-{time.monotonic_ns()}.log"
        command = [WATCHPOST, "run", "--config", str(config), *args]
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        """The daemon's pid."""
        return self.proc.pid

    def output(self) -> str:
        """Everything the daemon (and its ticks) logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def heartbeat(self) -> dict[str, Any]:
        """The daemon's heartbeat row ({} before it started)."""
        rows = query(self.db, "SELECT * FROM daemon_heartbeat WHERE id = 1")
        return rows[0] if rows and rows[0]["pid"] == self.pid else {}

    def ticks(self, outcome: str | None = None) -> list[dict[str, Any]]:
        """This daemon's recorded ticks, oldest first."""
        rows = query(self.db, "SELECT * FROM daemon_ticks WHERE daemon_pid = ? ORDER BY id",
                     (self.pid,))
        return [r for r in rows if outcome is None or r["outcome"] == outcome]

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it does not go (always called in a finally)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def wait_until(check: Callable[[], T], timeout: float, what: str,
               daemon: DaemonProcess | None = None, every: float = 0.1) -> T:
    """`wait_for`, with the daemon's log tail in the failure when a daemon is given."""
    context = (lambda: daemon.output()[-4000:]) if daemon else None
    return wait_for(check, timeout, what, every=every, context=context)


def process_gone(pid: int) -> bool:
    """True when `pid` no longer runs (a zombie waiting for its reaper counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError):
        return True


def requests_to(site: NewsSite, path: str) -> list[RequestRecord]:
    """The site's logged requests for one path, oldest first."""
    return [r for r in site.requests if r.path == path]

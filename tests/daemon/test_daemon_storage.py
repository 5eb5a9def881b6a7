"""The daemon on a full disk: it waits and retries instead of dying, says why on its health
endpoint, logs once per episode, and records the episode once it can write again.

The disk is a real 8 MiB tmpfs in the daemon's own mount namespace (tests/support/storagekit.py);
the test fills and frees it from outside through /proc/<pid>/root, which shows that namespace,
and reads the database from inside it (nsenter).
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crawler.storage.db import open_db
from tests.support.cli import WATCHPOST
from tests.support.ports import free_port
from tests.support.storagekit import (
    BulkSite,
    health,
    in_namespace,
    small_fs_script,
    write_bulk_config,
)
from tests.support.waiting import wait_for

QUICK = {"min_wait": "0.2s", "max_wait": "1s", "heartbeat_interval": "0.5s",
         "delivery_interval": "0.5s", "stop_grace": "5s", "jitter": 0}


class Daemon:
    """`watchpost run` in a namespace with a small tmpfs over `mount`; its log in a file."""

    def __init__(self, tmp: Path, site: BulkSite, free_kb: int) -> None:
        seed = tmp / "seed"
        seed.mkdir()
        open_db(seed / "watchpost.db").close()
        self.mount = tmp / "small"
        self.mount.mkdir()
        self.port = free_port()
        config = write_bulk_config(
            tmp, site, self.mount / "watchpost.db", daemon=QUICK, crawl={"workers": 0},
            sources=[{"name": "bulk", "url": site.feed_url, "language": "en",
                      "interval": "1s"}])
        self.log = tmp / "daemon.log"
        self._reader: subprocess.Popen[str] | None = None
        command = in_namespace(small_fs_script(self.mount, 8192, free_kb, [seed / "watchpost.db"]),
                               [WATCHPOST, "run", "--config", str(config),
                                "--health-port", str(self.port)])
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT)

    def inside(self, name: str) -> Path:
        """A file on the daemon's tmpfs, as seen from outside its namespace."""
        return Path(f"/proc/{self.proc.pid}/root{self.mount}/{name}")

    def query(self, sql: str) -> list[list[Any]]:
        """Rows from its database, read by a process inside its namespace.

        SQLite resolves the /proc/<pid>/root link to a path outside the namespace, so the
        database must be opened from within; the reader keeps its connection open, as a full
        disk has no room for the WAL index a new connection would create.
        """
        if self._reader is None:
            script = ("import json, sqlite3, sys\nconn = sqlite3.connect(sys.argv[1])\n"
                      "for line in sys.stdin:\n"
                      "    print(json.dumps(conn.execute(line).fetchall()), flush=True)\n")
            self._reader = subprocess.Popen(
                ["nsenter", "-t", str(self.proc.pid), "-U", "-m", "--", sys.executable, "-c",
                 script, str(self.mount / "watchpost.db")],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._reader.stdin is not None and self._reader.stdout is not None
        self._reader.stdin.write(sql + "\n")
        self._reader.stdin.flush()
        return list(json.loads(self._reader.stdout.readline()))

    def output(self) -> str:
        """What the daemon (and its ticks) logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def health(self) -> tuple[int, dict[str, Any]] | None:
        """Its health endpoint's answer."""
        assert self.proc.poll() is None, f"the daemon exited {self.proc.returncode}:\n" \
                                         + self.output()[-3000:]
        return health(self.port)

    def fill(self) -> None:
        """Fill its tmpfs to the last byte."""
        with self.inside("filler").open("ab", buffering=0) as handle:
            for size in (65536, 4096, 512, 1):
                with contextlib.suppress(OSError):
                    while True:
                        handle.write(b"\0" * size)

    def stop(self) -> int:
        """SIGTERM (and the reader closed); the exit code."""
        if self._reader is not None:
            self._reader.kill()
            self._reader.wait()
            self._reader = None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@contextlib.contextmanager
def daemon(tmp: Path, site: BulkSite, free_kb: int) -> Iterator[Daemon]:
    """A running daemon, stopped at the end whatever happens."""
    running = Daemon(tmp, site, free_kb)
    try:
        yield running
    finally:
        running.stop()


def waiting_on_storage(d: Daemon, attempts: int, part: str) -> dict[str, Any] | None:
    """The health document once it answers 503 for a storage episode in which `part` of the
    daemon has failed `attempts` times."""
    answer = d.health()
    if answer is None or answer[0] != 503:
        return None
    live = (answer[1].get("storage") or {}).get("daemon")
    if not live or live["failing"].get(part, 0) < attempts:
        return None
    return answer[1]


def healthy_with(d: Daemon, articles: int) -> dict[str, Any] | None:
    """The health document once it answers 200 with `articles` stored."""
    answer = d.health()
    if answer is None or answer[0] != 200:
        return None
    return answer[1] if d.query("SELECT count(*) FROM articles")[0][0] >= articles else None


def test_daemon_started_on_a_full_disk_waits_then_carries_on(tmp_path: Path) -> None:
    with BulkSite(articles=5, paragraphs=3) as site, daemon(tmp_path, site, free_kb=0) as d:
        doc = wait_for(lambda: waiting_on_storage(d, 3, "start"), timeout=60,
                       what="a 503 for the disk", context=d.output, every=0.1)
        live = doc["storage"]["daemon"]
        assert live["kind"] == "full"
        assert str(d.mount / "watchpost.db") in live["error"]
        assert d.output().count("retries with back-off") == 1  # logged once, tried 3 times
        assert "Traceback" not in d.output()

        d.inside("filler").unlink()  # room again
        doc = wait_for(lambda: healthy_with(d, 5), timeout=90, what="a healthy daemon",
                       context=d.output, every=0.1)
        episode = doc["storage"]["last_resolved"]
        assert (episode["origin"], episode["kind"]) == ("daemon", "full")
        assert episode["since"] <= episode["resolved_at"]
        assert doc["storage"]["open"] == [] and doc["storage"]["daemon"] is None
        assert d.output().count("database writable again") == 1
        assert d.stop() == 0
    assert "Traceback" not in d.output()


def test_daemon_whose_disk_fills_backs_off_and_marks_nothing_done(tmp_path: Path) -> None:
    with BulkSite(articles=3, paragraphs=3) as site, daemon(tmp_path, site, free_kb=4096) as d:
        wait_for(lambda: healthy_with(d, 3), timeout=90, what="a first tick",
                 context=d.output, every=0.1)
        d.fill()
        site.grow(40)  # long stories the disk has no room for
        # The ticks' crawls fail (exit 3) and the daemon backs off; it stays up.
        doc = wait_for(lambda: waiting_on_storage(d, 2, "tick"), timeout=90,
                       what="a 503 for the full disk", context=d.output, every=0.1)
        assert doc["storage"]["daemon"]["kind"] == "full"
        # Nothing of the new stories stored, and the feed's new ETag not kept: the next
        # tick that can write fetches them all.
        assert d.query("SELECT count(*) FROM articles") == [[3]]
        assert d.query("SELECT etag FROM feed_state") == [['"bulk-v3"']]
        failing = doc["sources"]["failing"]
        assert failing == [] or "is full" in (failing[0]["last_error"] or "")

        d.inside("filler").unlink()
        doc = wait_for(lambda: healthy_with(d, 43), timeout=120, what="the new stories stored",
                       context=d.output, every=0.1)
        assert doc["sources"]["failing"] == []
        assert d.query("SELECT etag FROM feed_state") == [['"bulk-v43"']]
        assert doc["storage"]["last_resolved"]["kind"] == "full"
        # Once per episode: the daemon's line, and at most the first refused tick's own.
        log = d.output()
        assert log.count("retries with back-off") == 1
        assert log.count("error: database") <= 1 and log.count("(exit code 3)") <= 1, log
        assert d.stop() == 0
    assert "Traceback" not in d.output()

"""The daemon's side of the crawl engine: one child process for the daemon's life.

`poll()` asks the engine to start crawls of the due sources that are not already being
crawled, and returns at once with what it started and what is busy; each crawl's end comes
back on a reader thread, which hands it to `on_finished`. A child that dies (killed, or a
bug) is reported as every busy source's crawl failing, and the next `poll()` starts a new one.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.daemon.child import PARENT_ENV
from crawler.storage.store import iso, utcnow

log = logging.getLogger(__name__)

# How long the engine may take to say what it started (it reads the due sources and opens
# one run row per feed host: milliseconds, unless the database is locked for long).
_ANSWER_SECONDS = 60.0


@dataclass(frozen=True)
class Started:
    """The engine's answer to a poll: the sources it started and those still busy."""

    sources: list[str] = field(default_factory=list)
    busy: list[str] = field(default_factory=list)
    exit_code: int | None = None
    error: str | None = None


class EngineClient:
    """Starts and talks to the crawl engine child; thread-safe."""

    def __init__(self, config_path: Path, on_finished: Callable[[dict[str, Any]], None],
                 python: str = sys.executable) -> None:
        self.command = [python, "-m", "crawler", "engine", "--config", str(config_path)]
        self.on_finished = on_finished
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._busy: set[str] = set()
        self._idle = threading.Condition(self._lock)
        self._abandoned = False

    @property
    def child_pid(self) -> int | None:
        """The engine's pid, if it runs."""
        with self._lock:
            return self._proc.pid if self._proc and self._proc.poll() is None else None

    @property
    def busy(self) -> set[str]:
        """Sources being crawled now."""
        with self._lock:
            return set(self._busy)

    def poll(self, storage_episode: bool = False,
             on_spawn: Callable[[int], None] | None = None) -> Started:
        """Start crawls of the due sources that are not busy; what started and what is busy."""
        proc, spawned = self._running()
        if spawned and on_spawn:
            on_spawn(proc.pid)
        assert proc.stdin is not None
        try:
            proc.stdin.write(json.dumps({"do": "poll", "episode": storage_episode}) + "\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return Started(exit_code=proc.poll(), error="the crawl engine is gone")
        try:
            answer = self._answers.get(timeout=_ANSWER_SECONDS)
        except queue.Empty:
            log.warning("crawl engine (pid %d) did not answer in %gs: restarted", proc.pid,
                        _ANSWER_SECONDS)
            self.abandon()
            return Started(error="no answer")
        if answer is None:
            return Started(exit_code=proc.poll(), error="the crawl engine exited")
        started = Started(answer.get("sources", []), answer.get("busy", []),
                          answer.get("exit_code"), answer.get("error"))
        with self._lock:
            self._busy.update(started.sources)
        return started

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no crawl runs (or `timeout`); True when idle."""
        with self._idle:
            return self._idle.wait_for(lambda: not self._busy, timeout)

    def abandon(self) -> bool:
        """Kill the engine now (shutdown, or a hung engine); True if crawls were running."""
        with self._lock:
            proc, busy = self._proc, bool(self._busy)
            if proc is None or proc.poll() is not None:
                return False
            self._abandoned = True
        _kill_group(proc)
        proc.wait()
        return busy

    def close(self) -> None:
        """Stop the engine: close its stdin (it stops its crawls and exits), else kill it."""
        with self._lock:
            proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            _kill_group(proc)
            proc.wait()

    def _running(self) -> tuple[subprocess.Popen[str], bool]:
        """The engine process, started if it is not running; and whether it was just started."""
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                return self._proc, False
            self._answers = queue.Queue()
            spawned: queue.Queue[subprocess.Popen[str] | BaseException] = queue.Queue()
            # Started by the thread that then reads it, for as long as it runs: the kernel's
            # parent-death signal (crawler.fetch.lifeline) follows the thread that forked the
            # child, and a scheduler's worker thread may end while the engine runs.
            threading.Thread(target=self._spawn_and_read, args=(spawned, self._answers),
                             name="engine-events", daemon=True).start()
            started = spawned.get()
            if isinstance(started, BaseException):
                raise started
            self._proc, self._abandoned = started, False
        log.debug("crawl engine started (pid %d)", started.pid)
        return started, True

    def _spawn_and_read(self, spawned: queue.Queue[subprocess.Popen[str] | BaseException],
                        answers: queue.Queue[dict[str, Any] | None]) -> None:
        env = {**os.environ, PARENT_ENV: str(os.getpid())}
        try:
            # Its own session: a terminal's Ctrl-C reaches only the daemon, which decides,
            # and killpg takes the extraction workers along.
            proc = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    env=env, start_new_session=True, text=True, bufsize=1)
        except BaseException as exc:  # the caller re-raises it
            spawned.put(exc)
            return
        spawned.put(proc)
        self._read(proc, answers)

    def _read(self, proc: subprocess.Popen[str], answers: queue.Queue[dict[str, Any] | None]
              ) -> None:
        """Read the engine's events until it exits; then fail what it left running."""
        assert proc.stdout is not None
        for line in proc.stdout:
            try:
                event = json.loads(line)
            except ValueError:
                log.warning("crawl engine said something unexpected: %r", line[:200])
                continue
            if event.get("event") == "started":
                answers.put(event)
            elif event.get("event") == "finished":
                self._finished(event)
        code = proc.wait()
        answers.put(None)
        self._gone(proc, code)

    def _finished(self, event: dict[str, Any]) -> None:
        with self._idle:
            self._busy.difference_update(event.get("sources", []))
            self._idle.notify_all()
        self.on_finished(event)

    def _gone(self, proc: subprocess.Popen[str], code: int) -> None:
        """The engine exited: its running crawls are reported failed (or abandoned)."""
        with self._lock:
            left, abandoned = sorted(self._busy), self._abandoned
        if not left:
            return
        log.log(logging.INFO if abandoned else logging.WARNING,
                "crawl engine (pid %d) exited with code %s during the crawl of %s", proc.pid,
                code, ", ".join(left))
        stamp = iso(utcnow())
        self.on_finished({"event": "finished", "run_id": None, "sources": left,
                          "started_at": stamp, "finished_at": stamp, "seconds": 0.0,
                          "outcome": "abandoned" if abandoned else "failed", "exit_code": code,
                          "error": f"crawl engine exited with code {code}", "pid": proc.pid})
        # Idle only now: a daemon stopping waits for this crawl's record.
        with self._idle:
            self._busy.clear()
            self._idle.notify_all()


def _kill_group(proc: subprocess.Popen[str]) -> None:
    """SIGKILL the engine's process group (its workers too).

    SIGKILL, not SIGTERM: each write is one transaction and a source's poll state is stored
    after its articles, so a killed crawl is simply re-done.
    """
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass

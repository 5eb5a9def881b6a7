"""The crawl tick child's side of the daemon contract: die with the daemon, never outlive it."""

from __future__ import annotations

import os
import signal
import threading

PARENT_ENV = "WATCHPOST_PARENT_PID"
POLL_SECONDS = 0.5


def watch_parent_from_env() -> None:
    """If started by the daemon, kill this process as soon as the daemon is gone."""
    wanted = os.environ.get(PARENT_ENV, "")
    if not wanted.isdigit():
        return
    parent = int(wanted)
    if os.getppid() != parent:
        # The daemon died between fork and here: abandon the tick before it starts.
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    """Poll the parent pid; SIGKILL ourselves when we are re-parented.

    SIGKILL, not SIGTERM: every write is one transaction and a source's poll state is stored
    only after its articles, so a killed tick loses nothing, while a graceful Scrapy stop would
    drop queued article requests yet still save the feed's validators.
    """
    stop = threading.Event()
    while not stop.wait(POLL_SECONDS):
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)

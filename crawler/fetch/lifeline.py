"""Child processes never outlive their parent: a killed crawl takes its workers along."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading

from crawler.fetch.libc import libc

POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """SIGKILL this process as soon as `parent` is gone (at once if it already is).

    On Linux the kernel does it (PR_SET_PDEATHSIG); elsewhere a daemon thread polls the
    parent pid. SIGKILL, not SIGTERM: every write is one transaction and a source's poll
    state is stored only after its articles, so nothing is lost, while a graceful stop could
    still save a feed's validators with articles unstored.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    # Checked after arming: a parent that died before then sent no signal.
    if os.getppid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()


def _watch(parent: int) -> None:
    """Poll the parent pid; SIGKILL ourselves when we are re-parented.

    Kept on Linux too: the kernel's signal follows the parent *thread* that started us.
    """
    stop = threading.Event()
    while not stop.wait(POLL_SECONDS):
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)

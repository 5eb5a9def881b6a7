"""The crawl tick child's side of the daemon contract: die with the daemon, never outlive it."""

from __future__ import annotations

import os

from crawler.fetch.lifeline import die_with_parent

PARENT_ENV = "WATCHPOST_PARENT_PID"


def watch_parent_from_env() -> None:
    """If started by the daemon, kill this process as soon as the daemon is gone.

    A tick whose daemon died between fork and here is abandoned before it starts.
    """
    wanted = os.environ.get(PARENT_ENV, "")
    if wanted.isdigit():
        die_with_parent(int(wanted))

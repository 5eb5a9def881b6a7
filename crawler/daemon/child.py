"""The daemon's children's side of the contract (the crawl engine, a `watchpost crawl` it
starts): die with the daemon, never outlive it, and leave a storage episode the daemon already
reported to the daemon."""

from __future__ import annotations

import os

from crawler.fetch.lifeline import die_with_parent

PARENT_ENV = "WATCHPOST_PARENT_PID"
# Set by the daemon while its database refuses writes: the tick's own storage error is then
# not printed again on every retry (the daemon logged the episode once, and reads the cause
# back from the crawl's record).
STORAGE_EPISODE_ENV = "WATCHPOST_STORAGE_EPISODE"


def storage_episode_reported() -> bool:
    """True in a tick started while the daemon's storage episode is open."""
    return os.environ.get(STORAGE_EPISODE_ENV) == "1"


def watch_parent_from_env() -> None:
    """If started by the daemon, kill this process as soon as the daemon is gone.

    A tick whose daemon died between fork and here is abandoned before it starts.
    """
    wanted = os.environ.get(PARENT_ENV, "")
    if wanted.isdigit():
        die_with_parent(int(wanted))

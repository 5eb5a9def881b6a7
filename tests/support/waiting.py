"""Waiting for a condition: poll with a deadline, never a fixed sleep."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_for(check: Callable[[], T], timeout: float = 10.0, what: str = "the condition",
             every: float = 0.01, context: Callable[[], str] | None = None) -> T:
    """Poll `check` until it returns something truthy and return that.

    At the deadline fail naming `what`, followed by `context()` (e.g. a daemon's log tail).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            detail = f"\n{context()}" if context else ""
            raise AssertionError(f"timed out after {timeout}s waiting for {what}{detail}")
        time.sleep(every)

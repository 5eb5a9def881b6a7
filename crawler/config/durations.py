"""Durations as config spells them: `90`, `"90s"`, `"15m"`, `"2h"`, `"1d"`.

Its own module so every config section (the main one, `daemon:`) can use it without a cycle.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def parse_duration(value: Any) -> float:
    """Turn `90`, `"90s"`, `"15m"`, `"2h"` or `"1d"` into seconds."""
    if isinstance(value, bool):
        raise ValueError("a duration is a number of seconds or a string like '15m'")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(f"{value!r} is not a duration (e.g. 90, '90s', '15m', '2h', '1d')")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    return seconds


Duration = Annotated[float, BeforeValidator(parse_duration)]


_SAY_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def say_duration(seconds: float) -> str:
    """A duration as config spells it, to the second and in at most two units: `15s`,
    `1m30s`, `2h`, `18h40m` (never `0.25m`)."""
    left = max(round(seconds), 0)
    if left == 0:
        return "0s" if seconds <= 0 else f"{round(seconds * 1000)}ms"
    parts: list[str] = []
    for unit, size in _SAY_UNITS:
        if left >= size and len(parts) < 2:
            parts.append(f"{left // size}{unit}")
            left %= size
        elif parts:
            break  # two units at most, and adjacent: `1h30m`, never `1h5s`
    return "".join(parts)


def say_every(seconds: float, why: str | None = None) -> str:
    """A poll interval and its reason: `every 15s`, `every 1m (feed ttl)`."""
    return f"every {say_duration(seconds)}" + (f" ({why})" if why else "")

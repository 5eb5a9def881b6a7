"""Helpers for toll tests: one sentence's tolls, and each case as written and in wire capitals."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.incidents.facts.numbers import figures_in
from crawler.incidents.facts.tolls import aggregate

KINDS = ("killed", "injured", "militants", "abducted")


def tolls(text: str) -> dict[str, int | None]:
    """One sentence's tolls, as a report made of it would give them."""
    figures = figures_in(text)
    return {kind: aggregate(figures, kind) for kind in KINDS}


def as_written_and_upper(cases: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    """Each case as written and in upper-case wire style."""
    return [
        pytest.param(text.upper() if upper else text, want,
                     id=f"{text[:40]}|{'UP' if upper else 'mixed'}")
        for text, want in cases
        for upper in (False, True)
    ]


def cased(cases: list[tuple[Any, ...]], text_at: int = 0, prefix: str = "") -> list[Any]:
    """Each case as written and in upper-case wire style: the item at `text_at` is the text."""
    out = []
    for case in cases:
        text = str(case[text_at])
        for upper in (False, True):
            items = list(case)
            items[text_at] = text.upper() if upper else text
            out.append(pytest.param(*items, id=f"{prefix}{text[:36]}|{'UP' if upper else 'mixed'}"))
    return out

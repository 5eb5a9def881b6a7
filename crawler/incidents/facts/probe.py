"""Cheap substring pre-checks that rule out a regex before it scans a text.

re has no fast literal scan for an IGNORECASE alternation or a pattern opening with a look-behind
or \\b: it tries the pattern at every character. Most sentences hold none of the literals such a
pattern needs, and `in` on a lower-cased copy finds that out in C. A check here only ever says
"cannot match"; the regex still decides every text that passes it, so results are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Under re.IGNORECASE these match an ASCII letter but do not lower-case to it (dotted and
# dotless i, long s, Kelvin sign): in a text holding one, a lower-cased needle may be missed.
_ODD_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")


def lowered(text: str) -> str | None:
    """`text` lower-cased for needle checks, or None when such checks would not be exact."""
    return None if _ODD_FOLDS.search(text) else text.lower()


def needles_of(forms: Iterable[str]) -> tuple[str, ...] | None:
    """Lower-cased needles for literal forms matched case-insensitively; None if any is not ASCII.

    Only ASCII letters have case partners re treats specially (see _ODD_FOLDS); a non-ASCII
    form could match text whose lower-cased copy does not contain it.
    """
    forms = tuple(forms)
    if not all(f.isascii() for f in forms):
        return None
    return tuple(f.lower() for f in forms)


def may_contain(low: str | None, needles: tuple[str, ...] | None) -> bool:
    """False only when `low` (from lowered()) certainly holds none of the needles."""
    if low is None or needles is None:
        return True
    # map over a bound C method: no Python frame per needle (most texts test them all).
    return any(map(low.__contains__, needles))


class Gated:
    """A regex with literals every match of it contains, looked for first.

    The needles are stated beside each pattern (one or more per branch;
    tests/incidents/test_facts.py checks them on every sentence of the fixtures), or are the
    forms of a literal alternation.
    For an IGNORECASE pattern they are looked for lower-cased in lowered(text), else in `text`.
    """

    __slots__ = ("folded", "needles", "pattern")

    def __init__(self, pattern: re.Pattern[str], needles: Iterable[str]) -> None:
        self.pattern = pattern
        self.folded = bool(pattern.flags & re.IGNORECASE)
        self.needles: tuple[str, ...] | None = (
            needles_of(needles) if self.folded else tuple(needles)
        )

    def passes(self, text: str, low: str | None) -> bool:
        """False only when no match is possible (`low`: lowered(text), or None if unknown)."""
        if not self.folded:
            return self.needles is None or any(map(text.__contains__, self.needles))
        return may_contain(low, self.needles)

    def search(self, text: str, low: str | None) -> re.Match[str] | None:
        """pattern.search(text), skipped when the needles say it cannot match."""
        return self.pattern.search(text) if self.passes(text, low) else None

    def finditer(self, text: str, low: str | None) -> Iterator[re.Match[str]]:
        """pattern.finditer(text), skipped when the needles say it cannot match."""
        return self.pattern.finditer(text) if self.passes(text, low) else iter(())

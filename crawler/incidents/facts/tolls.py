"""One report's tolls from its casualty figures: totals, sub-attack sums, conservative choices."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from crawler.incidents.facts.numbers import Figure


def aggregate(figures: Iterable[Figure], kind: str, multi_attack_lead: bool = False) -> int | None:
    """One report's figure of `kind`: explicit totals, else sub-attacks summed, conservatively."""
    own = [f for f in figures if f.kind == kind]
    if not own:
        return None
    firm = [f for f in own if not f.disputed]
    if not firm:
        # Only contested figures (a claimant's boast, "residents said"): keep the lowest.
        return min(f.n for f in own)
    totals = [f.n for f in firm if f.total and not f.more]
    if totals:
        return max(totals)
    by_segment: dict[int, int] = {}
    for seg in sorted({f.segment for f in firm}):
        in_seg = [f for f in firm if f.segment == seg]
        base = max((f.n for f in in_seg if not f.more), default=0)
        by_segment[seg] = base + sum(f.n for f in in_seg if f.more)
    overall = max(by_segment.values())
    if len(by_segment) == 1:
        return overall
    first = min(by_segment)
    if multi_attack_lead:
        # The lead already totals several attacks; later segments are its parts.
        return max(by_segment[first], sum(v for s, v in by_segment.items() if s != first))
    return sum(by_segment.values())


def mention_sentences(figures: Sequence[Figure], kind: str) -> str:
    """The sentence that gave the largest figure of `kind`, for the 'why' of a record."""
    own = sorted((f for f in figures if f.kind == kind), key=lambda f: -f.n)
    return own[0].sentence if own else ""

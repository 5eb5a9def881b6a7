"""One report's tolls from its casualty figures: totals, sub-attack sums, conservative choices."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from crawler.incidents.facts.numbers import Figure

# How a report holds its killed figure (Facts.toll_basis), for merging: a revision raises an
# incident's toll, a statement may correct it, a passing mention never lowers it.
STATED, REVISED, MENTION = "stated", "revised", "mention"


def _current(figures: Iterable[Figure], kind: str) -> list[Figure]:
    """The figures of `kind` the report still stands by (earlier, superseded counts left out;
    a zero about one group while others were hurt; people hurt without a number)."""
    every = list(figures)
    hurt = {f.kind for f in every if (f.n or f.vague) and not (f.group_zero or f.disputed)}
    own = [f for f in every if f.kind == kind and not f.vague
           and not (f.group_zero and hurt.intersection(f.covers))]
    return [f for f in own if not f.superseded] or own


def aggregate(figures: Iterable[Figure], kind: str, multi_attack_lead: bool = False) -> int | None:
    """One report's figure of `kind`: explicit totals, else sub-attacks summed, conservatively."""
    own = _current(figures, kind)
    if not own:
        return None
    firm = [f for f in own if not f.disputed]
    if not firm:
        # Only contested figures (a claimant's boast, "could not be verified"): keep the lowest,
        # unless one is the running total the others raised ("has risen to eight after two
        # bodies were found, local sources said").
        running = [f.n for f in own if f.total and not f.more]
        return max(running) if running else min(f.n for f in own)
    totals = [f.n for f in firm if f.total and not f.more and not f.unofficial]
    if not totals and all(f.unofficial for f in firm if not f.more):
        # Only residents' or witnesses' counts: their running total stands over the bodies
        # that raised it ("has risen to eleven after three bodies were found").
        totals = [f.n for f in firm if f.total and not f.more]
    if totals:
        return max(totals)
    by_segment = {
        seg: _segment_toll([f for f in firm if f.segment == seg])
        for seg in sorted({f.segment for f in firm})
    }
    overall = max(by_segment.values())
    if len(by_segment) == 1:
        return overall
    first = min(by_segment)
    if multi_attack_lead:
        # The lead already totals several attacks; later segments are its parts.
        return max(by_segment[first], sum(v for s, v in by_segment.items() if s != first))
    return sum(by_segment.values())


def _segment_toll(figures: Sequence[Figure]) -> int:
    """One attack's toll: the largest official count, plus those counted beyond it.

    Residents' or witnesses' counts stand in only when no official one is given (the lowest of
    them). Figures beyond the count ("two more died", "was also killed") add to it, unless a
    smaller count and they make up the largest one: "ten killed" then "six in one village, four
    more in the next" is ten.
    """
    official = [f.n for f in figures if not f.more and not f.unofficial]
    weak = [f.n for f in figures if not f.more and f.unofficial]
    extra = sum(f.n for f in figures if f.more)
    base = max(official) if official else min(weak, default=0)
    if extra and any(part + extra == base for part in official + weak if part < base):
        return base
    return base + extra


def toll_basis(figures: Sequence[Figure]) -> str:
    """How the report gives its killed toll: 'revised', 'mention', 'stated', or '' (none)."""
    own = [f for f in _current(figures, "killed") if not f.disputed] or _current(figures, "killed")
    if not own:
        return ""
    if any(f.rising for f in own):
        return REVISED
    if all(f.mention for f in own):
        return MENTION
    return STATED


def mention_sentences(figures: Sequence[Figure], kind: str) -> str:
    """The sentence behind the figure of `kind` the report stands by, for the 'why' of a record."""
    own = _current(figures, kind)
    firm = [f for f in own if not f.disputed] or own
    ranked = sorted(firm, key=lambda f: (not f.total, -f.n))
    return ranked[0].sentence if ranked else ""


"""One watch's verdict on one scanned document: rules, key sentence, region, score, snippet.

The steps, cheapest first; a document failing one is not looked at further:
  1. keyword rules: language, any/regex, every all-group, none (a none phrase holding a term,
     "heart attack", cancels that term only; any other none hit excludes the document);
  2. with `lead`: an event term in the title, dateline or the first sentences of the text (the
     key sentence need not be the first), and each all-group term outside background sentences;
     with `new_incidents`: the key sentence reports a new incident, not a drill, a court case, a
     commemoration, a statement about an earlier attack or a count over a period, and
     political violence, not ordinary crime, sport, an animal, the weather or an accident
     (see keysentence);
  3. the region rule, the primary place and proximity (see region);
  4. the score against `min_score`.
"""

from __future__ import annotations

import bisect
import json
import operator
import re
from datetime import datetime
from typing import Any

from crawler.clock import iso
from crawler.config.watches import WatchConfig
from crawler.geo import Gazetteer
from crawler.geo.placescore import Layout
from crawler.matching.keysentence import (
    clause_starts,
    event_sentences,
    in_news,
    new_incident_reasons,
)
from crawler.matching.records import CompiledWatch, Hit, Match, PlaceHit, Scan
from crawler.matching.region import near, region_rule
from crawler.models import Document

__all__ = ["CompiledWatch", "Hit", "Match", "PlaceHit", "Scan", "build_watch", "judge",
           "snippet", "verdict_fields"]

SNIPPET_CHARS = 300
_START = operator.attrgetter("start")


def build_watch(config: WatchConfig, index: int, region: frozenset[str], gazetteer: Gazetteer,
                regexes: tuple[re.Pattern[str], ...]) -> CompiledWatch:
    """A compiled watch: its neutral places, a readable region label and, where that alone
    decides, its verdict on a document without any of its terms."""
    neutral = frozenset(a.id for r in region for a in gazetteer.ancestors(r)) - region
    label = " or ".join(sorted(gazetteer.get(r).name for r in region)) or "(anywhere)"
    watch = CompiledWatch(config, index, region, neutral, regexes, label)
    rules = config.keywords
    if not regexes and (rules.any or rules.all):
        empty = Scan("", {}, list, lambda: Layout("", 0, 0, None, 0, ()))
        verdict = judge(watch, empty, Document(title="", text=""), gazetteer)
        watch = CompiledWatch(config, index, region, neutral, regexes, label, verdict)
    return watch


def judge(watch: CompiledWatch, scan: Scan, doc: Document, gazetteer: Gazetteer) -> Match:
    """Decide whether one watch matches the scanned document, and say why."""
    if watch.no_hits is not None and watch.index not in scan.terms and not watch.config.language:
        return watch.no_hits
    config = watch.config
    hits = [Hit(*raw) for raw in scan.terms.get(watch.index, ())]
    hits += [
        Hit(rx.pattern, "regex", m.start(), m.end())
        for rx in watch.regexes
        for m in rx.finditer(scan.full)
        if m.end() > m.start()
    ]
    hits.sort(key=_START)
    hits, why_not = _keyword_rules(config, hits, doc)
    if why_not:
        # The keyword rules already fail: skip places, layout and snippet (the common, cheap case).
        return Match(config.name, False, 0.0, tuple(hits), (), None, "", tuple(why_not))
    found = sorted({h.term for h in hits if h.group not in ("none", "near")})
    why = [f"terms: {', '.join(found[:8])}"] if found else []
    positive = [h for h in hits if h.group in ("any", "regex")]
    events, clauses = _event_rules(config, scan, hits, positive, doc, why_not)
    inside, strength, primary = region_rule(watch, scan.places, gazetteer, scan.full, events,
                                            why, why_not)
    if config.near is not None and not why_not:
        # An event sentence's casualty or attack clause stands for the watch's words too.
        near_terms = [h for h in hits if h.group == "near"] if config.near.terms else \
            positive + clauses
        if not near(scan.full, near_terms, inside, config.near.within):
            why_not.append(
                f"no term within {config.near.within} words of a place in {watch.region_label}"
            )
    score = round(min(1.0, len(found) / 3) * strength, 3)
    if score < config.min_score and not why_not:
        why_not.append(f"score {score} is below min_score {config.min_score}")
    why.append(f"score {score}")
    shown = [(h.start, h.end) for h in hits] + [(p.start, p.end) for p in (inside or scan.places)]
    return Match(
        watch=config.name,
        matched=not why_not,
        score=score,
        terms=tuple(hits),
        places=tuple(scan.places),
        primary_place=primary,
        snippet=snippet(scan.full, shown),
        reasons=tuple(why_not or why),
    )


def _keyword_rules(config: WatchConfig, hits: list[Hit], doc: Document
                   ) -> tuple[list[Hit], list[str]]:
    """The hits left once none phrases cancel the terms inside them, and why the keyword
    rules fail (empty: they hold)."""
    rules = config.keywords
    why_not: list[str] = []
    language = (doc.language or "").split("-")[0].lower()
    if config.language and language and language not in config.language:
        why_not.append(f"language {language!r} is not one of {', '.join(config.language)}")
    excluding: list[Hit] = []
    nones = [h for h in hits if h.group == "none"]
    if nones:
        cancelled: set[int] = set()
        for n in nones:
            inner = [i for i, h in enumerate(hits) if h.group != "none"
                     and n.start <= h.start and h.end <= n.end]
            cancelled.update(inner)
            if not inner:
                excluding.append(n)
        hits = [h for i, h in enumerate(hits) if i not in cancelled]
    groups = {h.group for h in hits}
    if (rules.any or rules.regex) and not groups & {"any", "regex"}:
        why_not.append("no term of keywords.any/regex found")
    for i, group in enumerate(rules.all):
        if f"all[{i}]" not in groups:
            why_not.append(f"no term of keywords.all[{i}] ({_short(group)})")
    if excluding:
        why_not.append(f"excluded by {excluding[0].term!r}")
    return hits, why_not


def _event_rules(config: WatchConfig, scan: Scan, hits: list[Hit], positive: list[Hit],
                 doc: Document, why_not: list[str]
                 ) -> tuple[list[tuple[int, int]], list[Hit]]:
    """The lead, outcome and new-incident rules; returns the event sentences and their
    casualty or attack clauses (as hits of the group "clause")."""
    rules = config.keywords
    lead_terms = positive or [h for h in hits if h.group.startswith("all")]
    if not (rules.lead or rules.new_incidents) or not lead_terms:
        return [], []
    page = scan.layout()
    told = clause_starts(page)
    events = event_sentences(page, sorted([h.start for h in lead_terms] + told))
    clauses = [Hit("(casualty or attack)", "clause", at, at + 1) for at in told
               if any(start <= at < end for start, end in events)]
    if rules.lead:
        if not events:
            why_not.append("no keyword term in title/dateline/lead or the first sentences "
                           "(only further down or in background)")
        for i in range(len(rules.all)):
            if not any(h.group == f"all[{i}]" and in_news(page, h.start) for h in hits):
                why_not.append(f"keywords.all[{i}] found only in background sentences")
    if rules.new_incidents and events and not why_not:  # else it fails already
        published = doc.published.date() if doc.published else None
        why, kind = new_incident_reasons(page, tuple(events), published)
        if why:
            why_not.append(f"not a new incident: the key sentence reports {why}")
        if kind:
            why_not.append(f"not political violence: the key sentence reports {kind}")
    return events, clauses


def snippet(full: str, spans: list[tuple[int, int]], size: int = SNIPPET_CHARS) -> str:
    """About `size` characters around the densest cluster of spans, each marked [like this]."""
    spans = sorted(set(spans))
    if not spans:
        return " ".join(full[:size].split())
    # Spans starting in [start, start + window) of each span, counted by bisection; the densest
    # cluster wins, the first one on ties.
    starts = [start for start, _ in spans]
    window = size - 60
    counts = [
        max(1, bisect.bisect_left(starts, start + window) - i) for i, start in enumerate(starts)
    ]
    best = counts.index(max(counts))
    begin = max(0, spans[best][0] - 60)
    begin = full.rfind(" ", 0, begin) + 1 if begin else 0
    end = min(len(full), begin + size)
    if end < len(full) and " " in full[end - 30 : end]:
        end = full.rfind(" ", end - 30, end)
    pieces, cursor = [], begin
    for start, stop in spans:
        if start < cursor or stop > end:
            continue
        pieces += [full[cursor:start], "[", full[start:stop], "]"]
        cursor = stop
    pieces.append(full[cursor:end])
    text = " ".join("".join(pieces).split())
    return ("… " if begin > 0 else "") + text + (" …" if end < len(full) else "")


def _short(terms: tuple[str, ...]) -> str:
    """A few terms of a group, for messages."""
    return ", ".join(terms[:4]) + (", ..." if len(terms) > 4 else "")


def verdict_fields(match: Match, now: datetime) -> dict[str, Any]:
    """A verdict's columns but its article id (extraction workers render them before it exists)."""
    place = match.primary_place
    # Hits are flat records: their __dict__ is what asdict() would build, at a tenth the cost.
    return {
        "watch": match.watch, "matched": int(match.matched),
        "score": round(match.score, 4),
        "primary_place_id": place.id if place else None,
        "primary_place": place.name if place else None,
        "terms": json.dumps([vars(h) for h in match.terms], ensure_ascii=False),
        "places": json.dumps([vars(p) for p in match.places], ensure_ascii=False),
        "snippet": match.snippet, "reasons": json.dumps(list(match.reasons), ensure_ascii=False),
        "matched_at": iso(now),
    }

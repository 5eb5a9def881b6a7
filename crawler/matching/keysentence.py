"""The key sentence of a report: where it says what happened, and whether that is a new incident.

News says what happened early, though not always in the first sentence: a lead may open with
an official's reaction and give the attack in the next sentence. The *event sentences* are the
title's and those of the first EARLY_SENTENCES sentences of the text that hold an event term and
are not background; the *key sentence* is the first of them in the text (the title when the
text has none).

A report may tell its event without the watch's words: "the bodies of four men with gunshot
wounds were found", "three rockets were fired at a base", "Maoists killed a former village
head", with "attack" or "militants" only further down or in background. When no early sentence
holds a term, the early sentences with such a casualty or attack clause are the event
sentences (the keyword rules still need the terms somewhere).

A report is not a new incident when its key sentence is framed as something else: a drill, a
court case, a commemoration, a statement about an earlier attack or a count over a period (see
crawler.incidents.newness). Another early event sentence can still show a fresh incident: one
with a casualty and a fresh time of its own ("Separately, gunmen killed two policemen in Turbat
on Monday"). Nor is it political violence when the key sentence tells ordinary crime, a match,
an animal, the weather or an accident (see crawler.matching.political).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from datetime import date

from crawler.geo.placescore import Layout
from crawler.incidents.facts.probe import lowered
from crawler.incidents.newness import framing, fresh_amid_period, fresh_casualty, is_revision
from crawler.matching.political import not_political

EARLY_SENTENCES = 4  # sentences of the text where the key sentence may stand
_SENTENCE_END = re.compile(r"[.?!][\"”’']?\s+|\n\s*")
# A casualty or an attack told plainly, with or without the watch's words.
_EVENT_CLAUSE = re.compile(
    r"\b(?:killed|killing|shot dead|shot and killed|gunned down|martyred|executed|beheaded|"
    r"slaughtered|massacred|assassinated|murdered|(?:hacked|stabbed|burnt|burned|beaten) to death|"
    r"lynched|abducted|abducting|kidnapped|kidnapping|wounded|wounding|injured|injuring|"
    r"came under (?:heavy |intense |sustained )?(?:fire|attack|gunfire|shelling)|"
    r"fired (?:on|at|upon|into)|opened fire|"
    r"bod(?:y|ies)\b[^.]{0,80}?\b(?:gunshot|bullet|shot|tortur\w*|blindfold\w*|hands tied|"
    r"beheaded|mutilated)|"
    r"(?:rockets?|missiles?|mortars?|mortar (?:rounds|shells|bombs)|shells|grenades?|drones?|"
    r"projectiles|katyushas?)\b[^.]{0,60}?\b(?:fired|launched|lobbed|hurled|dropped|landed|"
    r"hit|struck|slammed|exploded|went off))\b",
    re.IGNORECASE,
)
_EVENT_CLAUSE_LOW = re.compile(_EVENT_CLAUSE.pattern)


@functools.lru_cache(maxsize=32)
def early_end(page: Layout) -> int:
    """Where the first EARLY_SENTENCES sentences of the text end (an offset into page.full).

    Sentences end as the layout's do (". ", "? ", "! ", a line end, a closing quote); only ends
    are needed here, so one search per sentence rather than Layout.sentence's look back.
    """
    full, position = page.full, page.text_start
    for _ in range(EARLY_SENTENCES):
        found = _SENTENCE_END.search(full, position)
        if found is None:
            return len(full)
        position = found.end()
    return position


def event_sentences(page: Layout, starts: Sequence[int]) -> list[tuple[int, int]]:
    """The title's and the early text's sentences holding a term at one of `starts`, in order;
    sentences in the background zone are left out (see in_news)."""
    limit: int | None = None  # found only for a term past the lead: most stop before
    found: list[tuple[int, int]] = []
    seen_end = -1
    for start in sorted(starts):
        if start < seen_end:
            continue  # another term of a sentence already judged
        if start >= page.lead_end:
            limit = early_end(page) if limit is None else limit
            if start >= limit:
                break
        span = page.sentence(start)
        seen_end = span[1]
        if in_news(page, start, span):
            found.append(span)
    return found


def clause_starts(page: Layout) -> list[int]:
    """Where the title and the early text tell a casualty or an attack plainly (see
    _EVENT_CLAUSE): event sentences whatever the watch's words."""
    return list(_clause_starts(page.full, page.title_end, page.text_start, early_end(page)))


@functools.lru_cache(maxsize=32)
def _clause_starts(full: str, title_end: int, text_start: int, end: int) -> tuple[int, ...]:
    """clause_starts, once per document (every watch asks): the pattern runs on the
    lower-cased text, where a case-sensitive alternation is several times faster."""
    found: list[int] = []
    for start, stop in ((0, title_end), (text_start, end)):
        part = full[start:stop]
        low = lowered(part)
        if low is None or len(low) != len(part):
            found += [start + m.start() for m in _EVENT_CLAUSE.finditer(part)]
        else:
            found += [start + m.start() for m in _EVENT_CLAUSE_LOW.finditer(low)]
    return tuple(found)


def in_news(page: Layout, offset: int, span: tuple[int, int] | None = None) -> bool:
    """The offset stands outside background, or in a sentence that revises a toll ("the toll
    from last month's bombing rose to 25" names an old event to give news of it) or tells a
    casualty at a fresh time beside a period's count ("gunmen shot dead a teacher on Monday,
    the ninth such killing this year"). `span` is the offset's sentence when the caller has
    it."""
    if page.zone(offset) != "background":
        return True
    start, end = span or page.sentence(offset)
    sentence = page.full[start:end]
    return is_revision(sentence) or fresh_amid_period(sentence)


def _without_dateline(page: Layout, span: tuple[int, int]) -> str:
    """The sentence's text after the dateline it may open with ("KARACHI, 3 MAR 25 (APP) --"
    dates the filing, not the event)."""
    start, end = span
    if page.dateline and start <= page.dateline[0] < end:
        start = max(start, page.dateline[1])
    return page.full[start:end]


def not_political_violence(page: Layout, sentences: list[tuple[int, int]]) -> str | None:
    """What the key sentence tells instead of political violence (see
    crawler.matching.political), or None."""
    body = [s for s in sentences if s[0] >= page.text_start]
    if not sentences:
        return None
    key = (body or sentences)[0]
    lead = " ".join(page.full[s[0]:s[1]] for s in body)
    # The lead's first sentence says what kind of event it is even when the watch's words
    # stand in a later one ("A man was killed by his cousin over land ... The attacker fled.").
    start, end = page.sentence(page.text_start)
    told = page.full[:page.title_end] + "\n" + page.full[start:end]
    key_text = "" if start <= key[0] < end else page.full[key[0]:key[1]]  # read once
    return not_political(key_text, told, lead)


def not_new(page: Layout, sentences: list[tuple[int, int]], published: date | None) -> str | None:
    """Why the report is not a new incident (its key sentence's framing), or None."""
    body = [s for s in sentences if s[0] >= page.text_start]
    if not sentences:
        return None
    key = (body or sentences)[0]
    why = framing(_without_dateline(page, key), published)
    if why is None:
        return None
    for other in body:
        text = page.full[other[0]:other[1]]
        if other != key and framing(text, published) is None and fresh_casualty(text):
            return None
    return why


@functools.lru_cache(maxsize=64)
def new_incident_reasons(page: Layout, sentences: tuple[tuple[int, int], ...],
                         published: date | None) -> tuple[str | None, str | None]:
    """(not_new, not_political_violence) of the event sentences, once per document: every
    watch with the same event sentences asks the same."""
    return not_new(page, list(sentences), published), not_political_violence(page, list(sentences))

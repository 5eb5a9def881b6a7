"""The key sentence of a report: where it says what happened, and whether that is a new incident.

News says what happened early, though not always in the first sentence: a lead may open with
an official's reaction and give the attack in the next sentence. The *event sentences* are the
title's and those of the first EARLY_SENTENCES sentences of the text that hold an event term and
are not background; the *key sentence* is the first of them in the text (the title when the
text has none).

A report is not a new incident when its key sentence is framed as something else: a drill, a
court case, a commemoration or a statement about an earlier attack (see
crawler.incidents.newness). Another early event sentence can still show a fresh incident: one
with a casualty and a fresh time of its own ("Separately, gunmen killed two policemen in Turbat
on Monday").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from crawler.geo.placescore import Layout
from crawler.incidents.newness import framing, fresh_casualty, is_revision

EARLY_SENTENCES = 4  # sentences of the text where the key sentence may stand
_SENTENCE_END = re.compile(r"[.?!][\"”’']?\s+|\n\s*")


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


def in_news(page: Layout, offset: int, span: tuple[int, int] | None = None) -> bool:
    """The offset stands outside background, or in a sentence that revises a toll: "the toll
    from last month's bombing rose to 25" names an old event to give news of it. `span` is the
    offset's sentence when the caller has it."""
    if page.zone(offset) != "background":
        return True
    start, end = span or page.sentence(offset)
    return is_revision(page.full[start:end])


def not_new(page: Layout, sentences: list[tuple[int, int]], published: date | None) -> str | None:
    """Why the report is not a new incident (its key sentence's framing), or None."""
    body = [s for s in sentences if s[0] >= page.text_start]
    if not sentences:
        return None
    key = (body or sentences)[0]
    why = framing(page.full[key[0]:key[1]], published)
    if why is None:
        return None
    for other in body:
        text = page.full[other[0]:other[1]]
        if other != key and framing(text, published) is None and fresh_casualty(text):
            return None
    return why



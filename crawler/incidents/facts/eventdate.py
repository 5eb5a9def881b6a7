"""The incident's own date: from the clauses that tell the attack, not the report's other dates.

A report dates many things: the attack, the statement about it, the funeral, the update of the
toll, the filing of the story. The attack's date is the one whose clause tells the attack
("exploded in the market on Tuesday", "Monday's bombing", "an attack on Sept. 28"); a date
governed by a verb of reporting or of the aftermath ("said on Monday", "confirmed on Tuesday",
"funeral prayers were offered on Thursday", "the toll rose to six on Wednesday") is used only
when no other is found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from crawler.incidents.facts.context import Span
from crawler.incidents.facts.dates import DateMention, find_dates, pick_event_date
from crawler.incidents.facts.eventtypes import is_attack_sentence

# A date right after a reporting verb dates the statement, not the attack
# ("officials said on Sunday that ... on Saturday").
_REPORTING = re.compile(
    r"\b(?:said|says|told|stated|announced|confirmed|released|issued|statement|added)\b"
    r"[^.]{0,25}$",
    re.IGNORECASE,
)
_REPORTED_AFTER = re.compile(
    r"\s*,?\s*(?:said|told|announced|confirmed|stated|claimed|added)\b", re.IGNORECASE
)


def event_date(parts: Sequence[Span], anchor: date | None) -> tuple[date | None, str, str]:
    """(date, precision, evidence sentence) of the main incident: lead and attack sentences
    first, dates of statements last."""
    plain: list[tuple[DateMention, str]] = []
    reporting: list[tuple[DateMention, str]] = []
    for s in parts:
        if s.background or not (s.lead or is_attack_sentence(s.text)):
            continue
        for mention in find_dates(s.text, anchor):
            is_reporting = bool(
                _REPORTING.search(s.text[: mention.start])
                or _REPORTED_AFTER.match(s.text[mention.start + len(mention.text) :])
            )
            (reporting if is_reporting else plain).append((mention, s.text))
    found = pick_event_date(plain, anchor)
    return (
        found
        if found[0] is not None or found[1] != "unknown"
        else pick_event_date(reporting, anchor)
    )

"""Fact extraction: one news report in, one ACLED-shaped `Facts` record out.

    extract_facts(doc, gazetteer, actors=None) -> Facts

Modules: `context` (sentences, background clauses, sub-attack segments), `dates` (date
expressions) and `eventdate` (which one dates the attack), tolls read clause by clause
(`lexicon` words, `phrases` counted phrases, `roles` subject or object, `clauses` each casualty
verb with its people, `attribution` whose figure it is, `numbers` the figures of a sentence,
`tolls` a report's tolls), `actors`, `eventtypes`, `places`, `codec` (storage), and `facts`
(the record and its assembly, every fact with the sentence it came from).
"""

from __future__ import annotations

from crawler.incidents.facts.actors import ATTRIBUTED, CLAIMED, UNKNOWN, Actor, ActorDef, ActorList, Unit
from crawler.incidents.facts.facts import Facts, extract_facts

__all__ = [
    "ATTRIBUTED",
    "CLAIMED",
    "UNKNOWN",
    "Actor",
    "ActorDef",
    "ActorList",
    "Facts",
    "Unit",
    "extract_facts",
]

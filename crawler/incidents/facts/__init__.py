"""Fact extraction: one news report in, one ACLED-shaped `Facts` record out.

    extract_facts(doc, gazetteer, actors=None) -> Facts

Modules: `context` (sentences, background clauses, sub-attack segments), `dates`, `numbers`,
`actors`, `eventtypes`, `places`, and `facts` (the record and its assembly).
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

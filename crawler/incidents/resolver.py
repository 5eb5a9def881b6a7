"""What fact extraction and incident resolution need, built once per config: gazetteer, actors."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crawler.config import Config
from crawler.geo import Gazetteer, resolve_place
from crawler.incidents.facts import ActorList, Facts, extract_facts
from crawler.models import article_document


@dataclass(frozen=True)
class Resolver:
    """Everything fact extraction and incident resolution need, built once per run."""

    gazetteer: Gazetteer
    actors: ActorList
    window_days: int = 3


@lru_cache(maxsize=4)
def gazetteer_for(config: Config) -> Gazetteer:
    """The shipped gazetteer plus the config's own places and aliases, with the watches'
    countries and regions as its prior (their towns before namesakes abroad; a district the
    gazetteer lacks goes to the one watched region a report's country allows)."""
    plain = Gazetteer.load(config.places)
    regions = watch_regions(config, plain)
    countries = tuple(dict.fromkeys(plain.get(r).country_code for r in regions))
    return Gazetteer.load(config.places, countries=countries, regions=regions)


def watch_regions(config: Config, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The ids of the enabled watches' places, in config order (unknown refs skipped:
    validating them is the matcher's job)."""
    ids: list[str] = []
    for watch in config.enabled_watches():
        for _, ref, kind in watch.place_refs():
            ids.extend(p.id for p in resolve_place(gazetteer, ref, kind))
    return tuple(dict.fromkeys(ids))



@lru_cache(maxsize=4)
def build_resolver(config: Config) -> Resolver:
    """Gazetteer and actor list for fact extraction and incident resolution."""
    actors = ActorList.load(extra=[a.model_dump() for a in config.actors])
    return Resolver(gazetteer_for(config), actors, config.incidents.window_days)


def facts_of(row: dict[str, Any], resolver: Resolver) -> Facts:
    """Extract the facts of one stored article.

    The matcher's place hits are not passed: fact extraction finds places itself and keeps
    background sentences out (with the matcher's hits, 001's Indian strike sites leak in).
    """
    return extract_facts(article_document(row), resolver.gazetteer, resolver.actors)

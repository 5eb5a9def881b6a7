"""Watch rules and user places in config (pydantic models), checked against the gazetteer."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crawler.geo import Gazetteer, resolve_place
from crawler.geo.places import PlaceKind
from crawler.parse.textnorm import fold


class _Strict(BaseModel):
    """Base: unknown keys are errors and values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class KeywordRules(_Strict):
    """Boolean keyword rules; terms are case- and diacritics-insensitive and match whole words."""

    any: tuple[str, ...] = Field(
        (), description="at least one of these terms or phrases must occur (with `regex` hits)"
    )
    all: tuple[tuple[str, ...], ...] = Field(
        (), description="groups of terms; every group needs at least one hit"
    )
    none: tuple[str, ...] = Field(
        (), description="any hit of these excludes the article; a phrase holding another term "
        "('heart attack') only cancels that term"
    )
    regex: tuple[str, ...] = Field(
        (), description="Python regular expressions (case-insensitive), counted like `any` terms"
    )
    inflect: bool = Field(
        True, description="also match simple inflections: attack -> attacks, attacked, attacking"
    )
    lead: bool = Field(
        True, description="an `any`/`regex` hit must stand in the title, dateline or first "
        "sentences (not background), and each `all` group have a hit outside background"
    )
    new_incidents: bool = Field(
        True, description="the key sentence must report a new incident of political violence: "
        "not a drill, a court case, a commemoration, a statement about an earlier attack or a "
        "count over a period, nor ordinary crime, sport, an animal, the weather or an accident"
    )


class Regions(_Strict):
    """Places by kind; each name is looked up only among places of that kind."""

    countries: tuple[str, ...] = ()
    provinces: tuple[str, ...] = Field((), description="provinces, states, first-level divisions")
    districts: tuple[str, ...] = ()
    cities: tuple[str, ...] = Field((), description="cities, towns and named areas")


class NearRule(_Strict):
    """Proximity: a term must stand within `within` words of a place inside the watch's region."""

    terms: tuple[str, ...] | None = Field(
        None, description="terms to look for; default: the `any` terms and regex hits"
    )
    places: Literal[True] = Field(True, description="anchor: places of the watch region")
    within: int = Field(30, ge=1, le=500, description="maximum distance in words")


class WatchConfig(_Strict):
    """One watch: what to look for (keywords) and where it must have happened (regions/places).

    A watch matches an article when the keyword rules hold, the article happened inside the
    region (a place of the region stands in the title, dateline or lead and the primary place is
    inside it), the proximity rule holds, the language fits and the score reaches `min_score`.
    Place names may be written "Name", "Name, Parent" ("Punjab, India") or as a gazetteer id
    ("PK-BA"); each expands to all its aliases and every place inside it.
    """

    name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_.-]*$", description="unique slug, e.g. 'balochistan-attacks'"
    )
    description: str = ""
    keywords: KeywordRules = Field(default_factory=lambda: KeywordRules.model_validate({}))
    places: tuple[str, ...] = Field((), description="places of any kind (countries to areas)")
    regions: Regions = Field(default_factory=lambda: Regions.model_validate({}))
    near: NearRule | None = None
    language: tuple[str, ...] = Field(
        (), description="ISO 639-1 codes; empty = any; documents of unknown language pass"
    )
    min_score: float = Field(0.3, ge=0.0, le=1.0, description="minimum score (0..1) to match")
    enabled: bool = True

    @field_validator("language", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value

    def place_refs(self) -> list[tuple[str, str, PlaceKind | None]]:
        """Every region reference as (config path suffix, name, kind filter)."""
        refs: list[tuple[str, str, PlaceKind | None]] = [
            (f"places[{i}]", name, None) for i, name in enumerate(self.places)
        ]
        kinds: list[tuple[str, tuple[str, ...], PlaceKind]] = [
            ("countries", self.regions.countries, "country"),
            ("provinces", self.regions.provinces, "province"),
            ("districts", self.regions.districts, "district"),
            ("cities", self.regions.cities, "city"),
        ]
        for field, names, kind in kinds:
            refs.extend((f"regions.{field}[{i}]", name, kind) for i, name in enumerate(names))
        return refs


def validate_watches(watches: Sequence[WatchConfig], gazetteer: Gazetteer) -> list[str]:
    """Every problem of the watches that needs more than their shape: places, empty rules, regex."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, watch in enumerate(watches):
        at = f"watches[{index}]"
        if watch.name in seen:
            problems.append(
                f"{at}.name: duplicate watch name {watch.name!r} (also watches[{seen[watch.name]}])"
            )
        seen.setdefault(watch.name, index)
        problems.extend(_keyword_problems(watch.keywords, f"{at}.keywords"))
        refs = watch.place_refs()
        if (
            not watch.keywords.any
            and not watch.keywords.all
            and not watch.keywords.regex
            and not refs
        ):
            problems.append(f"{at}: empty rule: give keywords (any/all/regex) or places")
        if watch.near is not None:
            if not refs:
                problems.append(f"{at}.near: proximity to places needs places or regions")
            if watch.near.terms is not None:
                problems.extend(_blank_terms(watch.near.terms, f"{at}.near.terms"))
                if not watch.near.terms:
                    problems.append(f"{at}.near.terms: empty rule: list terms or leave it out")
            elif not watch.keywords.any and not watch.keywords.regex:
                problems.append(f"{at}.near: no terms: set near.terms or keywords.any")
        for suffix, ref, kind in refs:
            problems.extend(_place_problems(gazetteer, ref, kind, f"{at}.{suffix}"))
    return problems


def _keyword_problems(rules: KeywordRules, at: str) -> list[str]:
    """Blank terms, empty groups and regular expressions that do not compile."""
    problems = _blank_terms(rules.any, f"{at}.any") + _blank_terms(rules.none, f"{at}.none")
    for group_index, group in enumerate(rules.all):
        if not group:
            problems.append(f"{at}.all[{group_index}]: empty rule: a group needs at least one term")
        problems.extend(_blank_terms(group, f"{at}.all[{group_index}]"))
    for regex_index, pattern in enumerate(rules.regex):
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            problems.append(f"{at}.regex[{regex_index}]: bad regex {pattern!r}: {exc}")
            continue
        if compiled.search(""):
            problems.append(f"{at}.regex[{regex_index}]: regex {pattern!r} matches empty text")
    return problems


def _blank_terms(terms: Sequence[str], at: str) -> list[str]:
    """Terms that fold to nothing (blank, only punctuation spaces)."""
    return [f"{at}[{i}]: empty term" for i, term in enumerate(terms) if not fold(term)]


def _place_problems(gazetteer: Gazetteer, ref: str, kind: PlaceKind | None, at: str) -> list[str]:
    """Unknown or ambiguous place references, with suggestions."""
    if not fold(ref):
        return [f"{at}: empty place name"]
    found = resolve_place(gazetteer, ref, kind)
    if not found:
        what = f"unknown {kind}" if kind else "unknown place"
        suggestion = difflib.get_close_matches(
            fold(ref), gazetteer.folded_names(), n=1, cutoff=0.75
        )
        hint = f" (did you mean {gazetteer.display_name(suggestion[0])!r}?)" if suggestion else ""
        return [f"{at}: {what} {ref!r}{hint}"]
    if len(found) > 1:
        options = "; ".join(f"{p.id} ({gazetteer.label(p.id)})" for p in found[:5])
        return [f"{at}: ambiguous place {ref!r}: {options}; write 'Name, Parent' or an id"]
    return []

"""The armed groups fact extraction knows (seeds/actors.yaml plus config), and where a text names them.

Every form of every group, and of its units, goes into one Aho-Corasick automaton per case rule:
forms of at most five characters or written in capitals match in their own case (on the text as
written), longer ones in any case (on a lower-cased copy of the same length). One pass over a
report finds every form of a list of hundreds of groups; the longest form at a position wins
("Islamic State West Africa Province" hides "Islamic State").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from crawler.resources import seed

DEFAULT_ACTORS = seed("actors.yaml")
# Capital forms that are English words: in an all-capitals sentence "IS" is the verb.
_WORDS_IN_CAPITALS = frozenset({"IS", "LET", "FACT", "AS", "US", "IT", "SHANE"})
# "TTP-linked militants", "an M23-led offensive": the group named in a compound.
_HYPHEN_SUFFIX = re.compile(
    r"-(?:linked|affiliated|aligned|allied|led|inspired|loyal|affiliate)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Unit:
    """A named sub-unit of a group (STOS of the BLA, a front of FARC dissidents)."""

    name: str
    short: str = ""
    aliases: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        """Every form the unit is named by."""
        return tuple(dict.fromkeys([self.name, *self.aliases] + ([self.short] if self.short else [])))


@dataclass(frozen=True)
class ActorDef:
    """A group from the actor list: names to look for, its units and where it operates."""

    name: str
    short: str = ""
    aliases: tuple[str, ...] = ()
    units: tuple[Unit, ...] = ()
    country: str = ""
    # Forms naming this group only in a report about one of its countries (see seeds/actors.yaml).
    local_aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    part_of: str = ""

    def names(self) -> tuple[str, ...]:
        """Every form the group is named by, local ones too, longest first.

        Capital forms that are English words ("IS") are left out: callers match these names
        in any case.
        """
        forms = {self.name, *self.aliases, *self.local_aliases} | ({self.short} if self.short else set())
        return tuple(sorted((f for f in forms if f.upper() not in _WORDS_IN_CAPITALS or
                             len(f) > 5), key=len, reverse=True))

    def homes(self) -> tuple[str, ...]:
        """ISO codes of the countries the group operates in."""
        return self.countries or ((self.country,) if self.country else ())


@dataclass(frozen=True)
class Entry:
    """What one form names: a group (by index in the list), maybe a unit, maybe only locally."""

    group: int
    unit: str = ""
    local: bool = False


@dataclass(frozen=True)
class Mention:
    """A form found in a text: where, which form, and every group it may name."""

    start: int
    end: int
    form: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class ActorList:
    """The groups fact extraction recognises, loaded from YAML and extendable from config."""

    groups: tuple[ActorDef, ...] = field(default_factory=tuple)
    _index: list[Any] = field(default_factory=list, compare=False, hash=False, repr=False)
    _hash: list[int] = field(default_factory=list, compare=False, hash=False, repr=False)

    def __hash__(self) -> int:
        # Lists are cache keys (claimant_pattern): hashing hundreds of groups on every report
        # cost more than reading the report's actors.
        if not self._hash:
            self._hash.append(hash(self.groups))
        return self._hash[0]

    @classmethod
    def load(cls, path: Path | None = None, extra: Iterable[Mapping[str, Any]] = ()) -> ActorList:
        """Read `seeds/actors.yaml` (or `path`); entries of `extra` replace same-named ones."""
        raw = yaml.safe_load((path or DEFAULT_ACTORS).read_text(encoding="utf-8")) or {}
        entries = {e["name"]: e for e in raw.get("actors", [])}
        entries.update({e["name"]: e for e in extra})
        return cls(tuple(_actor_def(e) for e in entries.values()))

    def find(self, text: str) -> list[Mention]:
        """Every group or unit form in `text`, leftmost-longest, in text order."""
        if not self._index:
            self._index.append(_Automata(self.groups))
        return self._index[0].find(text)

    def group(self, name: str) -> ActorDef | None:
        """The group of that name, if listed."""
        return next((g for g in self.groups if g.name == name), None)


def _actor_def(entry: Mapping[str, Any]) -> ActorDef:
    """One YAML (or config) entry as an ActorDef; `country` is a code or a list of codes."""
    units = tuple(
        Unit(u["name"], u.get("short", ""), tuple(u.get("aliases", ())))
        for u in entry.get("units", ())
    )
    where = entry.get("country", "")
    countries = tuple(where) if isinstance(where, list | tuple) else ((where,) if where else ())
    return ActorDef(
        entry["name"],
        entry.get("short", ""),
        tuple(dict.fromkeys(entry.get("aliases", ()))),
        units,
        countries[0] if countries else "",
        tuple(dict.fromkeys(entry.get("local_aliases", ()))),
        countries,
        entry.get("part_of", ""),
    )


def _exact(form: str) -> bool:
    """Acronyms and short names match in their own case; longer names in any case."""
    return len(form) <= 5 or form.isupper()


class _Automata:
    """Two automata over every form of every group: exact case, and lower-cased."""

    def __init__(self, groups: tuple[ActorDef, ...]) -> None:
        table: dict[tuple[str, bool], list[Entry]] = {}
        for i, g in enumerate(groups):
            plain = [g.name, *g.aliases] + ([g.short] if g.short else [])
            named = [(f, Entry(i)) for f in plain] + [(f, Entry(i, local=True)) for f in g.local_aliases]
            named += [(f, Entry(i, u.name)) for u in g.units for f in u.forms()]
            for form, entry in named:
                exact = _exact(form)
                key = (form if exact else form.lower(), exact)
                if entry not in table.setdefault(key, []):
                    table[key].append(entry)
        self.exact = ahocorasick.Automaton()
        self.folded = ahocorasick.Automaton()
        for (form, exact), entries in table.items():
            if exact:
                self.exact.add_word(form, (form, False, tuple(entries)))
                # In an all-capitals sentence "Hamas" is written "HAMAS".
                if form.upper() != form and (form.upper(), True) not in table:
                    self.exact.add_word(form.upper(), (form.upper(), True, tuple(entries)))
            else:
                self.folded.add_word(form, (form, False, tuple(entries)))
        for automaton in (self.exact, self.folded):
            if len(automaton):
                automaton.make_automaton()

    def find(self, text: str) -> list[Mention]:
        """Mentions in `text`, leftmost-longest (see ActorList.find)."""
        low = text.lower()
        if len(low) != len(text):  # "İ" lower-cases to two characters: keep offsets one-to-one
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        hits: list[Mention] = []
        for automaton, haystack in ((self.exact, text), (self.folded, low)):
            if not len(automaton):
                continue
            for end, (form, capitals_only, entries) in automaton.iter(haystack):
                start = end + 1 - len(form)
                if _bounded(text, start, end + 1) and (
                    not _in_capitals(text, start) if form in _WORDS_IN_CAPITALS else
                    (not capitals_only or _in_capitals(text, start))
                ):
                    hits.append(Mention(start, end + 1, text[start : end + 1], entries))
        hits.sort(key=lambda m: (m.start, m.start - m.end))
        kept: list[Mention] = []
        for m in hits:
            if not kept or m.start >= kept[-1].end:
                kept.append(m)
        return kept


def _bounded(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a whole word group, or leads a compound like 'TTP-linked'."""
    before = text[start - 1] if start else " "
    if before.isalnum() or before in "_-":
        return False
    after = text[end] if end < len(text) else " "
    if after == "-":
        return bool(_HYPHEN_SUFFIX.match(text, end))
    return not (after.isalnum() or after == "_")


def _in_capitals(text: str, at: int) -> bool:
    """True when the line or sentence around `at` is written in capitals (wire copy)."""
    left = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at))
    right = [i for i in (text.find("\n", at), text.find(". ", at)) if i >= 0]
    letters = [c for c in text[left + 1 : min(right) if right else len(text)] if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)

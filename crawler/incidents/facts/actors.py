"""Armed groups named in a report, their units, and whether they claimed or were blamed."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crawler.incidents.facts.probe import Gated, lowered
from crawler.resources import seed

DEFAULT_ACTORS = seed("actors.yaml")
CLAIMED, ATTRIBUTED, UNKNOWN = "claimed", "attributed", "unknown"
_RANK = {CLAIMED: 0, ATTRIBUTED: 1, UNKNOWN: 2}

# Gated: each pattern with literals every match of it contains (see crawler.incidents.facts.probe).
_CLAIM = Gated(
    re.compile(
        r"\b(?:claim(?:ed|s|ing)? (?:the )?responsibility|(?:accept|accepted|took|take|owned?) "
        r"(?:the )?responsibility|claimed (?:the|its|this|both|two|twin|a|an) (?:\w+ ){0,2}"
        r"(?:attacks?|bombings?|blasts?|strikes?|assaults?|killings?|ambush|operations?|"
        r"abductions?)|we claim|responsibility was claimed|(?:was|were|been) claimed by"
        r"|owned the attack|in a claim of responsibility)\b",
        re.IGNORECASE,
    ),
    ["claim", "responsibility", "owned the attack"],
)
_NO_CLAIM = re.compile(
    r"\b(?:no (?:group|one|organi[sz]ation|outfit)(?: has| had)?(?: yet| immediately)? "
    r"(?:claimed|accepted)|(?:has|have|had) not (?:yet )?claimed|yet to (?:claim|be claimed)|"
    r"did not claim|denied (?:any )?(?:involvement|responsibility))\b",
    re.IGNORECASE,
)
_ATTRIBUTE = Gated(
    re.compile(
        r"\b(?:blam(?:ed|es|ing)|accus(?:ed|es|ing)|suspect(?:ed|s)?|attribut(?:ed|es)|"
        r"believed to (?:be|have)|behind the (?:attack|blast|bombing|killing|assault)|"
        r"held responsible|allegedly|pointed (?:the finger|to)|linked to|affiliated)\b",
        re.IGNORECASE,
    ),
    ["blam", "accus", "suspect", "attribut", "believed to", "behind the", "held responsible",
     "allegedly", "pointed", "linked to", "affiliated"],
)
# A unit counts when the sentence says it acted, not when it is mentioned in passing.
_UNIT_ACTION = re.compile(
    r"\b(?:executed|carried out|behind|used|attack\w*|strike|struck|operation|targeted|claim\w*|"
    r"stormed|detonated|fighters|ambush\w*|unit)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Unit:
    """A named sub-unit of a group (STOS of the BLA)."""

    name: str
    short: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActorDef:
    """A group from the actor list: names to look for and its units."""

    name: str
    short: str = ""
    aliases: tuple[str, ...] = ()
    units: tuple[Unit, ...] = ()
    country: str = ""

    def names(self) -> tuple[str, ...]:
        """Every form the group is named by, longest first."""
        forms = {self.name, *self.aliases} | ({self.short} if self.short else set())
        return tuple(sorted(forms, key=len, reverse=True))


@dataclass(frozen=True)
class Actor:
    """An actor of one incident: group, unit where named, and how responsibility is known."""

    name: str
    short: str = ""
    unit: str = ""
    responsibility: str = UNKNOWN

    @property
    def label(self) -> str:
        """'Baloch Liberation Army (BLA)', the ACLED-style display form."""
        return f"{self.name} ({self.short})" if self.short else self.name


@dataclass(frozen=True)
class ActorList:
    """The groups fact extraction recognises, loaded from YAML and extendable from config."""

    groups: tuple[ActorDef, ...] = field(default_factory=tuple)

    @classmethod
    def load(cls, path: Path | None = None, extra: Iterable[Mapping[str, Any]] = ()) -> ActorList:
        """Read `seeds/actors.yaml` (or `path`); entries of `extra` replace same-named ones."""
        raw = yaml.safe_load((path or DEFAULT_ACTORS).read_text(encoding="utf-8")) or {}
        entries = {e["name"]: e for e in raw.get("actors", [])}
        entries.update({e["name"]: e for e in extra})
        return cls(tuple(_actor_def(e) for e in entries.values()))


def _actor_def(entry: Mapping[str, Any]) -> ActorDef:
    """One YAML entry as an ActorDef."""
    units = tuple(
        Unit(u["name"], u.get("short", ""), tuple(u.get("aliases", ())))
        for u in entry.get("units", ())
    )
    return ActorDef(
        entry["name"],
        entry.get("short", ""),
        tuple(entry.get("aliases", ())),
        units,
        entry.get("country", ""),
    )


@functools.lru_cache(maxsize=4096)
def _pattern(form: str) -> re.Pattern[str]:
    """Acronyms match in their own case; full names in any case (compiled once per form)."""
    flags = 0 if (len(form) <= 5 or form.isupper()) else re.IGNORECASE
    return re.compile(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", flags)


@functools.lru_cache(maxsize=1024)
def _group_forms(group: ActorDef) -> tuple[Gated, ...]:
    """All forms of a group in one alternation per case rule: one search per sentence, not ten.

    The forms are literals, so a text without one cannot match: a substring test (in C) spares
    the look-behind alternation, which re would otherwise try at every character.
    """
    exact = [f for f in group.names() if len(f) <= 5 or f.isupper()]
    folded = [f for f in group.names() if f not in exact]
    return tuple(
        Gated(
            re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])", flags
            ),
            forms,
        )
        for forms, flags in ((exact, 0), (folded, re.IGNORECASE)) if forms
    )


def _mentions(sentence: str, group: ActorDef, low: str | None = None) -> bool:
    """True when `sentence` names `group` in any of its forms (`low`: lowered(sentence))."""
    return any(forms.search(sentence, low) for forms in _group_forms(group))


def _unit_in(sentences: Sequence[str], group: ActorDef) -> str:
    """The first unit of `group` that a sentence says acted."""
    for sentence in sentences:
        for unit in group.units:
            forms = [unit.name, *unit.aliases] + ([unit.short] if unit.short else [])
            if any(_pattern(f).search(sentence) for f in forms) and _UNIT_ACTION.search(sentence):
                return unit.name
    return ""


def find_actors(sentences: Sequence[str], actors: ActorList) -> tuple[list[Actor], str]:
    """Groups named in the main-incident sentences, claimants first; plus the deciding sentence."""
    named: dict[str, tuple[ActorDef, int]] = {}
    per_sentence: list[list[str]] = []
    # Only groups named somewhere in the text are looked for sentence by sentence (a form never
    # spans the joining newline, so a group absent from the whole is absent from every part).
    whole = "\n".join(sentences)
    whole_low = lowered(whole)
    present = [g for g in actors.groups if _mentions(whole, g, whole_low)]
    # A sentence holds an odd fold only if the whole does; else its lowered() is its lower().
    lows = [s.lower() if whole_low is not None else lowered(s) for s in sentences]
    for i, sentence in enumerate(sentences):
        here = [g.name for g in present if _mentions(sentence, g, lows[i])]
        per_sentence.append(here)
        for name in here:
            named.setdefault(name, (next(g for g in actors.groups if g.name == name), i))
    status: dict[str, str] = {name: UNKNOWN for name in named}
    evidence = ""
    for i, sentence in enumerate(sentences):
        if _CLAIM.search(sentence, lows[i]) and not _NO_CLAIM.search(sentence):
            # "Separatist fighters claimed responsibility ..." names the group a sentence later.
            nearby = per_sentence[i + 1 : i + 4] + ([per_sentence[i - 1]] if i else [])
            who = per_sentence[i] or next((names for names in nearby if names), [])
            for name in who:
                if status[name] != CLAIMED:
                    status[name] = CLAIMED
                    evidence = evidence or sentence
        elif _ATTRIBUTE.search(sentence, lows[i]):
            for name in per_sentence[i]:
                if status[name] == UNKNOWN:
                    status[name] = ATTRIBUTED
                    evidence = evidence or sentence
    result = [
        Actor(d.name, d.short, _unit_in(sentences, d), status[d.name])
        for d, _first in sorted(named.values(), key=lambda v: (_RANK[status[v[0].name]], v[1]))
    ]
    if any(a.responsibility != UNKNOWN for a in result):
        # Groups merely mentioned beside a claimant (targets, comparisons) are not actors.
        result = [a for a in result if a.responsibility != UNKNOWN]
    if not evidence and result:
        evidence = sentences[named[result[0].name][1]]
    return result, evidence

"""Armed groups named in a report, their units, and whether they claimed or were blamed.

Reading is in two steps because a name's group can depend on the country: "Islamic State" in
a Nigerian report is ISWAP, "al-Shabaab" in Mozambique is the Islamic State affiliate there,
"Maoists" are the CPI (Maoist) only in India. `read_actors` finds the names and what each
sentence says of them (claimed, blamed, carried out, denied, target, only mentioned);
`ActorReading.settle` picks each name's group once the report's country is known (from its
places, which in turn use the groups named unambiguously as a hint).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from crawler.incidents.facts.actorclaims import claim_in, claimants, statement_claim
from crawler.incidents.facts.actorlist import DEFAULT_ACTORS, ActorDef, ActorList, Entry, Mention, Unit
from crawler.incidents.facts.actorroles import (
    AGENT,
    ATTRIBUTE,
    CLAIM,
    DENY,
    TARGET,
    denials,
    is_habitual,
    role_of,
)
from crawler.incidents.facts.actorunknown import Unlisted, unlisted_claimant
from crawler.incidents.facts.probe import lowered

__all__ = ["ATTRIBUTED", "CLAIMED", "DEFAULT_ACTORS", "UNKNOWN", "Actor", "ActorDef", "ActorList",
           "ActorReading", "Unit", "find_actors", "read_actors"]

CLAIMED, ATTRIBUTED, UNKNOWN = "claimed", "attributed", "unknown"
_RANK = {CLAIMED: 0, ATTRIBUTED: 1, UNKNOWN: 2}
_RESPONSIBILITY = {CLAIM: CLAIMED, ATTRIBUTE: ATTRIBUTED, AGENT: UNKNOWN}
# A unit counts when the sentence says it acted, not when it is mentioned in passing.
_UNIT_ACTION = re.compile(
    r"\b(?:executed|carried out|behind|used|attack\w*|strike|struck|operation|targeted|claim\w*|"
    r"stormed|detonated|fighters|ambush\w*|unit)\b",
    re.IGNORECASE,
)


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
class Naming:
    """One naming of a group in the main text and the role its sentence gives it."""

    sentence: int
    role: str
    mention: Mention | None = None
    unlisted: Unlisted | None = None


@dataclass
class ActorReading:
    """The names of groups in a report's main sentences and their roles, groups not yet picked."""

    actors: ActorList
    sentences: Sequence[str]
    namings: list[Naming] = field(default_factory=list)

    @property
    def homes(self) -> list[str]:
        """Countries of the groups named unambiguously as actors (a hint for places)."""
        out: list[str] = []
        for n in self.namings:
            entries = n.mention.entries if n.mention and n.role in _RESPONSIBILITY else ()
            if entries and not any(e.local for e in entries) and len({e.group for e in entries}) == 1:
                out += [c for c in self.actors.groups[entries[0].group].homes() if c not in out]
        return out

    def settle(self, countries: Sequence[str] = ()) -> tuple[list[Actor], str]:
        """Actors of the incident, claimants first, and the sentence that decided the first.

        `countries`: the report's countries, most likely first (ISO codes), for names whose
        group depends on the country.
        """
        best: dict[str, tuple[Actor, int, str]] = {}
        denied: set[str] = set()
        units: dict[str, str] = {}
        for n in self.namings:
            picked = self._group_of(n, countries[0] if countries else "")
            if picked is None:
                continue
            actor, group = picked
            if actor.unit:
                units.setdefault(actor.name, actor.unit)
            if n.role == DENY:
                denied.add(actor.name)
            if n.role not in _RESPONSIBILITY:
                continue
            have = best.get(actor.name)
            if have is None or _RANK[_RESPONSIBILITY[n.role]] < _RANK[have[0].responsibility]:
                best[actor.name] = (replace(actor, responsibility=_RESPONSIBILITY[n.role]),
                                    n.sentence, group)
        kept = [(replace(a, unit=units.get(a.name, "")), i, f) for name, (a, i, f) in best.items()
                if name not in denied or a.responsibility != UNKNOWN]
        return self._ordered(kept)

    def _group_of(self, n: Naming, country: str) -> tuple[Actor, str] | None:
        """The actor a naming stands for (its unit too, if the sentence says the unit acted)."""
        if n.unlisted is not None:
            return Actor(n.unlisted.name, n.unlisted.short), ""
        assert n.mention is not None
        entry = _pick(n.mention.entries, self.actors.groups, country)
        if entry is None:
            return None
        g = self.actors.groups[entry.group]
        sentence = self.sentences[n.sentence]
        unit = entry.unit if entry.unit and _UNIT_ACTION.search(sentence) else ""
        return Actor(g.name, g.short, unit), g.part_of

    def _ordered(self, kept: list[tuple[Actor, int, str]]) -> tuple[list[Actor], str]:
        """Claimants first, then blamed, then named as acting; the families they belong to."""
        kept.sort(key=lambda v: (_RANK[v[0].responsibility], v[1]))
        if any(a.responsibility != UNKNOWN for a, _i, _f in kept):
            # Named as acting beside a claimant or a blamed group: the claim decides.
            kept = [v for v in kept if v[0].responsibility != UNKNOWN]
        result: list[Actor] = []
        for actor, _i, family in kept:
            result.append(actor)
            wide = self.actors.group(family) if family else None
            if wide is not None and all(a.name != wide.name for a in result + [k[0] for k in kept]):
                result.append(Actor(wide.name, wide.short, "", actor.responsibility))
        evidence = self.sentences[kept[0][1]] if kept else ""
        return result, evidence


def _pick(entries: Sequence[Entry], groups: Sequence[ActorDef], country: str) -> Entry | None:
    """The group a form names in a report about `country` ('' when unknown).

    A local form goes to a group of that country; otherwise to the group that has the form as
    a plain name; with no country known, a form only local groups have goes to the first.
    """
    if country:
        local = [e for e in entries if e.local and country in groups[e.group].homes()]
        if local:
            local.sort(key=lambda e: groups[e.group].homes()[0] != country)
            return local[0]
    plain = [e for e in entries if not e.local]
    if plain:
        return plain[0]
    return entries[0] if not country and entries else None


def read_actors(sentences: Sequence[str], actors: ActorList) -> ActorReading:
    """Every group named in the main-incident sentences, with the role each sentence gives it."""
    reading = ActorReading(actors, sentences)
    whole = "\n".join(sentences)
    mentions = actors.find(whole)
    starts, at = [], 0
    for s in sentences:
        starts.append(at)
        at += len(s) + 1
    by_sentence: list[list[Mention]] = [[] for _ in sentences]
    i = 0
    for m in mentions:
        while i + 1 < len(starts) and starts[i + 1] <= m.start:
            i += 1
        by_sentence[i].append(Mention(m.start - starts[i], m.end - starts[i], m.form, m.entries))
    orphan_claims: list[int] = []
    for i, sentence in enumerate(sentences):
        named = _sentence_namings(i, sentence, by_sentence[i])
        if named is None:
            orphan_claims.append(i)
        else:
            reading.namings += named
    for i in orphan_claims:
        reading.namings += _neighbour_claims(i, reading.namings, len(sentences))
    return reading


def _sentence_namings(i: int, sentence: str, mentions: list[Mention]) -> list[Naming] | None:
    """The namings of one sentence; None for a claim that names no group (see neighbours)."""
    low = lowered(sentence)
    claim = claim_in(sentence, low)
    said = statement_claim(sentence, low) if mentions or claim is None else None
    if not mentions and claim is None and said is None:
        return []
    spans = [(m.start, m.end) for m in mentions]
    habitual = is_habitual(sentence, low) if mentions else False
    roles = [role_of(sentence, s, e, habitual) for s, e in spans]
    for d in denials(sentence, low):
        before = [k for k, (_s, e) in enumerate(spans) if e <= d and d - e <= 100]
        if before:
            roles[before[-1]] = DENY
    out: list[Naming] = []
    capitals = _capitals(sentence)
    for found in (claim, said):
        if found is None:
            continue
        unlisted, strong = unlisted_claimant(sentence, found, capitals, strong_only=found is said)
        chosen = [] if strong else claimants(sentence, found, spans, by_only=found is said)
        for k in chosen:
            if roles[k] not in (TARGET,):
                roles[k] = CLAIM
        if unlisted and (strong or not chosen):
            out.append(Naming(i, CLAIM, unlisted=unlisted))
    out += [Naming(i, r, mention=m) for m, r in zip(mentions, roles, strict=True)]
    if claim is not None and not mentions and not out:
        return None
    return out


def _neighbour_claims(i: int, namings: list[Naming], count: int) -> list[Naming]:
    """'The group said it carried out the attack': the group named in the next sentences, else
    the one before; groups named there as targets or deniers do not claim."""
    for j in [*range(i + 1, min(i + 4, count)), i - 1]:
        here = [n for n in namings if n.sentence == j and n.mention is not None
                and n.role not in (TARGET, DENY)]
        if here:
            return [Naming(i, CLAIM, mention=n.mention) for n in here]
    return []


def _capitals(sentence: str) -> bool:
    """True when the sentence is written in capitals (wire copy)."""
    letters = [c for c in sentence if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def find_actors(
    sentences: Sequence[str], actors: ActorList, countries: Sequence[str] = ()
) -> tuple[list[Actor], str]:
    """Groups named in the main-incident sentences, claimants first; plus the deciding sentence.

    `countries`: the report's countries (ISO codes, most likely first), where known.
    """
    return read_actors(sentences, actors).settle(countries)

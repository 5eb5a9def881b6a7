"""A name looked up inside the place a report puts it in ("Toledo in north-eastern Colombia",
"Kalat, capital of Zabul province"): the namesakes elsewhere do not count, and a spelling one or
two letters off counts inside so small an area ("Kalat" for Qalat; "Maidugiri" for Maiduguri).

Kept apart from crawler.geo.gazetteer (the tables and their lookups): this reads only its
public lookups, as any caller could.
"""

from __future__ import annotations

from collections.abc import Sequence

from crawler.geo.places import Lookups, Place, squash_key
from crawler.parse.textnorm import fold

# Inside one province or district a looser likeness is safe: "kalat"/"qalat" is 80 of 100, and
# the few places of the area leave little to confuse it with.
WITHIN_LIKENESS = 78
WITHIN_MIN_LENGTH = 4


def names_within(gaz: Lookups, name: str, containers: Sequence[str]) -> list[Place]:
    """The places called `name`, or spelt nearly so, inside one of `containers` (ids)."""
    known = [c for c in dict.fromkeys(containers) if gaz.has(c)]
    if not known:
        return []
    inside = [p for p in gaz.lookup(name) if _inside(gaz, p, known)]
    if inside:
        return inside
    # Near spellings only inside a province or district (a whole country holds too many names
    # a letter or two from any word: "BUSH" is not Bauchi), and of the prior's countries, whose
    # spelling indexes the gazetteer keeps anyway (a daemon reading the world would otherwise
    # build one per country it reads of).
    small = [c for c in known if gaz.get(c).kind != "country"
             and gaz.get(c).country_code in gaz.prior]
    if not small:
        return []
    countries = sorted({gaz.get(c).country_code for c in small})
    near = gaz.near_spellings(name, countries, likeness=WITHIN_LIKENESS,
                              min_length=WITHIN_MIN_LENGTH)
    return [p for p in near if p.kind != "country" and _inside(gaz, p, small)
            and _same_length(name, p)]


def _same_length(name: str, place: Place) -> bool:
    """A letter swapped, added or dropped, no more: "Kalat"/"Qalat", "Kolwa"/"Kolwah", never
    "Iguala"/"Igualapa" (another town)."""
    size = len(squash_key(fold(name)))
    return any(abs(len(squash_key(fold(n))) - size) <= 1 for n in (place.name, *place.aliases))


def _inside(gaz: Lookups, place: Place, containers: list[str]) -> bool:
    return any(gaz.is_within(place.id, c) for c in containers)

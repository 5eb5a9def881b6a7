"""Is a predicted place the labelled one? Compared as places, through the gazetteer, not names.

A label lists the event's places most specific first, each as a group of spellings
([[Kardgap], [Mastung]]), with the country (and province) beside them. The prediction is right
when it lies in the labelled country and in the same admin area as one labelled place:
  - the same district when the gazetteer knows the labelled place's district (Turbat for
    Zamuran, Kech: both in Kech district; Quetta for Mastung: wrong);
  - else the same town (or a place inside it) when the labelled place is a town the gazetteer
    gives no district;
  - else the same province, when the labelled place is a province.
A prediction coarser than the label (the province for a district) is wrong, and so is a
namesake abroad. A labelled place the gazetteer does not know at all is compared by name,
inside the labelled country.
"""

from __future__ import annotations

from collections.abc import Iterable

from crawler.geo import Gazetteer, Place
from crawler.incidents.store import lineage
from crawler.parse.textnorm import fold


def place_right(got: Place, groups: list[list[str]], country: str | None,
                province: str | None, gazetteer: Gazetteer) -> bool:
    """True when `got` is in the labelled country and the admin area of a labelled place."""
    chain = lineage(gazetteer, got)
    countries = _ids(gazetteer, country, "country")
    if countries and not {p.id for p in chain} & countries:
        return False
    provinces = _ids(gazetteer, province, "province")
    labelled = list(_labelled(groups, countries, provinces, gazetteer))
    if not labelled:
        names = {fold(n) for p in chain[:1] for n in (p.name, *p.aliases)}
        return any(fold(alias) in names for group in groups for alias in group)
    return any(_same_area(chain, place, gazetteer) for place in labelled)


def _ids(gazetteer: Gazetteer, name: str | None, kind: str) -> set[str]:
    """Ids of the places of this kind called `name` (empty: no such name, nothing to check)."""
    if not name:
        return set()
    return {p.id for p in gazetteer.lookup(name) if p.kind == kind}


def _labelled(groups: list[list[str]], countries: set[str], provinces: set[str],
              gazetteer: Gazetteer) -> Iterable[Place]:
    """Every gazetteer place a labelled spelling names, inside the labelled country/province.

    A place the gazetteer gives no province (world towns hang off their country) is not
    ruled out by the labelled province: the gazetteer cannot tell.
    """
    for group in groups:
        for alias in group:
            for place in gazetteer.lookup(alias):
                chain = lineage(gazetteer, place)
                around = {p.id for p in chain}
                if countries and not around & countries:
                    continue
                has_province = any(p.kind == "province" for p in chain)
                if provinces and has_province and not around & provinces:
                    continue
                yield place


def _same_area(chain: list[Place], labelled: Place, gazetteer: Gazetteer) -> bool:
    """The predicted place (as its lineage) is in the labelled place's admin area."""
    for kind in ("district", "province", "country"):
        if labelled.kind == kind:
            return any(p.id == labelled.id for p in chain)
    area = next((p for p in lineage(gazetteer, labelled) if p.kind == "district"), None)
    if area is not None:
        return any(p.id == area.id for p in chain)
    # A town the gazetteer gives no district: the town itself or a place inside it.
    return any(p.id == labelled.id for p in chain)

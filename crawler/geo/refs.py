"""Places named in config ("Balochistan", "Kalat, Balochistan", "PK-BA"): the outermost
places a reference denotes, so one result means it is unambiguous.

Kept apart from crawler.geo.gazetteer (the tables and their lookups): it reads only the
gazetteer's public lookups.
"""

from __future__ import annotations

from crawler.geo.places import Lookups, Place, PlaceKind


def resolve_place(gazetteer: Lookups, ref: str, kind: PlaceKind | None = None) -> list[Place]:
    """The places a config reference names: an id, "Name" or "Name, Parent"; outermost only.

    Candidates inside another candidate are dropped ("Quetta" the district contains "Quetta" the
    city), so one result means the reference is unambiguous.
    """
    ref = ref.strip()
    if gazetteer.has(ref):
        return [gazetteer.get(ref)]
    name, _, parent = ref.partition(",")
    # World towns on disk only when nothing bigger has the name: a config's "Borno" is the state,
    # not also a village in Brescia.
    found = gazetteer.lookup(name, towns=False, loose=False)
    if not found or parent.strip():
        found = gazetteer.lookup(name, loose=False)
    if kind is not None:
        kinds = ("city", "area") if kind == "city" else (kind,)
        found = [p for p in found if p.kind in kinds]
    if parent.strip():
        parents = {p.id for p in gazetteer.lookup(parent, towns=False, loose=False)
                   or gazetteer.lookup(parent, loose=False)}
        found = [p for p in found if any(a.id in parents for a in gazetteer.ancestors(p.id))]
    ids = {p.id for p in found}
    outer = [p for p in found if not any(a.id in ids for a in gazetteer.ancestors(p.id))]
    # A country's name is the country ("Mali", not also Guinea's Mali prefecture): a namesake
    # needs its parent ("Colombia, Huila") or its kind.
    countries = [p for p in outer if p.kind == "country"]
    return countries if countries and kind is None else outer

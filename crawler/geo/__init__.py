"""Places: the offline gazetteer, its build and on-disk cache, and where in an article a place sits.

Import from here: `Gazetteer`, `Place`, `PlaceConfig`, `GazetteerError`, `resolve_place`.
"""

from crawler.geo.gazetteer import Gazetteer
from crawler.geo.places import GazetteerError, Kind, Place, PlaceConfig, PlaceKind
from crawler.geo.refs import resolve_place

__all__ = ["Gazetteer", "GazetteerError", "Kind", "Place", "PlaceConfig", "PlaceKind", "resolve_place"]

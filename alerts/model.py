"""What an alert carries: one incident revision, read from the database by alerts.incidents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

Kind = Literal["created", "updated"]


@dataclass(frozen=True)
class Place:
    """A resolved location; any level may be unknown."""

    name: str
    district: str | None = None
    province: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Actor:
    """A perpetrator: group name, unit, and how responsibility is known (claimed, suspected)."""

    name: str
    unit: str | None = None
    responsibility: str | None = None


@dataclass(frozen=True)
class SourceRef:
    """One report of the incident."""

    outlet: str
    url: str
    title: str = ""
    published: str | None = None


@dataclass(frozen=True)
class WatchHit:
    """A watch the incident matched and the terms that made it match."""

    name: str
    terms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", tuple(self.terms))


@dataclass(frozen=True)
class Change:
    """One field that changed between revisions (for `updated` alerts)."""

    field: str
    old: Any = None
    new: Any = None


def _records(cls: type, items: Sequence[Any] | None) -> tuple[Any, ...]:
    # Accept records or plain dicts (alerts.incidents builds alerts from SQL rows and JSON).
    return tuple(
        item if isinstance(item, cls) else _from_mapping(cls, item) for item in items or ()
    )


def _from_mapping(cls: type, data: Mapping[str, Any]) -> Any:
    known = {f.name for f in fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in known})


@dataclass(frozen=True)
class IncidentAlert:
    """One revision of one incident, as alerts see it; lists are stored as tuples."""

    incident_id: int
    revision: int
    kind: Kind
    title: str
    event_date: str | None = None
    published: str | None = None
    places: tuple[str, ...] = ()  # most specific first
    primary_place: Place | None = None
    actors: tuple[Actor, ...] = ()
    event_types: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    killed: int | None = None
    injured: int | None = None
    militants_killed: int | None = None
    abducted: int | None = None  # kidnapped people, never counted as killed
    sources: tuple[SourceRef, ...] = ()
    watches: tuple[WatchHit, ...] = ()
    changes: tuple[Change, ...] = ()
    created_at: str | None = None
    updated_at: str | None = None
    # The sentence each fact came from, by field ("killed", "event_date", "places", ...).
    evidence: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)  # forward-compatible facts

    def __post_init__(self) -> None:
        if self.kind not in ("created", "updated"):
            raise ValueError(f"kind must be 'created' or 'updated', not {self.kind!r}")
        setter = object.__setattr__
        setter(self, "places", tuple(self.places))
        setter(self, "event_types", tuple(self.event_types))
        setter(self, "targets", tuple(self.targets))
        if isinstance(self.primary_place, Mapping):
            setter(self, "primary_place", _from_mapping(Place, self.primary_place))
        setter(self, "actors", _records(Actor, self.actors))
        setter(self, "sources", _records(SourceRef, self.sources))
        setter(self, "watches", _records(WatchHit, self.watches))
        setter(self, "changes", _records(Change, self.changes))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IncidentAlert:
        """Build from `to_dict()` output (or a webhook payload's `data`); unknown keys ignored."""
        return _from_mapping(cls, data)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: tuples become lists, records become dicts."""
        out = asdict(self)
        for key, value in out.items():
            if isinstance(value, tuple):
                out[key] = [list(v) if isinstance(v, tuple) else v for v in value]
        for hit in out["watches"]:
            hit["terms"] = list(hit["terms"])
        out["evidence"] = dict(self.evidence)
        out["extra"] = dict(self.extra)
        return out

    @property
    def province(self) -> str | None:
        """The primary place's province, if known."""
        return self.primary_place.province if self.primary_place else None

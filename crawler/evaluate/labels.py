"""Plain-text report files (seeds, fixtures) and their expected.yaml, read and checked.

A labels file maps a report's file name to what it must yield (see seeds/demo/reports/
expected.yaml for every key). A key left out is not scored; a key stated as null is ("no
figure", "no actor named"). Keys this module does not know are ignored, so notes can live
beside the labels. A label that cannot be scored (a killed figure of "five", a place that is
not a list of alias lists, a same_incident_as naming no entry) is a LabelError naming the file
and the entry, never a silent zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from crawler.errors import WatchpostError
from crawler.models import Document
from crawler.parse.docfile import load_document


class LabelError(WatchpostError):
    """A labels file that cannot be scored: which file, which entry, what is wrong."""

    def __init__(self, path: Path, entry: str | None, problem: str) -> None:
        self.path, self.entry, self.problem = path, entry, problem
        where = f"{path}: {entry}" if entry else str(path)
        super().__init__(f"{where}: {problem}")


class _Loader(yaml.SafeLoader):
    """The safe loader with dates left as text: read_expected checks them entry by entry
    (PyYAML's own check of 2025-02-30 fails the whole file without saying where)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_report(path: Path) -> Document:
    """A report file as a Document (see crawler.parse.docfile: date token, headline line)."""
    return replace(load_document(path), language="en", url=f"file://{path.name}")


def read_expected(path: Path) -> dict[str, dict[str, Any]]:
    """The expected.yaml beside a set of reports: file name -> stated facts (checked)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except OSError as exc:
        raise LabelError(path, None, f"cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise LabelError(path, None, f"{line}{problem}") from exc
    if data is None:
        raise LabelError(path, None, "no labels in the file")
    if not isinstance(data, dict):
        raise LabelError(path, None, "expected a mapping of file name -> labels")
    labels: dict[str, dict[str, Any]] = {}
    for name, spec in data.items():
        labels[str(name)] = _checked(path, str(name), spec)
    for name, spec in labels.items():
        other = spec.get("same_incident_as")
        if other is not None and other not in labels:
            raise LabelError(path, name, f"same_incident_as names {other!r}, which has no entry")
        if other == name:
            raise LabelError(path, name, "same_incident_as names the entry itself")
    return labels


def _checked(path: Path, name: str, spec: Any) -> dict[str, Any]:
    """One entry, each known key checked and dates read; unknown keys kept as they are."""
    if not isinstance(spec, dict):
        raise LabelError(path, name, "expected a mapping of labels (relevant: true, ...)")
    if "relevant" not in spec:
        raise LabelError(path, name, "no 'relevant' key (true or false)")
    checked = dict(spec)
    for key, check in _CHECKS.items():
        if key not in spec or spec[key] is None:
            continue
        try:
            checked[key] = check(spec[key])
        except ValueError as exc:
            raise LabelError(path, name, f"{key}: {exc} (got {spec[key]!r})") from None
    if spec["relevant"] is None:
        raise LabelError(path, name, "relevant: expected true or false (got None)")
    return checked


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("expected true or false")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("expected a whole number of people, or null")
    return value


def _day(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError("expected a date YYYY-MM-DD, or null") from None


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a name, or null")
    return value


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("expected a list of names")
    return value


def _alias_groups(value: Any) -> list[list[str]]:
    """[[Kardgap], [Mastung]]: one list of spellings per place, most specific place first."""
    if not isinstance(value, list) or not all(
            isinstance(group, list) and group and all(isinstance(a, str) and a.strip()
                                                      for a in group) for group in value):
        raise ValueError("expected a list of alias lists, like [[Turbat], [Kech]]")
    return value


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "relevant": _boolean,
    "published": _day,
    "event_date": _day,
    "places": _alias_groups,
    "province": _text,
    "country": _text,
    "actor": _text,
    "event_types": _texts,
    "killed": _count,
    "injured": _count,
    "militants_killed": _count,
    "same_incident_as": _text,
}

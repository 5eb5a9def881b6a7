"""Option values every listing command checks the same way: --since, --limit, --watch, --region.

A value that cannot mean anything is an error with a hint (exit 2), never a filter that
silently matches nothing: `--since yesterday` used to list no rows, as if nothing had happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import click
from sqlite_utils import Database

from crawler.cli.common import BadInput
from crawler.config import Config

_DURATION = re.compile(r"(\d+)\s*([hdw])", re.IGNORECASE)
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}
# How many known names a miss lists before "and N more".
_SHOWN = 12


class Since(click.ParamType):
    """An ISO date (2025-01-31), an ISO time (2025-01-31T06:00) or an age (12h, 7d, 2w),
    given to the store as the ISO text it compares with."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> str:
        """The ISO text for `value`; a value that is neither a date nor an age fails."""
        if isinstance(value, str) and (duration := _DURATION.fullmatch(value.strip())):
            number, unit = int(duration.group(1)), duration.group(2).lower()
            start = datetime.now(UTC) - timedelta(**{_UNITS[unit]: number})
            return start.date().isoformat() if unit != "h" else start.isoformat(
                timespec="seconds")
        text = str(value).strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text).isoformat()
            return datetime.fromisoformat(text).isoformat(timespec="seconds")
        except ValueError:
            self.fail(f"{value!r} is not a date: give YYYY-MM-DD (e.g. 2025-01-31), an ISO "
                      "time, or an age such as 12h, 7d or 2w", param, ctx)


SINCE = Since()
LIMIT = click.IntRange(min=1)


def since_option(what: str) -> Any:
    """`--since DATE` for a listing of `what`."""
    return click.option("--since", type=SINCE, metavar="DATE",
                        help=f"Only {what} on or after DATE: YYYY-MM-DD, an ISO time, or an "
                             "age such as 12h, 7d, 2w.")


def check_watch(config: Config, db: Database, watch: str | None) -> None:
    """Fail with the known names when `watch` is neither in the config nor in stored matches."""
    if not watch:
        return
    known = {w.name for w in config.watches}
    known |= {row[0] for row in db.execute("SELECT DISTINCT watch FROM matches")}
    if watch not in known:
        raise BadInput(f"no watch named {watch!r} (--watch); known: {_listed(known)}")


def check_region(db: Database, region: str | None) -> None:
    """Fail with the stored regions when `region` names no stored incident's place and no
    place the gazetteer knows (a known place with no incident yet is an empty list, not an
    error)."""
    if not region:
        return
    stored = _stored_regions(db)
    if region.casefold() in {name.casefold() for name in stored}:
        return
    from crawler.geo import Gazetteer, resolve_place  # noqa: PLC0415 - only on a miss

    if resolve_place(Gazetteer.load(), region):
        return
    raise BadInput(f"no region named {region!r} (--region); places of stored incidents: "
                   f"{_listed(stored)}")


def _stored_regions(db: Database) -> set[str]:
    names: set[str] = set()
    for row in db.execute("SELECT primary_place, district, province, country FROM incidents"):
        names.update(v for v in row if v)
    names.update(row[0] for row in db.execute(
        "SELECT DISTINCT json_each.value FROM incidents, json_each(incidents.places)") if row[0])
    return names


def _listed(names: Iterable[str]) -> str:
    ordered = sorted(names, key=str.casefold)
    if not ordered:
        return "none yet"
    more = len(ordered) - _SHOWN
    return ", ".join(ordered[:_SHOWN]) + (f" and {more} more" if more > 0 else "")

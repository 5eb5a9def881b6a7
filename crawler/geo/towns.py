"""World places kept on disk: 150,000 GeoNames towns and cities under 100,000 people and 22,000
admin-2 districts, in one SQLite file.

They are looked up by name only when a report names them (facts ask for a capitalised name next
to "town", "village", "in ... district"; the matcher reads the prior countries' cities and
districts once), so holding them in every process's memory would cost about 60 MB for a few
lookups per report. The file sits beside the compiled gazetteer (same key), is opened read-only
and lazily, once per process and thread: forked crawl workers must not share their parent's
SQLite connection.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from crawler.geo.places import Place, squash_key
from crawler.parse.textnorm import fold

_SCHEMA = """
CREATE TABLE towns (id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
                    parent TEXT NOT NULL, country TEXT NOT NULL, lat REAL, lon REAL,
                    population INTEGER NOT NULL, aliases TEXT NOT NULL);
CREATE TABLE names (key TEXT NOT NULL, id TEXT NOT NULL);
"""
# id, name, kind, parent, country, lat, lon, population, aliases ("|"-joined)
TownRow = tuple[str, str, str, str, str, float | None, float | None, int, str]
_KIND_ORDER = "CASE t.kind WHEN 'district' THEN 0 ELSE 1 END"


def squash(name: str) -> str:
    """A name's key with spaces, hyphens and apostrophes gone: "Beled Weyne" -> "beledweyne"."""
    return squash_key(fold(name))


def write_towns(path: Path, rows: Iterable[TownRow]) -> None:
    """Write the towns file (path is a fresh temporary file, renamed by the caller)."""
    with sqlite3.connect(path) as db:
        db.executescript(_SCHEMA)
        batch = list(rows)
        db.executemany("INSERT INTO towns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
        db.executemany("INSERT INTO names VALUES (?, ?)", _keys(batch))
        db.execute("CREATE INDEX names_key ON names (key)")
        db.execute("CREATE INDEX towns_country ON towns (country, population)")
    # sqlite3's context manager commits but does not close.
    sqlite3.connect(path).close()


def _keys(rows: list[TownRow]) -> Iterator[tuple[str, str]]:
    """(squashed name, id) for every name and alias of every row, each pair once."""
    for row in rows:
        names = {squash(n) for n in (row[1], *row[8].split("|")) if n}
        for key in names:
            yield key, row[0]


class TownStore:
    """Read access to the towns file; safe to carry across fork and to pickle (path only)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._local = threading.local()

    def __getstate__(self) -> dict[str, object]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.path = state["path"]  # type: ignore[assignment]
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection | None:
        """This process's and thread's connection (a forked child opens its own)."""
        if self.path is None:
            return None
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            try:
                local.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            except sqlite3.Error:
                local.db = None
            local.pid = os.getpid()
        db: sqlite3.Connection | None = local.db
        return db

    def lookup(self, name: str) -> list[Place]:
        """Towns called `name` (spaces and hyphens ignored), most populous first."""
        return list(self._lookup(squash(name)))

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (one store per process, lives as long)
    def _lookup(self, key: str) -> tuple[Place, ...]:
        db = self._db()
        if db is None or not key:
            return ()
        rows = db.execute(
            "SELECT t.* FROM names n JOIN towns t ON t.id = n.id WHERE n.key = ? "
            f"ORDER BY {_KIND_ORDER}, t.population DESC LIMIT 50", (key,)).fetchall()
        return tuple(_place(row) for row in rows)

    def in_countries(self, countries: Iterable[str], min_population: int
                     ) -> list[tuple[Place, int]]:
        """The districts, and cities of at least `min_population`, of some countries."""
        db = self._db()
        codes = sorted(set(countries))
        if db is None or not codes:
            return []
        marks = ", ".join("?" * len(codes))
        rows = db.execute(
            f"SELECT * FROM towns WHERE country IN ({marks}) "
            "AND (kind = 'district' OR population >= ?)", (*codes, min_population)).fetchall()
        return [(_place(row), int(row[7])) for row in rows]

    @functools.lru_cache(maxsize=16384)  # noqa: B019  (one store per process, lives as long)
    def get(self, place_id: str) -> Place | None:
        """The town with this id, or None."""
        db = self._db()
        if db is None:
            return None
        row = db.execute("SELECT * FROM towns WHERE id = ?", (place_id,)).fetchone()
        return _place(row) if row else None

    def population(self, place_id: str) -> int:
        """The town's population (0 when unknown)."""
        db = self._db()
        row = db.execute("SELECT population FROM towns WHERE id = ?", (place_id,)).fetchone() \
            if db is not None else None
        return int(row[0]) if row else 0

    def count(self) -> int:
        """How many towns the file holds."""
        db = self._db()
        return int(db.execute("SELECT count(*) FROM towns").fetchone()[0]) if db else 0


def _place(row: TownRow) -> Place:
    place_id, name, kind, parent, country, lat, lon, _population, aliases = row
    return Place(place_id, name, "district" if kind == "district" else "city", parent, country,
                 lat, lon, tuple(a for a in aliases.split("|") if a))

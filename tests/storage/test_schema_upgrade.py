"""Databases made by earlier releases upgrade to exactly the schema a new database gets, and
keep their rows; a database from a newer watchpost is refused, untouched.

The files in tests/fixtures/databases were made by the real code of earlier commits (README.md
there says which and how; build.py remakes them).
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from crawler.errors import SchemaTooNew
from crawler.storage.db import open_db
from crawler.storage.versions import schema_versions

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "databases"
OLD_DATABASES = sorted(FIXTURES.glob("*.db"))


def schema(path: Path) -> dict[str, Any]:
    """Every table's columns (type, not null, default, key), every index's columns and every
    trigger's SQL, by name."""
    conn = sqlite3.connect(path)
    try:
        objects = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_autoindex%' "
            "ORDER BY name").fetchall()
        found: dict[str, Any] = {}
        for kind, name, sql in objects:
            if kind == "table":
                # By name: a column added in place by an edited release sits elsewhere in the
                # table than the migration that adds it puts it; nothing reads by position.
                found[name] = {r[1]: tuple(r[2:]) for r in conn.execute(
                    f"PRAGMA table_xinfo([{name}])")}
            elif kind == "index":
                unique = conn.execute("SELECT [unique] FROM pragma_index_list("
                                      "(SELECT tbl_name FROM sqlite_master WHERE name = ?)) "
                                      "WHERE name = ?", [name, name]).fetchone()
                found[name] = (unique, [r[2] for r in conn.execute(f"PRAGMA index_info([{name}])")])
            else:
                found[name] = (kind, " ".join((sql or "").split()))
        return found
    finally:
        conn.close()


def counts(path: Path) -> dict[str, int]:
    """Rows per table (the migrations bookkeeping left out)."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' "
            "AND name NOT IN ('_sqlite_migrations', 'sqlite_sequence')")]
        return {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def fresh_schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("fresh") / "watchpost.db"
    open_db(path).close()
    return schema(path)


def test_there_are_databases_of_every_earlier_schema() -> None:
    # 01a963b (first schema), 62a69ed (final_url), 4294d51 (matches), 6a188c3 (daemon,
    # incidents, alerts), f97f389 (crawl run owner), bb736d7 (article facts), 005e40a
    # (raw article dates).
    assert len(OLD_DATABASES) >= 7, OLD_DATABASES


@pytest.mark.parametrize("old", OLD_DATABASES, ids=[p.stem for p in OLD_DATABASES])
def test_an_earlier_database_upgrades_to_the_current_schema(
        old: Path, tmp_path: Path, fresh_schema: dict[str, Any]) -> None:
    path = tmp_path / "watchpost.db"
    shutil.copyfile(old, path)
    before = counts(path)
    open_db(path).close()
    assert schema(path) == fresh_schema
    after = counts(path)
    assert {t: n for t, n in after.items() if t in before} == before  # nothing lost
    assert before["articles"] == 3
    db = open_db(path, migrate=False)
    try:
        assert [(v.name, v.pending, v.unknown) for v in schema_versions(db)
                if v.pending or v.unknown] == []
    finally:
        db.close()
    open_db(path).close()  # a second open finds nothing to do
    assert schema(path) == fresh_schema


def test_a_database_from_a_newer_watchpost_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "watchpost.db"
    open_db(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('watchpost-later', 'm001_something_new', '2030-01-01')")
    conn.close()
    before = path.read_bytes()
    for migrate in (True, False):
        with pytest.raises(SchemaTooNew) as caught:
            open_db(path, migrate=migrate)
        message = str(caught.value)
        assert str(path) in message and "watchpost-later/m001_something_new" in message
        assert "newer watchpost" in message
    assert path.read_bytes() == before

"""Which migrations a database has run, which it lacks, and whether a newer watchpost made it.

sqlite-utils records each applied migration as (migration_set, name) in `_sqlite_migrations`.
A database holding a migration this code does not know was migrated by a newer watchpost: its
tables may mean something this version would misread or damage, so it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from crawler.errors import SchemaTooNew
from crawler.storage.schema import MIGRATION_SETS
from crawler.storage.tables import table_exists


@dataclass(frozen=True)
class SetVersion:
    """One migration set in one database: what it has run, what it lacks, what is unknown."""

    name: str
    known: tuple[str, ...]
    applied: tuple[str, ...]
    pending: tuple[str, ...]
    unknown: tuple[str, ...]


def known_names(migration_set: Migrations) -> tuple[str, ...]:
    """A set's migration names in the order they apply."""
    # sqlite-utils keeps the registered migrations in a private list and offers no public one.
    return tuple(m.name for m in migration_set._migrations)


def applied_names(db: Database) -> dict[str, list[str]]:
    """Applied migration names by set, in the order they were applied (read only)."""
    if not table_exists(db, Migrations.migrations_table):
        return {}
    applied: dict[str, list[str]] = {}
    for set_name, name in db.execute(
            f"SELECT migration_set, name FROM [{Migrations.migrations_table}] ORDER BY rowid"):
        applied.setdefault(set_name, []).append(name)
    return applied


def schema_versions(db: Database) -> list[SetVersion]:
    """Every known set's state in this database, then any set only a newer watchpost knows."""
    applied = applied_names(db)
    versions = []
    for migration_set in MIGRATION_SETS:
        known = known_names(migration_set)
        done = applied.pop(migration_set.name, [])
        versions.append(SetVersion(
            migration_set.name, known, tuple(n for n in done if n in known),
            tuple(n for n in known if n not in done), tuple(n for n in done if n not in known)))
    for set_name, done in applied.items():
        versions.append(SetVersion(set_name, (), (), (), tuple(done)))
    return versions


def refuse_newer(db: Database, path: str) -> None:
    """Raise SchemaTooNew when the database ran migrations this watchpost does not know."""
    unknown = [f"{v.name}/{name}" for v in schema_versions(db) for name in v.unknown]
    if unknown:
        raise SchemaTooNew(
            f"database {path} was migrated by a newer watchpost (migrations this version does "
            f"not know: {', '.join(unknown)}); run that version, or restore a backup made "
            f"before it", path=path, cause="schema newer than this watchpost")

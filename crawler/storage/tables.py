"""Typed access to a table by name, and whether one exists: what every schema and store uses."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.db import Table


def db_table(db: Database, name: str) -> Table:
    """A table by name, typed as a table (sqlite-utils' `db[name]` may also be a view)."""
    return Table(db, name)


def table_exists(db: Database, name: str) -> bool:
    """True when the table exists (for commands reading a database that may be empty)."""
    return bool(Table(db, name).exists())

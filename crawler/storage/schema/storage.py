"""The storage problems table: episodes of a database that could not be written (disk full,
read-only), recorded by the first process able to write once it can."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from crawler.storage.tables import db_table

migrations = Migrations("watchpost-storage")


@migrations()
def m001_storage_problems(db: Database) -> None:
    """One row per episode: who met it, since when, the last error, and when it cleared."""
    db_table(db, "storage_problems").create(
        {"id": int, "origin": str, "kind": str, "since": str, "last_seen_at": str,
         "resolved_at": str, "detail": str},
        pk="id",
    )
    db_table(db, "storage_problems").create_index(["resolved_at"])

"""The match table: one verdict per (article, watch), with everything that explains it."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from crawler.storage.tables import db_table

migrations = Migrations("watchpost-matches")


@migrations()
def m001_matches(db: Database) -> None:
    """One row per (article, watch): the verdict and everything that explains it."""
    db_table(db, "matches").create(
        {"article_id": int, "watch": str, "matched": int, "score": float,
         "primary_place_id": str, "primary_place": str, "terms": str, "places": str,
         "snippet": str, "reasons": str, "matched_at": str},
        pk=("article_id", "watch"),
        foreign_keys=[("article_id", "articles", "id")],
    )
    db_table(db, "matches").create_index(["watch", "matched"])
    db_table(db, "matches").create_index(["matched_at"])

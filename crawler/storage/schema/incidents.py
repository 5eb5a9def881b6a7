"""The incident tables: incidents, their keys, sources and revisions, and facts awaiting resolution."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from crawler.storage.tables import db_table

migrations = Migrations("watchpost-incidents")


@migrations()
def m001_incidents(db: Database) -> None:
    """Incidents, their sources, revisions, and the (day, province) keys candidates are found by."""
    db_table(db, "incidents").create(
        {"id": int, "title": str, "event_date": str, "date_precision": str, "published": str,
         "last_published": str, "primary_place_id": str, "primary_place": str, "places": str,
         "district": str, "province": str, "country": str, "lat": float, "lon": float, "actors": str,
         "event_types": str, "targets": str, "killed": int, "injured": int,
         "militants_killed": int, "watches": str, "revision": int, "facts": str,
         "created_at": str, "updated_at": str},
        pk="id",
    )
    db_table(db, "incidents").create_index(["updated_at"])
    db_table(db, "incidents").create_index(["event_date"])
    db_table(db, "incident_keys").create(
        {"incident_id": int, "day": str, "province": str}, pk=("incident_id", "day", "province"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )
    db_table(db, "incident_keys").create_index(["province", "day"])
    db_table(db, "incident_sources").create(
        {"id": int, "incident_id": int, "article_id": int, "source": str, "url": str,
         "title": str, "published": str, "reason": str, "added_at": str},
        pk="id",
        foreign_keys=[("incident_id", "incidents", "id"), ("article_id", "articles", "id")],
    )
    db_table(db, "incident_sources").create_index(["article_id"], unique=True)
    db_table(db, "incident_sources").create_index(["incident_id"])
    db_table(db, "incident_revisions").create(
        {"incident_id": int, "revision": int, "article_id": int, "changes": str,
         "created_at": str},
        pk=("incident_id", "revision"),
        foreign_keys=[("incident_id", "incidents", "id")],
    )


@migrations()
def m002_article_facts(db: Database) -> None:
    """Facts extracted during the crawl for matching articles not yet resolved into incidents."""
    db_table(db, "article_facts").create(
        {"article_id": int, "facts": str}, pk="article_id",
        foreign_keys=[("article_id", "articles", "id")],
    )

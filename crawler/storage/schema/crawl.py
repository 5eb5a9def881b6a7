"""The crawl's tables: sources, their poll state, articles (with full-text search), crawl runs.

Migrations are append-only: a database records each one it ran by name and never runs it again,
so a change to one already released reaches no existing database. Change the schema by adding
a migration at the end of its set (tests/storage/test_migration_history.py holds a hash of every
released one). A migration that adds what a released database may already have (a column added
in place before this rule) checks for it first.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from crawler.storage.tables import db_table

migrations = Migrations("watchpost")


@migrations()
def m001_crawl(db: Database) -> None:
    """Sources, their poll state, articles with full-text search, and crawl runs."""
    db_table(db, "sources").create(
        {"name": str, "url": str, "interval_s": float, "language": str, "region": str,
         "tags": str, "enabled": int, "updated_at": str},
        pk="name",
    )
    db_table(db, "feed_state").create(
        {"source": str, "etag": str, "last_modified": str, "body_hash": str,
         "last_polled_at": str, "last_success_at": str, "last_status": str,
         "last_http_status": int, "failures": int, "last_error": str, "next_due_at": str,
         "entries_seen": int, "articles_added": int},
        pk="source",
        defaults={"failures": 0, "entries_seen": 0, "articles_added": 0},
    )
    db_table(db, "articles").create(
        {"id": int, "url": str, "source": str, "entry_id": str, "title": str, "text": str,
         "summary": str, "author": str, "published": str, "language": str, "fetched_at": str,
         "status": str, "status_detail": str, "http_status": int, "text_hash": str},
        pk="id",
        not_null={"url", "source", "status", "fetched_at"},
    )
    db_table(db, "articles").create_index(["url"], unique=True)
    db_table(db, "articles").create_index(["source", "published"])
    db_table(db, "articles").create_index(["text_hash"])
    db_table(db, "articles").enable_fts(["title", "text"], create_triggers=True, tokenize="porter")
    db_table(db, "crawl_runs").create(
        {"id": int, "started_at": str, "finished_at": str, "sources": int, "counts": str,
         "errors": str, "status": str},
        pk="id",
    )


@migrations()
def m002_article_dates(db: Database) -> None:
    """Each article's date as its feed wrote it, and a flag when it is not stored as written
    (impossible, unreadable, too_old, future: see crawler.parse.dates)."""
    articles = db_table(db, "articles")
    articles.add_column("published_raw", str)
    articles.add_column("published_flag", str)


@migrations()
def m003_article_final_url(db: Database) -> None:
    """Where an article's page was read after redirects.

    Databases made from 62a69ed up to this migration have it already (their m001 made it).
    """
    articles = db_table(db, "articles")
    if "final_url" not in articles.columns_dict:
        articles.add_column("final_url", str)


@migrations()
def m004_crawl_run_owner(db: Database) -> None:
    """The pid and host of the process running a crawl, so a killed run can be closed.

    Databases made from f97f389 up to this migration have them already (their m001 made them).
    """
    runs = db_table(db, "crawl_runs")
    for column in ("pid", "host"):
        if column not in runs.columns_dict:
            runs.add_column(column, int if column == "pid" else str)


@migrations()
def m005_poll_interval(db: Database) -> None:
    """Each source's effective poll interval and why it is what it is (the configured one,
    stretched by the feed's TTL or max-age, a Retry-After, a failure back-off, or adaptive),
    shown by `watchpost status` and `watchpost sources list`."""
    state = db_table(db, "feed_state")
    state.add_column("poll_every", float)
    state.add_column("poll_why", str)

"""Every table's migrations, one set per feature, applied in this order by `open_db`.

The migration set names are stored in each database's `_sqlite_migrations` table: never rename one.
Migrations are append-only: a released one is never edited (a database that ran it never runs it
again); a change is a new migration at the end of its set, or a new set at the end of this list.
tests/storage/test_migration_history.py keeps a hash of each released migration.
"""

from sqlite_utils.migrations import Migrations

from crawler.storage.schema import alerts, crawl, daemon, incidents, matches, storage

MIGRATION_SETS: tuple[Migrations, ...] = (
    crawl.migrations, matches.migrations, incidents.migrations, daemon.migrations,
    alerts.migrations, storage.migrations,
)

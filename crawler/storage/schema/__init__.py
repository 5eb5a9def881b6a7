"""Every table's migrations, one set per feature, applied in this order by `open_db`.

The migration set names are stored in each database's `_sqlite_migrations` table: never rename one.
"""

from sqlite_utils.migrations import Migrations

from crawler.storage.schema import alerts, crawl, daemon, incidents, matches

MIGRATION_SETS: tuple[Migrations, ...] = (
    crawl.migrations, matches.migrations, incidents.migrations, daemon.migrations,
    alerts.migrations,
)

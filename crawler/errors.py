"""The crawler's exception tree; only the CLI turns these into messages and exit codes.

    WatchpostError
    ├── ConfigError        a config file that cannot be used (carries every problem found)
    ├── StorageError       the database cannot be opened, migrated, read or written
    │   ├── StorageFull      no space left: the disk, the file system, or SQLite's page limit
    │   ├── StorageReadOnly  the database file, its folder or its file system is read-only
    │   └── SchemaTooNew     the database was migrated by a newer watchpost than this one
    ├── UnsafeURL          an outbound URL the URL guard refuses
    │   └── Unresolvable     its host name does not resolve (DNS): no guard decision at all
    └── QueryError         a search query that cannot mean anything (says what and how)
"""

from __future__ import annotations


class WatchpostError(Exception):
    """Base of every error watchpost raises on purpose."""


class ConfigError(WatchpostError):
    """A configuration that cannot be used; `problems` lists every error with its path."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s)\n" + "\n".join(problems))


class StorageError(WatchpostError):
    """The database cannot be opened, migrated, read or written.

    The message names the database file and the cause; `path` and `cause` hold them apart
    (None when the error did not come from one database).
    """

    def __init__(self, message: str, *, path: str | None = None, cause: str | None = None
                 ) -> None:
        self.path = path
        self.cause = cause
        super().__init__(message)


class StorageFull(StorageError):
    """Nothing more can be written: the file system is full (or SQLite's page limit is hit)."""


class StorageReadOnly(StorageError):
    """The database file, its folder or its file system cannot be written."""


class SchemaTooNew(StorageError):
    """The database holds migrations this watchpost does not know: a newer one made it."""


class UnsafeURL(WatchpostError):
    """An outbound URL refused by the URL guard (scheme, address or spelling)."""


class Unresolvable(UnsafeURL):
    """A host name that does not resolve: reported as a DNS failure, never as "unsafe"."""


class QueryError(WatchpostError):
    """A search query that cannot be run: the message says what is wrong and how to write it."""

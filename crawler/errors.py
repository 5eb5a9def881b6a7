"""The crawler's exception tree; only the CLI turns these into messages and exit codes.

    WatchpostError
    ├── ConfigError        a config file that cannot be used (carries every problem found)
    ├── StorageError       the database cannot be opened or migrated
    └── UnsafeURL          an outbound URL the URL guard refuses
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
    """The database cannot be opened, migrated or written."""


class UnsafeURL(WatchpostError):
    """An outbound URL refused by the URL guard (scheme, address or spelling)."""

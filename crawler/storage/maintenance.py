"""Looking after the database file: a consistent copy while others write, and a health check.

`backup_db` uses SQLite's online backup API in one step: it copies every page under a single
read transaction, which in WAL mode never blocks the daemon's writes and sees none of them
half-done. The copy is written beside the target, checked, switched to a single file (no WAL)
and renamed into place, so a failed backup never leaves a half-written file under its name.

`check_db` reads only: PRAGMA integrity_check, the schema version of every migration set
(pending, newer than this watchpost), the file and WAL sizes, and row counts.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from crawler.errors import StorageError
from crawler.storage.db import BUSY_TIMEOUT_MS
from crawler.storage.faults import storage_error
from crawler.storage.tables import table_exists
from crawler.storage.versions import SetVersion, schema_versions

# Tables whose row counts `check_db` reports, in this order (those that exist).
COUNTED = ("sources", "feed_state", "articles", "matches", "incidents", "incident_sources",
           "outbox", "subscriptions", "crawl_runs", "daemon_ticks", "storage_problems")


@dataclass(frozen=True)
class BackupResult:
    """What a backup wrote."""

    path: Path
    pages: int
    size: int
    seconds: float


@dataclass
class CheckResult:
    """What `check_db` found."""

    path: Path
    size: int
    wal_size: int
    page_size: int = 0
    pages: int = 0
    free_pages: int = 0
    journal_mode: str = "?"
    integrity: list[str] = field(default_factory=list)
    versions: list[SetVersion] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        """True when integrity_check found nothing wrong."""
        return self.integrity == ["ok"]


def _connect(path: Path, doing: str) -> sqlite3.Connection:
    """A connection to an existing database (never creating one)."""
    if not path.is_file():
        raise StorageError(f"no database at {path}", path=str(path), cause="no such file")
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise storage_error(exc, path, doing) or StorageError(
            f"cannot open database {path}: {exc}", path=str(path), cause=str(exc)) from exc
    return conn


def backup_db(source: Path, target: Path) -> BackupResult:
    """Copy the live database `source` to `target` (replacing it), consistent as of one moment."""
    started = time.monotonic()
    src = _connect(source, "reading it for a backup")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        # Created 0600 before SQLite opens it: a backup holds what the database holds.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst)  # pages=-1: every page in one step, one read transaction
            # One self-contained file: open_db turns WAL back on when it is used.
            dst.execute("PRAGMA journal_mode = DELETE")
            problems = [row[0] for row in dst.execute("PRAGMA quick_check")]
            pages = dst.execute("PRAGMA page_count").fetchone()[0]
        finally:
            dst.close()
        if problems != ["ok"]:
            raise StorageError(f"the backup of {source} failed its check: {problems[0]}",
                               path=str(source), cause=problems[0])
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        raise storage_error(exc, target, f"writing a backup of {source}") or StorageError(
            f"backup of {source} to {target} failed: {exc}", path=str(source),
            cause=str(exc)) from exc
    finally:
        src.close()
        partial.unlink(missing_ok=True)
    return BackupResult(target, pages, target.stat().st_size, time.monotonic() - started)


def check_db(path: Path, quick: bool = False) -> CheckResult:
    """Integrity, schema versions and sizes of the database at `path`, read only.

    A file too damaged for SQLite to read is reported as an integrity failure, not raised.
    """
    conn = _connect(path, "checking it")
    wal = path.with_name(path.name + "-wal")
    result = CheckResult(path, path.stat().st_size, wal.stat().st_size if wal.exists() else 0)
    try:
        _read_facts(conn, result, quick)
    except sqlite3.DatabaseError as exc:
        if not _damaged(exc):
            raise storage_error(exc, path, "checking it") or StorageError(
                f"cannot check database {path}: {exc}", path=str(path), cause=str(exc)) from exc
        result.integrity = [*(p for p in result.integrity if p != "ok"), f"unreadable: {exc}"]
    finally:
        conn.close()
    return result


def _read_facts(conn: sqlite3.Connection, result: CheckResult, quick: bool) -> None:
    db = Database(conn)
    result.page_size, result.pages, result.free_pages, result.journal_mode = (
        conn.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("page_size", "page_count", "freelist_count", "journal_mode"))
    result.integrity = [str(row[0]) for row in conn.execute(
        "PRAGMA quick_check" if quick else "PRAGMA integrity_check")]
    result.versions = schema_versions(db)
    result.rows = {name: conn.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
                   for name in COUNTED if table_exists(db, name)}


def _damaged(exc: sqlite3.Error) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB: the file itself is damaged."""
    return getattr(exc, "sqlite_errorcode", -1) & 0xFF in (11, 26)

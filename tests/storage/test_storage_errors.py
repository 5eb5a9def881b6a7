"""A write the database refuses is a StorageError naming the file and the cause, and nothing
of the transaction stays: on a real file limited with PRAGMA max_page_count (SQLITE_FULL), a
commit that fails, and the OS errors a full or read-only file system gives."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from crawler.errors import StorageError, StorageFull, StorageReadOnly
from crawler.storage.db import open_db, write
from crawler.storage.faults import storage_error
from crawler.storage.store import record_feed_states, save_articles


def articles(n: int, size: int = 3000) -> list[dict[str, object]]:
    return [{"url": f"https://example.org/{i}", "source": "s", "title": f"title {i}",
             "text": f"word{i} " * (size // 6), "fetched_at": "2025-01-01",
             "status": "extracted"} for i in range(n)]


def count(db: Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def capped(tmp_path: Path) -> Database:
    """A real database file that may grow by a few pages only (SQLITE_FULL beyond them)."""
    db = open_db(tmp_path / "watchpost.db")
    save_articles(db, articles(2))
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 8}")
    return db


def test_a_full_database_refuses_the_whole_batch_with_a_clear_error(
        capped: Database, tmp_path: Path) -> None:
    with pytest.raises(StorageFull) as caught:
        save_articles(capped, articles(100))
    message = str(caught.value)
    path = str(tmp_path / "watchpost.db")
    assert message.startswith(f"database {path} is full while storing articles: "
                              "database or disk is full")
    assert caught.value.path == path and caught.value.cause == "database or disk is full"
    assert count(capped, "articles") == 2  # none of the batch
    assert not capped.conn.in_transaction
    # Small writes still fit: the failure is the batch's, the connection stays usable.
    record_feed_states(capped, [{"source": "s", "failures": 1, "last_error": message[:100]}])
    assert count(capped, "feed_state") == 1


def test_a_failing_commit_is_rolled_back_and_the_connection_stays_usable(
        tmp_path: Path) -> None:
    db = open_db(tmp_path / "watchpost.db")
    db.execute("PRAGMA defer_foreign_keys = ON")
    # A deferred constraint fails at COMMIT, as SQLITE_FULL does on a real full disk.
    with pytest.raises(sqlite3.IntegrityError), write(db):
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute("INSERT INTO matches (article_id, watch, matched) VALUES (999, 'w', 1)")
    assert not db.conn.in_transaction
    assert count(db, "matches") == 0
    save_articles(db, articles(1))
    assert count(db, "articles") == 1


def test_an_error_in_sql_is_not_a_storage_error(tmp_path: Path) -> None:
    db = open_db(tmp_path / "watchpost.db")
    with pytest.raises(sqlite3.OperationalError, match="no such column"), write(db):
        db.execute("UPDATE articles SET nonsense = 1")
    with pytest.raises(sqlite3.IntegrityError), write(db):
        db.execute("INSERT INTO articles (url) VALUES (NULL)")
    assert not db.conn.in_transaction


@pytest.mark.parametrize(("code", "kind"), [
    (errno.ENOSPC, StorageFull), (errno.EDQUOT, StorageFull), (errno.EROFS, StorageReadOnly),
    (errno.EACCES, StorageReadOnly), (errno.EIO, StorageError)])
def test_os_errors_say_what_they_mean(code: int, kind: type[StorageError],
                                      tmp_path: Path) -> None:
    found = storage_error(OSError(code, "boom"), tmp_path / "x.db", "taking the lock")
    assert type(found) is kind
    assert str(found).startswith(f"database {tmp_path / 'x.db'} ")
    assert "while taking the lock" in str(found)


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "watchpost.db"
    path.write_bytes(b"this is a text file, not SQLite " * 200)
    with pytest.raises(StorageError) as caught:
        open_db(path)
    assert str(caught.value) == (f"database {path} failed while opening it: "
                                 "file is not a database")


def test_a_database_under_a_file_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(StorageError) as caught:
        open_db(tmp_path / "afile" / "watchpost.db")
    assert str(caught.value).startswith(
        f"database {tmp_path / 'afile' / 'watchpost.db'} failed while creating its folder: ")
    assert "File exists" in str(caught.value)

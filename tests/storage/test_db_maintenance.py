"""`watchpost db backup` copies a database another process is writing, consistent as of one
moment; `watchpost db check` finds a damaged index and a damaged page (exit 3)."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.storage.db import open_db, write
from crawler.storage.maintenance import backup_db, check_db
from crawler.storage.store import save_articles
from crawler.storage.versions import schema_versions
from tests.support.cli import WATCHPOST
from tests.support.waiting import wait_for

# Each transaction stores one article and its verdict: a copy holding one without the other
# was taken half-way through a write.
WRITER = """
import sys
from crawler.storage.db import open_db, write
from crawler.storage.store import save_articles
db = open_db(sys.argv[1], migrate=False)
n = 0
while True:
    n += 1
    with write(db):
        url = f"https://example.org/w/{n}"
        ids = save_articles(db, [{"url": url, "source": "w", "title": "t", "text": "x" * 900,
                                  "fetched_at": "2025-01-01", "status": "extracted"}])
        db.execute("INSERT INTO matches (article_id, watch, matched) VALUES (?, 'w', 1)",
                   [ids[url]])
"""


def article_rows(n: int, prefix: str = "a") -> list[dict[str, object]]:
    return [{"url": f"https://example.org/{prefix}/{i}", "source": "s", "title": f"title {i}",
             "text": "word " * 40, "fetched_at": "2025-01-01", "status": "extracted",
             "text_hash": f"h{i:05d}"} for i in range(n)]


def written(path: Path) -> tuple[int, int]:
    """(writer's articles, writer's verdicts) in a database file."""
    conn = sqlite3.connect(path)
    try:
        return (conn.execute("SELECT count(*) FROM articles WHERE source = 'w'").fetchone()[0],
                conn.execute("SELECT count(*) FROM matches WHERE watch = 'w'").fetchone()[0])
    finally:
        conn.close()


def under_way(path: Path, writer: subprocess.Popen[bytes], commits: int = 20) -> None:
    """Wait (with a deadline) until the writer has committed `commits` transactions."""
    wait_for(lambda: written(path)[0] >= commits or writer.poll() is not None, 60,
             f"the writer's first {commits} commits", every=0.05)
    assert writer.poll() is None, "the writer died"


@pytest.fixture
def busy_database(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[bytes]]]:
    """A 40 MB database and a process writing to it without pause."""
    path = tmp_path / "watchpost.db"
    db = open_db(path)
    with write(db):
        db.execute("CREATE TABLE ballast (data BLOB)")
        db.conn.executemany("INSERT INTO ballast VALUES (randomblob(10000))",
                            [()] * 4000)
    db.close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)])
    try:
        yield path, writer
    finally:
        writer.kill()
        writer.wait()


def test_backup_while_another_process_writes_is_consistent(
        busy_database: tuple[Path, subprocess.Popen[bytes]], tmp_path: Path) -> None:
    path, writer = busy_database
    under_way(path, writer)
    target = tmp_path / "backup.db"
    before = written(path)[0]
    result = backup_db(path, target)
    after = written(path)[0]
    assert after > before, "nothing was written while the backup ran"
    assert writer.poll() is None

    articles, verdicts = written(target)
    assert before <= articles <= after and articles == verdicts  # one moment, no half write
    assert result.size == target.stat().st_size > 40_000_000
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    assert not target.with_name("backup.db-wal").exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    restored = open_db(target)  # a usable watchpost database, nothing pending
    assert all(not v.pending for v in schema_versions(restored))
    restored.close()


def test_backup_command_names_what_it_wrote(
        busy_database: tuple[Path, subprocess.Popen[bytes]], tmp_path: Path) -> None:
    path, writer = busy_database
    under_way(path, writer)
    config = tmp_path / "config.yaml"
    config.write_text(f"database: {path}\n")
    target = tmp_path / "copy.db"
    result = subprocess.run([WATCHPOST, "db", "backup", str(target), "--config", str(config)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"backed up {path} to {target}: ")
    assert written(target)[0] == written(target)[1] > 0


def damaged_index(tmp_path: Path) -> Path:
    """A database whose text_hash index has lost its first keys (the table is intact)."""
    path = tmp_path / "watchpost.db"
    db = open_db(path)
    save_articles(db, article_rows(20))
    root = db.execute("SELECT rootpage FROM sqlite_master "
                      "WHERE name = 'idx_articles_text_hash'").fetchone()[0]
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with path.open("r+b") as handle:
        handle.seek(root * page - 64)
        tail = handle.read(64)
        assert b"h00000" in tail
        handle.seek(root * page - 64)
        handle.write(tail.replace(b"h0000", b"z9999"))
    return path


def run_check(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    config = path.with_name("config.yaml")
    config.write_text(f"database: {path}\n")
    return subprocess.run([WATCHPOST, "db", "check", "--config", str(config), *args],
                          capture_output=True, text=True, timeout=120)


def test_check_passes_a_sound_database_and_reports_its_facts(tmp_path: Path) -> None:
    path = tmp_path / "watchpost.db"
    db = open_db(path)
    save_articles(db, article_rows(7))
    db.close()
    result = run_check(path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "integrity:  ok" in out and "articles 7" in out and "WAL" in out
    assert re.search(r"^  watchpost +(\d+)/\1 applied$", out, re.M), out
    assert "pending" not in out and "NEWER" not in out


def test_check_fails_a_damaged_index_with_exit_3(tmp_path: Path) -> None:
    path = damaged_index(tmp_path)
    result = run_check(path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "integrity:  FAILED" in result.stdout
    assert "missing from index idx_articles_text_hash" in result.stdout
    assert result.stderr.strip() == f"error: database {path} failed its integrity check"
    # quick_check does not read index contents: the difference is documented in --help.
    assert run_check(path, "--quick").returncode == 0


def test_check_fails_an_unreadable_page_with_exit_3(tmp_path: Path) -> None:
    path = tmp_path / "watchpost.db"
    db = open_db(path)
    save_articles(db, article_rows(300))
    root = db.execute("SELECT rootpage FROM sqlite_master "
                      "WHERE name = 'idx_articles_text_hash'").fetchone()[0]
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * 4096 + 2048)
        handle.write(b"\xff" * 64)
    result = run_check(path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "unreadable: database disk image is malformed" in result.stdout
    assert "Traceback" not in result.stderr


def test_check_of_a_missing_database_is_one_clear_error(tmp_path: Path) -> None:
    result = run_check(tmp_path / "nothing-here.db")
    assert result.returncode == 3
    assert result.stderr.strip() == f"error: no database at {tmp_path / 'nothing-here.db'}"
    assert not (tmp_path / "nothing-here.db").exists()  # not created by looking


def test_check_reads_without_writing(tmp_path: Path) -> None:
    path = damaged_index(tmp_path)
    before = path.read_bytes()
    check_db(path)
    assert path.read_bytes() == before
    assert not os.path.exists(str(path) + "-wal")

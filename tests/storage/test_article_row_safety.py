"""What save_articles lets into the articles table: web URLs only, no control characters, and
each date with the string its feed wrote; and the migration that added those date columns."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from crawler.storage.db import open_db
from crawler.storage.store import save_articles, search


def _row(url: str | None, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"url": url, "source": "wire", "title": "Blast in Quetta",
                           "text": "Three killed in Quetta.", "fetched_at": "2025-07-01T00:00:00",
                           "status": "feed_only", "text_hash": str(url)[-6:]}
    row.update(fields)
    return row


def _stored(path: Path) -> dict[str, dict[str, Any]]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return {r["url"]: dict(r) for r in conn.execute("SELECT * FROM articles")}
    finally:
        conn.close()


@pytest.mark.parametrize("bad", [
    "data:text/html;base64,PGgxPkJsYXN0PC9oMT4=", "file:///etc/passwd", "ftp://a.example/x",
    "javascript:alert(1)", "JavaScript:alert(1)", "http:///no-host", "", None,
])
def test_a_row_whose_url_is_not_a_web_link_is_not_stored(
        tmp_path: Path, bad: str | None, caplog: pytest.LogCaptureFixture) -> None:
    db = open_db(tmp_path / "w.db")
    with caplog.at_level(logging.WARNING, logger="crawler.storage.store"):
        added = save_articles(db, [_row("https://a.example.com/1"), _row(bad)])
    db.close()
    assert list(added) == ["https://a.example.com/1"]
    assert list(_stored(tmp_path / "w.db")) == ["https://a.example.com/1"]
    assert "wire: article" in caplog.text and "not an http(s) link" in caplog.text


def test_a_final_url_that_is_not_a_web_link_is_not_stored(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    save_articles(db, [_row("https://a.example.com/1", final_url="javascript:alert(1)"),
                       _row("https://a.example.com/2", final_url="https://b.example.com/2")])
    db.close()
    rows = _stored(tmp_path / "w.db")
    assert rows["https://a.example.com/1"]["final_url"] is None
    assert rows["https://a.example.com/2"]["final_url"] == "https://b.example.com/2"


def test_control_characters_never_reach_the_table_or_search(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    save_articles(db, [_row("https://a.example.com/1", title="Blast\x00 in \x1b[31mQuetta\x01",
                            text="Three\x1b[2J killed\x07 in Quetta.\nPolice said so.",
                            summary="Three\x9b killed.", author="Desk\x1b]0;x\x07",
                            entry_id="id\x00-1", published_raw="Mon\x00, 06 Jan 2025")])
    found = search(db, "Quetta")
    db.close()
    row = _stored(tmp_path / "w.db")["https://a.example.com/1"]
    assert row["title"] == "Blast in [31mQuetta"
    assert row["text"] == "Three[2J killed in Quetta.\nPolice said so."
    assert row["summary"] == "Three killed." and row["author"] == "Desk]0;x"
    assert row["entry_id"] == "id-1" and row["published_raw"] == "Mon, 06 Jan 2025"
    assert found and "\x1b" not in found[0]["title"] + found[0]["snippet"]


def test_dates_are_stored_with_the_string_their_feed_wrote(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    save_articles(db, [
        _row("https://a.example.com/1", published=None, published_raw="2024-13-45T25:61:00Z",
             published_flag="impossible"),
        _row("https://a.example.com/2", published="2025-07-01T00:00:00+00:00",
             published_raw="Tue, 02 Jul 2025 10:00:00 GMT", published_flag="future"),
    ])
    db.close()
    rows = _stored(tmp_path / "w.db")
    first, second = rows["https://a.example.com/1"], rows["https://a.example.com/2"]
    assert (first["published"], first["published_raw"], first["published_flag"]) == (
        None, "2024-13-45T25:61:00Z", "impossible")
    assert second["published_flag"] == "future" and second["published_raw"].startswith("Tue")


def test_a_database_from_before_the_date_columns_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_db(path).close()
    # The articles table as the previous schema left it: no date columns, m002 not applied,
    # and an article stored by that version.
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE articles DROP COLUMN published_raw")
    conn.execute("ALTER TABLE articles DROP COLUMN published_flag")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_article_dates'")
    conn.execute("INSERT INTO articles (url, source, title, text, published, fetched_at, status) "
                 "VALUES ('https://a.example.com/old', 'wire', 'Old story', 'Old text.', "
                 "'2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00', 'extracted')")
    conn.commit()
    conn.close()
    db = open_db(path)
    save_articles(db, [_row("https://a.example.com/new", published_raw="2025-02-30",
                            published_flag="impossible")])
    db.close()
    rows = _stored(path)
    assert rows["https://a.example.com/old"]["published"] == "2025-01-01T00:00:00+00:00"
    assert rows["https://a.example.com/old"]["published_raw"] is None
    assert rows["https://a.example.com/new"]["published_flag"] == "impossible"

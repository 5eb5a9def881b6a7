"""Storing articles: one multi-row insert per batch, duplicates skipped, all indexed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler.storage.db import open_db
from crawler.storage.store import save_articles, search


def _row(url: str, text: str) -> dict[str, Any]:
    return {"url": url, "source": "s", "title": f"title of {url}", "text": text,
            "fetched_at": "2026-12-04T00:00:00+00:00", "status": "extracted"}


def test_new_urls_get_ids_duplicates_are_skipped_and_all_are_searchable(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    first = save_articles(db, [_row("http://a/1", "a blast in Quetta"),
                               _row("http://a/2", "floods in Sindh")])
    assert set(first) == {"http://a/1", "http://a/2"}
    # Already stored, repeated within the batch, and new: only the new one is added, once.
    second = save_articles(db, [_row("http://a/1", "changed"), _row("http://a/3", "ambush"),
                                _row("http://a/3", "ambush again")])
    assert list(second) == ["http://a/3"]
    assert second["http://a/3"] not in first.values()
    stored = {r["url"]: (r["id"], r["text"]) for r in db.query("SELECT id, url, text FROM articles")}
    assert stored == {"http://a/1": (first["http://a/1"], "a blast in Quetta"),
                      "http://a/2": (first["http://a/2"], "floods in Sindh"),
                      "http://a/3": (second["http://a/3"], "ambush")}
    assert [r["url"] for r in search(db, "blast")] == ["http://a/1"]
    assert [r["url"] for r in search(db, "ambush")] == ["http://a/3"]
    assert search(db, "changed") == []


def test_batches_larger_than_one_statement_are_all_stored(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    rows = [_row(f"http://b/{i}", f"story number{i} text") for i in range(1234)]
    added = save_articles(db, rows)
    assert len(added) == 1234 == len(set(added.values()))
    assert db.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 1234
    assert [r["url"] for r in search(db, "number1233")] == ["http://b/1233"]

"""Poll-state writes never lose a field: a batch of sources with different outcomes (200, 304,
failed) is written so that each row keeps what its poll did not change.

sqlite-utils' upsert_all takes its columns from the batch, so a row without `etag` in a batch
where another row has one was written with etag NULL: 304 sources lost their validators (and
were refetched whole), failed ones lost `last_success_at` (and their health flapped).
"""

from __future__ import annotations

from pathlib import Path

from crawler.storage.db import open_db
from crawler.storage.store import record_feed_states
from tests.support.cli import run_cli, write_config
from tests.support.newssite import NewsSite
from tests.support.rows import query

_FULL = {"etag": '"e1"', "last_modified": "Mon, 01 Jan 2026 00:00:00 GMT", "body_hash": "h1",
         "last_success_at": "2026-01-01T00:00:00+00:00", "last_status": "ok", "failures": 0}


def _state(path: Path) -> dict[str, dict]:
    return {r["source"]: r for r in query(path, "SELECT * FROM feed_state")}


def test_a_mixed_batch_keeps_each_rows_unchanged_fields(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    record_feed_states(db, [{"source": s, **_FULL} for s in ("fresh", "same", "down")])
    record_feed_states(db, [
        {"source": "fresh", "etag": '"e2"', "last_modified": None, "body_hash": "h2",
         "last_success_at": "2026-01-02T00:00:00+00:00", "last_status": "ok", "failures": 0},
        {"source": "same", "last_success_at": "2026-01-02T00:00:00+00:00",
         "last_status": "not_modified", "failures": 0},
        {"source": "down", "last_status": "failed", "failures": 1, "last_error": "HTTP 503"},
    ])
    db.close()
    rows = _state(tmp_path / "w.db")
    assert rows["fresh"]["etag"] == '"e2"' and rows["fresh"]["body_hash"] == "h2"
    assert rows["fresh"]["last_modified"] is None  # written as None on purpose: kept None
    same = rows["same"]
    assert (same["etag"], same["last_modified"], same["body_hash"]) == (
        _FULL["etag"], _FULL["last_modified"], _FULL["body_hash"])
    assert same["last_success_at"] == "2026-01-02T00:00:00+00:00"
    down = rows["down"]
    assert down["last_success_at"] == _FULL["last_success_at"]
    assert (down["etag"], down["last_modified"], down["body_hash"]) == (
        _FULL["etag"], _FULL["last_modified"], _FULL["body_hash"])
    assert down["last_error"] == "HTTP 503" and down["failures"] == 1


def test_a_crawl_of_200_304_and_failed_sources_keeps_validators_and_last_success(
    site: NewsSite, tmp_path: Path,
) -> None:
    config = write_config(tmp_path, site)
    first = run_cli("crawl", "--config", str(config))
    assert first.returncode == 0, first.stderr
    before = _state(tmp_path / "watchpost.db")
    assert before["wire-atom"]["etag"] and before["courier-rdf"]["etag"]
    site.publish("courier-rss", {"id": "fresh-story", "title": "A new story",
                                 "body": "Fresh text of a new story for the test."})
    site.fail("/wire/atom.xml", 503)
    second = run_cli("crawl", "--config", str(config))
    assert second.returncode == 0, second.stderr
    after = _state(tmp_path / "watchpost.db")
    assert after["courier-rss"]["last_status"] == "ok"
    assert after["courier-rss"]["etag"] != before["courier-rss"]["etag"]
    same = after["courier-rdf"]
    assert same["last_status"] == "not_modified"
    for key in ("etag", "last_modified", "body_hash"):
        assert same[key] == before["courier-rdf"][key], key
    down = after["wire-atom"]
    assert down["last_status"] == "failed" and down["failures"] == 1
    assert down["last_success_at"] == before["wire-atom"]["last_success_at"]
    for key in ("etag", "last_modified", "body_hash"):
        assert down[key] == before["wire-atom"][key], key

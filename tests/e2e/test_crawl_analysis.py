"""Watches and facts run in the extraction workers during the crawl, exactly as after it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.cli import WATCH, run_cli, write_config
from tests.support.newssite import NewsSite

_CRAWL_ONLY = "import sys; from crawler.config import load_config; " \
              "from crawler.fetch.crawl import run_crawl; run_crawl(load_config(sys.argv[1]))"


def _query(db_path: Path, sql: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute(sql)]
    conn.close()
    return rows


def _verdicts(db_path: Path) -> dict[tuple[str, str], tuple[Any, ...]]:
    rows = _query(db_path, "SELECT a.url, m.* FROM matches m JOIN articles a ON a.id = m.article_id")
    return {(r["url"], r["watch"]): (r["matched"], r["score"], r["primary_place_id"], r["terms"],
                                     r["places"], r["reasons"]) for r in rows}


def _incidents(db_path: Path) -> list[tuple[Any, ...]]:
    rows = _query(db_path, "SELECT title, event_date, primary_place_id, killed, injured, actors, "
                           "facts FROM incidents ORDER BY title, event_date")
    return [tuple(r.values()) for r in rows]


def test_workers_classify_during_the_crawl_as_the_writer_would_after_it(
        site: NewsSite, tmp_path: Path) -> None:
    pooled = tmp_path / "pooled"
    pooled.mkdir()
    config = write_config(pooled, site, watches=[WATCH], crawl={"workers": 2})
    subprocess.run([sys.executable, "-c", _CRAWL_ONLY, str(config)], check=True, timeout=120,
                   capture_output=True)
    db = pooled / "watchpost.db"

    # Straight after the crawl, before any post-crawl step: every extracted article has the
    # watch's verdict, feed-only fallbacks have none yet, and matches carry their facts.
    extracted = _query(db, "SELECT id FROM articles WHERE status = 'extracted'")
    fallbacks = _query(db, "SELECT id FROM articles WHERE status = 'feed_only'")
    assert extracted and fallbacks
    judged = {r["article_id"] for r in _query(db, "SELECT article_id FROM matches")}
    assert judged == {r["id"] for r in extracted}
    matched = {r["article_id"] for r in _query(db, "SELECT article_id FROM matches WHERE matched")}
    assert matched
    assert {r["article_id"] for r in _query(db, "SELECT article_id FROM article_facts")} == matched
    assert not _query(db, "SELECT id FROM incidents")

    # The next run (nothing new to fetch) classifies the fallbacks, resolves from the stored
    # facts and drops them once used.
    run = run_cli("crawl", "--config", str(config), "--no-alerts")
    assert run.returncode == 0, run.stderr
    assert not _query(db, "SELECT * FROM article_facts")
    judged = {r["article_id"] for r in _query(db, "SELECT article_id FROM matches")}
    assert judged == {r["id"] for r in extracted + fallbacks}

    # The same site crawled with no watch, then classified and resolved by the next run with
    # the watch, gives the same verdicts and incidents: analysis in the workers changes where
    # and when the work runs, not its result.
    after = tmp_path / "after"
    after.mkdir()
    for watches in ([], [WATCH]):
        run = run_cli("crawl", "--config", str(write_config(after, site, watches=watches)),
                      "--no-alerts")
        assert run.returncode == 0, run.stderr
    assert _verdicts(db) == _verdicts(after / "watchpost.db")
    assert _incidents(db) == _incidents(after / "watchpost.db")
    assert _incidents(db)

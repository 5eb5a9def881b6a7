"""New entries beyond crawl.max_articles_per_feed are never dropped without a word: the
crawl's summary, its run record and `watchpost status` count them; entries already stored do
not use up the limit."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.support.cli import run_cli, write_config
from tests.support.newssite import NewsSite


def _feed(site: NewsSite, count: int, first: int = 0) -> bytes:
    items = "".join(
        f"<item><title>Report {n}</title><link>{site.url}/limit/{n}.html</link>"
        f"<guid>limit-{n}</guid><description>Report number {n} from Quetta.</description>"
        "</item>" for n in range(first + count - 1, first - 1, -1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>/</link>'
            f"<description>d</description>{items}</channel></rss>").encode()


def _stored(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def test_entries_over_the_limit_are_counted_and_shown(site: NewsSite, tmp_path: Path) -> None:
    site.serve_raw("/limit/feed.xml", _feed(site, 12), "application/rss+xml")
    config = write_config(tmp_path, site, sources=[
        {"name": "long-feed", "url": f"{site.url}/limit/feed.xml"}],
        crawl={"max_articles_per_feed": 5})
    result = run_cli("crawl", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert _stored(tmp_path / "watchpost.db") == 5
    row = next(line for line in result.stdout.splitlines() if line.startswith("long-feed"))
    assert "7 older new entries skipped (over crawl.max_articles_per_feed)" in row
    assert "; 7 older new entries skipped" in result.stdout
    with sqlite3.connect(tmp_path / "watchpost.db") as conn:
        counts = json.loads(conn.execute("SELECT counts FROM crawl_runs").fetchone()[0])
    assert counts["entries_skipped"] == 7
    status = run_cli("status", "--config", str(config))
    assert "7 entries skipped (over max_articles_per_feed)" in status.stdout, status.stdout
    status_json = json.loads(run_cli("status", "--json", "--config", str(config)).stdout)
    assert status_json["runs"][0]["entries_skipped"] == 7


def test_stored_entries_do_not_use_up_the_limit(site: NewsSite, tmp_path: Path) -> None:
    site.serve_raw("/limit/feed.xml", _feed(site, 4, first=10), "application/rss+xml")
    config = write_config(tmp_path, site, sources=[
        {"name": "long-feed", "url": f"{site.url}/limit/feed.xml"}],
        crawl={"max_articles_per_feed": 4})
    assert run_cli("crawl", "--config", str(config)).returncode == 0
    # The feed now also lists three older reports below the four stored ones: the stored
    # four fill the first places, and must not use up the limit.
    site.serve_raw("/limit/feed.xml", _feed(site, 7, first=7), "application/rss+xml")
    again = run_cli("crawl", "--config", str(config))
    assert again.returncode == 0, again.stderr
    assert _stored(tmp_path / "watchpost.db") == 7
    assert "skipped" not in again.stdout

"""Reads and writes of the crawl's tables: sources, feed state, articles, crawl runs, search.

`iso` and `utcnow` (crawler.clock) are imported from here by most modules.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from crawler.clock import iso, utcnow
from crawler.config import Config, SourceConfig
from crawler.parse.canonical import is_web_link
from crawler.parse.textnorm import strip_controls
from crawler.storage.db import db_table, write
from crawler.storage.query import fts_query

__all__ = ["iso", "utcnow"]  # re-exported from crawler.clock

log = logging.getLogger(__name__)


def sync_sources(db: Database, config: Config, now: datetime | None = None) -> None:
    """Make the sources table mirror the config; keep poll state of sources still configured."""
    stamp = iso(now or utcnow())
    rows = [
        {
            "name": s.name, "url": s.url, "interval_s": config.interval_of(s),
            "language": s.language, "region": s.region, "tags": json.dumps(list(s.tags)),
            "enabled": int(s.enabled), "updated_at": stamp,
        }
        for s in config.sources
    ]
    names = [r["name"] for r in rows]
    with write(db, "saving the configured sources"):
        if rows:
            db_table(db, "sources").upsert_all(rows, pk="name")
        marks = ",".join("?" for _ in names)
        db.execute(
            f"UPDATE sources SET enabled = 0 WHERE name NOT IN ({marks or 'NULL'})", names
        )


def feed_states(db: Database) -> dict[str, dict[str, Any]]:
    """Every source's stored poll state, by source name."""
    return {row["source"]: row for row in db_table(db, "feed_state").rows}


def due_sources(
    sources: Sequence[SourceConfig], states: dict[str, dict[str, Any]], now: datetime
) -> list[SourceConfig]:
    """Sources never polled or whose next due time has passed."""
    due = []
    for source in sources:
        next_due = (states.get(source.name) or {}).get("next_due_at")
        if not next_due or datetime.fromisoformat(next_due) <= now:
            due.append(source)
    return due


def known_urls(db: Database, urls: Iterable[str]) -> set[str]:
    """The subset of `urls` already stored as articles."""
    found: set[str] = set()
    batch = list(dict.fromkeys(urls))
    for start in range(0, len(batch), 500):
        chunk = batch[start : start + 500]
        marks = ",".join("?" for _ in chunk)
        found.update(
            row["url"]
            for row in db.query(f"SELECT url FROM articles WHERE url IN ({marks})", chunk)
        )
    return found


ARTICLE_COLUMNS = (
    "url", "source", "entry_id", "title", "text", "summary", "author", "published", "language",
    "fetched_at", "status", "status_detail", "http_status", "text_hash", "final_url",
    "published_raw", "published_flag",
)
# Text a source wrote: stored without control characters, whatever path it came by.
_SOURCE_TEXT = ("entry_id", "title", "text", "summary", "author", "published_raw")


_ROW_MARKS = "(" + ", ".join("?" for _ in ARTICLE_COLUMNS) + ")"
# Rows per INSERT: 17 columns each stays far below SQLite's 32,766 bound parameters.
_INSERT_CHUNK = 500


def save_articles(db: Database, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert articles, skipping URLs already stored; return the new ones' ids by URL.

    Runs in the caller's write transaction when there is one (so rows that depend on the new
    ids commit with them), else in its own. A row whose URL is not an http(s) link is not
    stored (it would be linked in alerts); the parse stage refuses those first.
    """
    added: dict[str, int] = {}
    rows = [clean for clean in map(_storable, rows) if clean is not None]
    with write(db, "storing articles"):
        for start in range(0, len(rows), _INSERT_CHUNK):
            chunk = rows[start : start + _INSERT_CHUNK]
            # One statement for many rows, not one per row: the full-text index's trigger
            # then flushes its pending terms once per statement instead of once per article
            # (that was 0.5 ms of every article stored, half of all the writer's time).
            sql = (f"INSERT OR IGNORE INTO articles ({', '.join(ARTICLE_COLUMNS)}) VALUES "
                   + ", ".join([_ROW_MARKS] * len(chunk)) + " RETURNING id, url")
            values = [row.get(c) for row in chunk for c in ARTICLE_COLUMNS]
            added.update((url, article_id) for article_id, url in db.conn.execute(sql, values))
    return added


def _storable(row: dict[str, Any]) -> dict[str, Any] | None:
    """The row as stored: a web URL, no control characters; None (logged) if it cannot be."""
    if not is_web_link(row.get("url")):
        log.warning("%s: article %r not stored: its URL is not an http(s) link",
                    row.get("source"), str(row.get("url"))[:120])
        return None
    clean = dict(row)
    for column in _SOURCE_TEXT:
        if isinstance(clean.get(column), str):
            clean[column] = strip_controls(clean[column])
    if clean.get("final_url") and not is_web_link(clean["final_url"]):
        clean["final_url"] = None
    return clean


def record_feed_states(db: Database, updates: Sequence[dict[str, Any]]) -> None:
    """Store the poll outcome of each source (upsert by source name) in one transaction.

    Each row sets exactly its own keys: a 304 or a failed poll leaves the validators and
    `last_success_at` as they were. Rows are grouped by their key set because sqlite-utils'
    upsert_all takes its columns from the whole batch and writes NULL for a key a row lacks.
    """
    if not updates:
        return
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in updates:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    with write(db, "recording poll outcomes"):
        for rows in groups.values():
            db_table(db, "feed_state").upsert_all(rows, pk="source", alter=False)


def next_due(
    now: datetime, interval: float, failures: int, backoff_max: float,
    retry_after: float | None = None, ttl_minutes: int | None = None,
    max_age: float | None = None,
) -> datetime:
    """When to poll again: the interval, stretched by feed TTL, max-age, failures, Retry-After."""
    wait, _ = poll_wait(interval, failures, backoff_max, retry_after, ttl_minutes, max_age)
    return now + timedelta(seconds=wait)


def poll_wait(
    interval: float, failures: int, backoff_max: float, retry_after: float | None = None,
    ttl_minutes: int | None = None, max_age: float | None = None,
) -> tuple[float, str]:
    """Seconds until the next poll and why, when not simply the interval ("" if it is):
    "backoff after N failures", "feed ttl", "max-age" or "retry-after"."""
    wait, why = interval, ""
    if failures:
        # Exponential back-off for a failing source, capped; it is never dropped.
        wait = min(interval * 2 ** min(failures, 16), max(backoff_max, interval))
        if wait > interval:
            why = f"backoff after {failures} failure{'s' if failures > 1 else ''}"
    # TTL and max-age may only stretch the interval, and only up to a day.
    for hint, seconds in (("feed ttl", ttl_minutes * 60.0 if ttl_minutes else None),
                          ("max-age", max_age), ("retry-after", retry_after)):
        if not seconds:
            continue
        seconds = seconds if hint == "retry-after" else min(seconds, 24 * 3600.0)
        if seconds > wait:
            wait, why = seconds, hint
    return wait, why


def start_run(db: Database, now: datetime, sources: int) -> int:
    """Open a crawl_runs row; return its id. Runs of this host whose process is gone (killed)
    are closed as `killed`, so none stays `running` forever."""
    host = socket.gethostname()
    with write(db, "starting a crawl run"):
        for row in db.query("SELECT id, pid FROM crawl_runs WHERE status = 'running' AND host = ?",
                            [host]):
            if row["pid"] and not _alive(row["pid"]):
                db.execute("UPDATE crawl_runs SET status = 'killed' WHERE id = ?", [row["id"]])
        table = db_table(db, "crawl_runs")
        table.insert({"started_at": iso(now), "sources": sources, "status": "running",
                      "pid": os.getpid(), "host": host})
        return int(table.last_pk)  # type: ignore[arg-type]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def finish_run(
    db: Database, run_id: int, now: datetime, counts: dict[str, int],
    errors: dict[str, list[str]], status: str,
) -> None:
    """Close a crawl_runs row with its counts and per-source errors."""
    with write(db, "closing a crawl run"):
        db_table(db, "crawl_runs").update(
            run_id,
            {"finished_at": iso(now), "counts": json.dumps(counts), "errors": json.dumps(errors),
             "status": status},
        )


# Ranking is bounded to the newest matches: a word found in half the corpus would otherwise
# have FTS5 score every matching row before LIMIT (p95 69 ms at 100,000 articles). For news,
# the best of the newest 400 matches is what a reader wants anyway.
RANK_WINDOW = 400


def search(db: Database, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Full-text search over stored articles, best first among the newest matches, with a
    highlighted snippet."""
    match = fts_query(query)
    ranked = db.execute(
        "SELECT rowid FROM (SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? "
        "ORDER BY rowid DESC LIMIT ?) ORDER BY rank LIMIT ?", [match, RANK_WINDOW, limit],
    ).fetchall()
    ids = [row[0] for row in ranked]
    if not ids:
        return []
    marks = ",".join("?" for _ in ids)
    rows = {row["id"]: row for row in db.query(f"""
        SELECT a.id, a.title, a.source, a.published, a.url, a.status,
               snippet(articles_fts, 1, '[', ']', ' … ', 24) AS snippet
        FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
        WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({marks})
    """, [match, *ids])}
    return [rows[i] for i in ids if i in rows]

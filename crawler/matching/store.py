"""Match records per (article, watch) in SQLite: classify pending articles, list and rematch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from crawler.config import Config
from crawler.incidents.store import save_pending_facts
from crawler.matching.analyse import Analysis, analyse
from crawler.matching.matcher import Match, Matcher
from crawler.matching.verdict import verdict_fields
from crawler.models import article_document
from crawler.storage.db import db_table, write
from crawler.storage.store import utcnow

BATCH = 200


def match_row(article_id: int, match: Match, now: datetime) -> dict[str, Any]:
    """The stored form of one verdict."""
    return {"article_id": article_id, **verdict_fields(match, now)}


def classify_pending(db: Database, config: Config, now: datetime | None = None) -> int:
    """Classify every article with no verdict yet (so a killed run is finished by the next).

    The same `analyse` as the crawl's workers: verdicts and, for a match, facts.
    """
    now = now or utcnow()
    sql = ("SELECT id, url, title, text, published, language FROM articles "
           "WHERE id NOT IN (SELECT DISTINCT article_id FROM matches) ORDER BY id")
    done = 0
    for batch in _batches(db, sql, []):
        with write(db):
            store_analyses(db, {row["id"]: analyse(row, config, now) for row in batch})
        done += len(batch)
    return done


def store_analyses(db: Database, analysed: Mapping[int, Analysis]) -> int:
    """Store each article's verdicts and facts (inside the caller's transaction); matches made.

    A verdict is never stored without its facts, so an article that matched is resolved from
    the facts its analysis found.
    """
    matched = save_verdict_rows(
        db, [{"article_id": i, **v} for i, a in analysed.items() for v in a.verdicts])
    save_pending_facts(db, [(i, a.facts_json) for i, a in analysed.items() if a.facts_json])
    return matched


def rematch(db: Database, matcher: Matcher, now: datetime | None = None) -> int:
    """Re-run every watch over every stored article, replacing the old verdicts."""
    now = now or utcnow()
    with write(db):
        # Watches removed from the config leave no stale verdicts behind.
        names = list(matcher.watch_names)
        marks = ",".join("?" for _ in names) or "NULL"
        db.execute(f"DELETE FROM matches WHERE watch NOT IN ({marks})", names)
    sql = "SELECT id, url, title, text, published, language FROM articles ORDER BY id"
    return _classify(db, matcher, sql, [], now)


def save_verdicts(db: Database, verdicts: Iterable[tuple[int, Sequence[Match]]],
                  now: datetime) -> int:
    """Store (replace) each article's verdicts; return how many were matches."""
    return save_verdict_rows(
        db, [match_row(article_id, m, now) for article_id, matches in verdicts for m in matches])


def save_verdict_rows(db: Database, rows: Sequence[dict[str, Any]]) -> int:
    """Store (replace) rendered verdict rows; return how many were matches."""
    if rows:
        with write(db):
            db_table(db, "matches").upsert_all(rows, pk=("article_id", "watch"))
    return sum(row["matched"] for row in rows)


def _classify(db: Database, matcher: Matcher, sql: str, params: list[Any], now: datetime) -> int:
    done = 0
    for batch in _batches(db, sql, params):
        save_verdicts(
            db, ((a["id"], matcher.classify(article_document(a))) for a in batch), now)
        done += len(batch)
    return done


def _batches(db: Database, sql: str, params: list[Any]) -> Iterator[list[dict[str, Any]]]:
    # Materialise one batch at a time: the cursor must not be open across write transactions.
    last_id = 0
    while True:
        batch = list(db.query(
            f"SELECT * FROM ({sql}) WHERE id > ? ORDER BY id LIMIT {BATCH}", [*params, last_id]
        ))
        if not batch:
            return
        last_id = batch[-1]["id"]
        yield batch


def list_matches(
    db: Database, watch: str | None = None, since: str | None = None,
    include_misses: bool = False, limit: int = 100,
) -> list[dict[str, Any]]:
    """Matches newest first, joined with their articles."""
    where = ["1=1" if include_misses else "m.matched = 1"]
    params: list[Any] = []
    if watch:
        where.append("m.watch = ?")
        params.append(watch)
    if since:
        where.append("coalesce(a.published, a.fetched_at) >= ?")
        params.append(since)
    sql = f"""
        SELECT m.*, a.title, a.url, a.source, a.published
        FROM matches m JOIN articles a ON a.id = m.article_id
        WHERE {' AND '.join(where)}
        ORDER BY coalesce(a.published, a.fetched_at) DESC LIMIT ?
    """
    return list(db.query(sql, [*params, limit]))

"""Source health: a source failing for too long, or silent for unusually long, is a problem.

Each (source, problem) is raised once per episode and resolved when it clears; episodes are
stored in `source_health`, so a restarted daemon neither forgets nor repeats them.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from crawler.clock import duration_words, shown_time
from crawler.config import Config
from crawler.config.daemon import HealthConfig
from crawler.storage.db import write
from crawler.storage.store import iso

_RHYTHM_SAMPLE = 20  # recent articles used to learn a source's usual gap


@dataclass(frozen=True)
class HealthEvent:
    """A problem raised or resolved: `problem` is failing | silent, `state` raised | resolved."""

    source: str
    problem: str
    state: str
    since: str | None
    detail: str


def detect(db: Database, config: Config, cfg: HealthConfig, now: datetime
           ) -> dict[tuple[str, str], tuple[str, str]]:
    """Current problems of enabled sources: (source, problem) -> (since, detail)."""
    states = {r["source"]: r for r in db.table("feed_state").rows}
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for source in config.enabled_sources():
        state: dict[str, Any] = states.get(source.name) or {}
        failures = int(state.get("failures") or 0)
        if failures:
            since = state.get("last_success_at") or state.get("last_polled_at")
            if since and now - datetime.fromisoformat(since) >= timedelta(
                    seconds=cfg.failing_after):
                found[(source.name, "failing")] = (
                    since, f"{failures} failed polls; last error: {state.get('last_error') or '-'}")
        elif cfg.silent_factor > 0:
            silent = _silence(db, source.name, cfg, now)
            if silent:
                found[(source.name, "silent")] = silent
    return found


def _silence(db: Database, source: str, cfg: HealthConfig, now: datetime
             ) -> tuple[str, str] | None:
    """(since, detail) when the source published nothing for far longer than it usually does."""
    stamps = [datetime.fromisoformat(r[0]) for r in db.execute(
        "SELECT coalesce(published, fetched_at) AS t FROM articles WHERE source = ? "
        "AND t IS NOT NULL ORDER BY t DESC LIMIT ?", [source, _RHYTHM_SAMPLE])]
    if len(stamps) < cfg.min_articles:
        return None  # too little history to know what "unusually long" is
    gaps = [(a - b).total_seconds() for a, b in zip(stamps, stamps[1:], strict=False)]
    usual = statistics.median(gaps)
    limit = min(max(cfg.silent_factor * usual, cfg.silent_min), cfg.silent_max)
    quiet = (now - stamps[0]).total_seconds()
    if quiet < limit:
        return None
    return iso(stamps[0]) or "", (
        f"nothing new for {duration_words(quiet)}, since {shown_time(stamps[0])} "
        f"(usually every {duration_words(usual)})")


def check_health(db: Database, config: Config, cfg: HealthConfig, now: datetime
                 ) -> list[HealthEvent]:
    """Compare current problems with stored episodes; record and return what changed."""
    current = detect(db, config, cfg, now)
    events: list[HealthEvent] = []
    stamp = iso(now)
    with write(db, "recording source health"):
        open_rows = {(r["source"], r["problem"]): r for r in db.query(
            "SELECT * FROM source_health WHERE resolved_at IS NULL")}
        for key, (since, detail) in current.items():
            if key in open_rows:
                continue
            db.table("source_health").upsert(
                {"source": key[0], "problem": key[1], "since": since, "raised_at": stamp,
                 "resolved_at": None, "detail": detail}, pk=("source", "problem"))
            events.append(HealthEvent(key[0], key[1], "raised", since, detail))
        for key, row in open_rows.items():
            if key in current:
                continue
            db.execute("UPDATE source_health SET resolved_at = ? WHERE source = ? AND problem = ?",
                       [stamp, key[0], key[1]])
            events.append(HealthEvent(key[0], key[1], "resolved", row["since"], row["detail"]))
    return events


def open_problems(db: Database) -> list[dict[str, Any]]:
    """Unresolved health problems, oldest first (for status and `sources list`)."""
    return list(db.query(
        "SELECT source, problem, since, raised_at, detail FROM source_health "
        "WHERE resolved_at IS NULL ORDER BY raised_at, source"))

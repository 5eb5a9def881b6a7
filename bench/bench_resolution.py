"""Benchmark: incident resolution per article with 100,000 incidents already stored.

The store is filled with 100,000 incidents built from the seed reports' real facts, spread over
three years and the provinces those reports touch (so each new report has dozens of same-province
candidates in its date window, as in a busy conflict region). Then 200 new matched reports are
resolved, timed apart: fact extraction (reads the article only, runs in worker processes in
production) and resolution proper (indexed (province, day) lookup, comparison, merge, write).
"""

from __future__ import annotations

import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.common import save
from bench.sitegen import SEED, _stories
from crawler.config import Config
from crawler.incidents.resolve import _resolve_one
from crawler.incidents.resolver import build_resolver, facts_of
from crawler.incidents.store import incident_keys, incident_row
from crawler.storage.db import open_db, write
from crawler.storage.store import iso, utcnow

TARGET_MS = 5.0
FIRST_DAY = date(2023, 3, 1)
DAYS = 3 * 365
LOCAL_SHARE = 0.05


def _templates(resolver: Any) -> list[Any]:
    """The facts of each seed report, as resolution would extract them."""
    reports, _ = _stories()
    return [facts_of({"title": a.title, "text": "\n\n".join(a.paragraphs),
                      "published": a.published.isoformat(), "language": "en", "url": a.path},
                     resolver) for a in reports]


def fill(db: Any, resolver: Any, count: int, rng: random.Random) -> None:
    """Insert `count` incidents (and their keys) varied in date and province from real facts."""
    templates = _templates(resolver)
    rows = [incident_row(f, resolver.gazetteer, ["balochistan-attacks"]) for f in templates]
    keys = [incident_keys(f, resolver.gazetteer) for f in templates]
    provinces = sorted({p.id for name, _ in resolver.gazetteer.names()
                        for p in resolver.gazetteer.lookup(name) if p.kind == "province"})
    stamp = iso(utcnow())
    columns = [*rows[0], "revision", "created_at", "updated_at"]
    incidents, key_rows = [], []
    for number in range(1, count + 1):
        which = rng.randrange(len(templates))
        day = (FIRST_DAY + timedelta(days=rng.randrange(DAYS))).isoformat()
        row = dict(rows[which], event_date=day, published=day, last_published=day)
        raw = json.loads(row["facts"])
        raw.update(event_date=day, published=day, last_published=day)
        row["facts"] = json.dumps(raw, ensure_ascii=False)
        incidents.append([number, *(row[c] for c in columns[:-3]), 1, stamp, stamp])
        # ~5 % in the seed reports' provinces (a busy region: a few incidents a day there),
        # the rest spread over other first-level divisions of the world.
        if rng.random() < LOCAL_SHARE:
            key_rows += [(number, day, province) for _, province in keys[which]]
        else:
            key_rows.append((number, day, rng.choice(provinces)))
    with write(db):
        db.conn.executemany(
            f"INSERT INTO incidents (id, {', '.join(columns)}) "
            f"VALUES (?, {', '.join('?' for _ in columns)})", incidents)
        db.conn.executemany(
            "INSERT OR IGNORE INTO incident_keys (incident_id, day, province) VALUES (?, ?, ?)",
            key_rows)


def _new_reports(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """New matched reports: the seed stories on random days inside the filled range."""
    reports, _ = _stories()
    rows = []
    for number in range(count):
        story = rng.choice(reports)
        published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        rows.append({"id": number + 1, "url": f"http://bench/{number}", "source": "bench",
                     "title": story.title, "text": "\n\n".join(story.paragraphs),
                     "published": f"{published.isoformat()}T08:00:00+00:00", "language": "en",
                     "watches": json.dumps(["balochistan-attacks"])})
    return rows


def run(incidents: int = 100_000, articles: int = 200) -> dict[str, Any]:
    """Fill the store, then time fact extraction and resolution of new reports apart."""
    rng = random.Random(SEED)
    resolver = build_resolver(Config())
    with tempfile.TemporaryDirectory(prefix="watchpost-resolve-") as tmp:
        db = open_db(Path(tmp) / "bench.db")
        started = time.perf_counter()
        fill(db, resolver, incidents, rng)
        fill_s = time.perf_counter() - started
        rows = _new_reports(articles, rng)
        with write(db):
            for row in rows:
                db.conn.execute(
                    "INSERT INTO articles (id, url, source, title, text, published, language, "
                    "fetched_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'extracted')",
                    [row["id"], row["url"], row["source"], row["title"], row["text"],
                     row["published"], row["language"], row["published"]])
        started = time.perf_counter()
        facts = [facts_of(row, resolver) for row in rows]
        facts_s = time.perf_counter() - started
        now = utcnow()
        kinds: dict[str, int] = {}
        started = time.perf_counter()
        for row, fact in zip(rows, facts, strict=True):
            with write(db):
                _, kind, _ = _resolve_one(db, resolver, row, fact, now)
            kinds[kind or "joined"] = kinds.get(kind or "joined", 0) + 1
        resolve_s = time.perf_counter() - started
        db.close()
    data = {
        "incidents": incidents, "articles": articles, "fill_seconds": round(fill_s, 1),
        "resolve_ms_per_article": round(1000 * resolve_s / articles, 2),
        "facts_ms_per_article": round(1000 * facts_s / articles, 2),
        "target_ms": TARGET_MS, "outcomes": kinds,
    }
    save("resolution", data)
    return data


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

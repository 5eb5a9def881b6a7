"""Benchmark: full-text search latency (p50/p95) over 100,000 stored articles.

Articles are built from the demo stories' paragraphs (real news prose), inserted through the
articles table so its FTS5 triggers index them as a crawl would. Queries are what users type:
one word, two words, a place and an event word, a prefix, an OR; each runs through
crawler.storage.store.search (ranked, with snippets), the same path as `watchpost search`.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import save
from bench.sitegen import SEED, _stories
from crawler.storage.db import open_db, write
from crawler.storage.store import search

TARGET_P95_MS = 50.0
_QUERIES = ("attack", "Quetta", "blast Mastung", "budget", "cricket Quetta", "floods Sindh",
            "explos*", "police OR levies", "Gwadar port", "killed injured", "earthquake",
            "highway crash", "polio", "Balochistan", "militants convoy", "trade Chaman",
            "rain", "minister said", "responsibility", "Karachi")


def fill(db: Any, count: int, rng: random.Random) -> None:
    """Insert `count` articles of two to six real paragraphs each, in batches."""
    reports, others = _stories()
    stories = [*reports, *others]
    pool = [p for a in stories for p in a.paragraphs if len(p) > 60]
    batch: list[tuple[Any, ...]] = []
    sql = ("INSERT INTO articles (url, source, title, text, published, fetched_at, status) "
           "VALUES (?, ?, ?, ?, ?, ?, 'extracted')")
    for number in range(count):
        story = rng.choice(stories)
        text = "\n\n".join(rng.sample(pool, rng.randint(2, 6)))
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T08:00:00+00:00"
        batch.append((f"http://bench/{number}", f"source-{number % 40}", story.title, text,
                      day, day))
        if len(batch) == 5000:
            with write(db):
                db.conn.executemany(sql, batch)
            batch = []
    if batch:
        with write(db):
            db.conn.executemany(sql, batch)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def run(articles: int = 100_000, rounds: int = 10) -> dict[str, Any]:
    """Fill the store, then time every query `rounds` times."""
    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="watchpost-search-") as tmp:
        db = open_db(Path(tmp) / "bench.db")
        started = time.perf_counter()
        fill(db, articles, rng)
        fill_s = time.perf_counter() - started
        latencies: list[float] = []
        hits = 0
        for _ in range(rounds):
            for query in _QUERIES:
                started = time.perf_counter()
                hits += bool(search(db, query, 20))
                latencies.append(1000 * (time.perf_counter() - started))
        db.close()
    data = {
        "articles": articles, "queries": len(latencies), "fill_seconds": round(fill_s, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(_percentile(latencies, 0.95), 2),
        "max_ms": round(max(latencies), 2), "queries_with_hits": hits,
        "target_p95_ms": TARGET_P95_MS,
    }
    save("search", data)
    return data


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

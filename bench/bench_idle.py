"""Benchmark: an idle re-poll of 1,000 feeds, answered 304, then by a server ignoring validators.

A first real crawl stores each feed's ETag and body hash (the feeds share three articles, so it
fetches three pages). Then two timed re-polls with `watchpost crawl`: one where every feed
answers 304 Not Modified, one where the server ignores If-None-Match and sends the same bytes
again (the body hash must stop them before parsing). Targets: <= 10 s each, no article fetch,
no feed parsed.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from bench.common import run_cli, save, site_get, site_server, write_config

TARGET_SECONDS = 10.0


def _last_counts(db_path: Path) -> dict[str, int]:
    conn = sqlite3.connect(db_path)
    row = conn.execute("SELECT counts FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    return dict(json.loads(row[0] or "{}"))


def _poll(directory: Path, config: Path, url: str) -> dict[str, Any]:
    site_get(url, "/_reset")
    run = run_cli(["crawl", "--config", str(config), "--no-alerts"], directory)
    if run.returncode != 0:
        raise RuntimeError(f"re-poll failed ({run.returncode}):\n{run.output[-3000:]}")
    served = site_get(url, "/_stats")
    counts = _last_counts(directory / "bench.db")
    return {
        "seconds": run.seconds, "requests": served.get("requests", 0),
        "feed_requests": served.get("feed", 0), "article_fetches": served.get("article", 0),
        "answered_304": served.get("not_modified", 0),
        "feeds_parsed": counts.get("feeds_parsed", 0),
        "feeds_unchanged_body": counts.get("feeds_unchanged_body", 0),
        "feeds_not_modified": counts.get("feeds_not_modified", 0),
        "target_seconds": TARGET_SECONDS,
    }


def run(feeds: int = 1000) -> dict[str, Any]:
    """Prime the validators with one crawl, then time both kinds of idle re-poll."""
    with tempfile.TemporaryDirectory(prefix="watchpost-idle-") as tmp, \
            site_server("idle", 3, feeds) as url:
        directory = Path(tmp)
        config = write_config(directory, url, feeds)
        first = run_cli(["crawl", "--config", str(config), "--no-alerts"], directory)
        if first.returncode != 0:
            raise RuntimeError(f"priming crawl failed:\n{first.output[-3000:]}")
        data = {"feeds": feeds, "priming_seconds": first.seconds,
                "not_modified": _poll(directory, config, url)}
        site_get(url, "/_ignore_conditional")
        data["same_body"] = _poll(directory, config, url)
    save("idle_repoll", data)
    return data


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))

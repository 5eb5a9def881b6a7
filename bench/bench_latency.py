"""Benchmark: alert latency of `watchpost run`, publish on the site to webhook received.

A feed polled every 10 s; reports published at random moments; the p50/p95 of the time from
publishing to the webhook POST (and, for reference, to the article being stored). Target:
p95 <= interval + 3 s. Needs the daemon's test helpers (tests/support/daemonkit.py) and the
alerts chain; without alerts the storage latency is still measured.

    .venv/bin/python -m bench.bench_latency [--items 20] [--interval 10] [--hang]

With --hang a second host's feed, polled as often, never answers: the other feed's latency
must not change (daemon_latency_hang.json).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

from crawler.demo.site import DEFAULT_MANIFEST
from tests.support.daemonkit import FAST, SECRET_ENV, DaemonProcess, alert_config, wait_until
from tests.support.newssite import NewsSite
from tests.support.receivers import Receiver
from tests.support.rows import query

RESULTS = Path(__file__).resolve().parent / "results" / "daemon_latency.json"
SEED = 20260301
# Distinct districts and tolls so each report is its own incident.
_DISTRICTS = ["Mastung", "Kalat", "Turbat", "Khuzdar", "Panjgur", "Gwadar", "Awaran", "Nushki",
              "Kharan", "Sibi", "Zhob", "Loralai", "Dera Bugti", "Kohlu", "Washuk", "Chagai",
              "Lasbela", "Ziarat", "Harnai", "Pishin", "Jhal Magsi", "Kachhi", "Musakhel",
              "Barkhan", "Sherani"]
_EVENTS = ["a roadside bomb struck a Frontier Corps vehicle", "gunmen attacked a Levies post",
           "militants ambushed a police patrol", "a grenade attack hit a market"]


def report(index: int, rng: random.Random) -> dict[str, Any]:
    """A short attack report in its own district."""
    district = _DISTRICTS[index % len(_DISTRICTS)]
    event = _EVENTS[index % len(_EVENTS)]
    killed, injured = rng.randint(1, 9), rng.randint(1, 12)
    return {
        "id": f"bench-{index}",
        "title": f"{killed} killed as {event.split(' ', 1)[1][:40]} in {district}",
        "body": (f"{killed} people were killed and {injured} injured when {event} in {district} "
                 f"district of Balochistan, officials said.\n\nSecurity forces cordoned off "
                 f"the area after the attack and a search operation was under way in "
                 f"{district}.\n\nNo group immediately claimed responsibility."),
    }


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def summary(values: list[float]) -> dict[str, float] | None:
    """p50, p95 and max, rounded."""
    if not values:
        return None
    return {"p50": round(statistics.median(values), 2), "p95": round(percentile(values, 0.95), 2),
            "max": round(max(values), 2), "n": len(values)}


def main() -> None:
    """Run the benchmark and write bench/results/daemon_latency.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--interval", type=float, default=10.0)
    parser.add_argument("--hang", action="store_true",
                        help="add a second host whose feed never answers (polled as often)")
    args = parser.parse_args()
    # The daemon inherits the environment: the subscription's signing secret lives there.
    os.environ.setdefault(SECRET_ENV, "bench-secret")
    rng = random.Random(SEED)
    receiver = Receiver()
    stored: dict[str, float] = {}
    alerted: dict[str, float] = {}
    published: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="watchpost-bench-") as tmp, \
            NewsSite(DEFAULT_MANIFEST) as site, NewsSite(DEFAULT_MANIFEST) as stuck:
        config = alert_config(Path(tmp), site, receiver, args.interval)
        if args.hang:
            _add_hanging_source(config, stuck, args.interval)
        daemon = DaemonProcess(config)
        done = threading.Event()
        lock = threading.Lock()

        def watch() -> None:
            # Polls the database every 0.1 s: a stored time is at most that late.
            while not done.wait(0.1):
                with lock:
                    pending = dict(published)
                _collect(daemon.db, receiver, pending, stored, alerted)

        watcher = threading.Thread(target=watch, daemon=True)
        try:
            wait_until(lambda: daemon.ticks("ok"), 60, "the first tick", daemon)
            time.sleep(3)  # let the seed reports' alerts go out before measuring
            watcher.start()
            for index in range(args.items):
                # A random moment in the poll cycle, so latencies cover the whole interval.
                time.sleep(rng.uniform(0.3, args.interval))
                path = site.publish(FAST, report(index, rng))
                with lock:
                    published[path] = time.monotonic()
            deadline = time.monotonic() + args.interval + 20
            while time.monotonic() < deadline and len(alerted) < len(published):
                time.sleep(0.2)
        finally:
            done.set()
            stuck.stop()  # wakes its hanging answers, so the daemon stops at once
            daemon.stop()
            receiver.close()
    result = {
        "interval_s": args.interval, "items": args.items,
        "alert_latency_s": summary([alerted[p] - published[p] for p in alerted]),
        "stored_latency_s": summary([stored[p] - published[p] for p in stored]),
        "alerts_missing": len(published) - len(alerted),
        "target_p95_s": args.interval + 3,
        "hanging_host": args.hang,
    }
    results = RESULTS.with_name("daemon_latency_hang.json") if args.hang else RESULTS
    RESULTS.parent.mkdir(exist_ok=True)
    results.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


def _add_hanging_source(config: Path, stuck: NewsSite, interval: float) -> None:
    """Add a source on another host whose feed hangs for an hour (crawl timeout 60 s)."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    feed = {f.name: f for f in stuck.feeds()}[FAST]
    stuck.hang(feed.path, 3600)
    data["sources"].append({"name": "stuck", "url": feed.url, "interval": interval,
                            "language": "en"})
    data["crawl"]["timeout"] = 60
    config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def _collect(db: Path, receiver: Receiver, published: dict[str, float],
             stored: dict[str, float], alerted: dict[str, float]) -> None:
    """Note when each published report was first seen stored and first alerted."""
    now = time.monotonic()
    for path in published:
        if path not in stored and query(db, "SELECT 1 FROM articles WHERE url LIKE ?",
                                        (f"%{path}",)):
            stored[path] = now
        if path not in alerted:
            hits = receiver.about(path)
            if hits:
                alerted[path] = hits[0].at


if __name__ == "__main__":
    main()

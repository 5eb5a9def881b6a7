"""Benchmark: the daemon's resident memory after 10 and after 200 crawl ticks.

The daemon polls two feeds with sub-second intervals, so it ticks back to back (each tick is a
child process of about 2 s); its RSS is read from /proc after the 10th and the 200th tick.
Target: growth under 10%. Takes about as long as 200 ticks (~7 minutes on one core).

    .venv/bin/python -m bench.bench_daemon_memory [--ticks 200]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from crawler.demo.site import DEFAULT_MANIFEST
from tests.support.daemonkit import FAST, SLOW, DaemonProcess, wait_until, write_daemon_config
from tests.support.newssite import NewsSite

RESULTS = Path(__file__).resolve().parent / "results" / "daemon_memory.json"
TARGET_GROWTH = 0.10
EARLY = 10


def rss_kib(pid: int) -> int:
    """Resident set size of a process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def main() -> None:
    """Run the benchmark and write bench/results/daemon_memory.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ticks", type=int, default=200)
    args = parser.parse_args()
    samples: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="watchpost-bench-") as tmp, \
            NewsSite(DEFAULT_MANIFEST) as site:
        # Sub-second intervals: every tick polls both feeds (304s after the first).
        config = write_daemon_config(Path(tmp), site, {FAST: 0.5, SLOW: 0.5},
                                     daemon={"min_wait": 0.05, "delivery_interval": 0.5,
                                             "heartbeat_interval": 1})
        daemon = DaemonProcess(config)
        started = time.monotonic()
        try:
            for mark in (EARLY, args.ticks):
                wait_until(lambda m=mark: len(daemon.ticks()) >= m, mark * 10, f"tick {mark}",
                           daemon, every=0.2)
                samples[mark] = rss_kib(daemon.pid)
                print(f"after {mark} ticks: RSS {samples[mark] / 1024:.1f} MiB", flush=True)
            outcomes = [t["outcome"] for t in daemon.ticks()]
        finally:
            daemon.stop()
    growth = samples[args.ticks] / samples[EARLY] - 1
    result = {
        "ticks": args.ticks, "seconds": round(time.monotonic() - started, 1),
        f"rss_after_{EARLY}_mib": round(samples[EARLY] / 1024, 1),
        f"rss_after_{args.ticks}_mib": round(samples[args.ticks] / 1024, 1),
        "growth": round(growth, 4), "target_growth": TARGET_GROWTH,
        "ticks_not_ok": sum(1 for o in outcomes if o != "ok"),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Benchmark: what `watchpost run` costs while nothing changes.

N feeds on the loopback bench site, all answering 304 once primed, polled every `--interval`
seconds. After the first poll of every feed, the CPU time of the daemon's whole process tree
(the daemon, its crawl engine, the engine's workers: user + system, reaped children included)
is read from /proc at the start and the end of `--minutes`, with the tree's RSS. Target:
<= 2 % of one core, RSS flat.

    .venv/bin/python -m bench.bench_daemon_idle [--feeds 200] [--interval 60] [--minutes 3]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.common import _children, _rss_kb, save, site_get, site_server, write_config
from tests.support.daemonkit import DaemonProcess, wait_until

TARGET_CORE_SHARE = 0.02
_TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> dict[int, float]:
    """CPU seconds of `pid` and each live descendant, with the children each has reaped."""
    found: dict[int, float] = {}
    for member in [pid, *_children(pid)]:
        try:
            with open(f"/proc/{member}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone since listed: its time is in its parent's reaped children
        found[member] = sum(int(v) for v in fields[11:15]) / _TICK  # u, s, cu, cs time
    return found


def _role(pid: int, daemon: int) -> str:
    """daemon | engine | worker, from the process's command line."""
    if pid == daemon:
        return "daemon"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read().split(b"\0")
    except OSError:
        return "gone"
    return "engine" if b"engine" in words else "worker"


def tree_rss_mb(pid: int) -> float:
    """RSS summed over the process tree, in MB."""
    return round(sum(_rss_kb(p) for p in [pid, *_children(pid)]) / 1024, 1)


def _polled(db: Path, feeds: int) -> bool:
    try:
        conn = sqlite3.connect(db)
        try:
            done = conn.execute("SELECT count(*) FROM feed_state WHERE last_status IS NOT NULL"
                                ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return bool(done >= feeds)


def _config(directory: Path, url: str, feeds: int, interval: float) -> Path:
    path = write_config(directory, url, feeds, watches=[])
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    config["crawl"]["interval"] = interval
    config["database"] = "watchpost.db"
    config["daemon"] = {"jitter": 0.1, "jitter_max": 5}
    path = directory / "config.yaml"  # DaemonProcess keeps its database beside the config
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def run(feeds: int, interval: float, minutes: float) -> dict[str, Any]:
    """Start the daemon on `feeds` 304-answering feeds; measure its tree over `minutes`."""
    with tempfile.TemporaryDirectory(prefix="watchpost-daemon-idle-") as tmp, \
            site_server("idle", 3, feeds) as url:
        directory = Path(tmp)
        daemon = DaemonProcess(_config(directory, url, feeds, interval))
        try:
            wait_until(lambda: _polled(daemon.db, feeds), 300, "every feed's first poll", daemon)
            # One full interval more: every feed has been re-polled once (304) before the
            # measurement, so the engine's warm-up is not counted.
            time.sleep(interval + 5)
            site_get(url, "/_reset")
            cpu0, rss0, t0 = tree_cpu_seconds(daemon.pid), tree_rss_mb(daemon.pid), time.time()
            time.sleep(minutes * 60)
            cpu1, rss1, t1 = tree_cpu_seconds(daemon.pid), tree_rss_mb(daemon.pid), time.time()
            served = site_get(url, "/_stats")
            roles: dict[str, float] = {}
            for member, seconds in cpu1.items():
                role = _role(member, daemon.pid)
                roles[role] = round(roles.get(role, 0.0) + seconds - cpu0.get(member, 0.0), 2)
            ticks = len(daemon.ticks())
        finally:
            daemon.stop()
    spent = sum(cpu1.values()) - sum(cpu0.values())
    share = spent / (t1 - t0)
    return {
        "feeds": feeds, "interval_s": interval, "measured_s": round(t1 - t0, 1),
        "tree_cpu_s": round(spent, 2), "core_share": round(share, 4), "cpu_s_by_role": roles,
        "crawls_recorded": ticks,
        "target_core_share": TARGET_CORE_SHARE, "rss_start_mb": rss0, "rss_end_mb": rss1,
        "requests": served.get("requests", 0), "answered_304": served.get("not_modified", 0),
        "article_fetches": served.get("article", 0),
    }


def main() -> None:
    """Run the benchmark and write bench/results/daemon_idle.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--interval", type=float, default=60.0)
    parser.add_argument("--minutes", type=float, default=30.0)
    args = parser.parse_args()
    result = run(args.feeds, args.interval, args.minutes)
    save("daemon_idle", result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

"""Shared benchmark plumbing: the site server process, bench configs, a measured CLI crawl."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.sitegen import SEED, feed_path

ROOT = Path(__file__).resolve().parent.parent
# Tiny smoke runs (tests) point this elsewhere so they never overwrite the real figures.
RESULTS_DIR = Path(os.environ.get("WATCHPOST_BENCH_RESULTS") or ROOT / "bench" / "results")
PYTHON = sys.executable


@contextlib.contextmanager
def site_server(mode: str, pages: int, feeds: int, seed: int = SEED) -> Iterator[str]:
    """Run bench.siteserver in its own process; yield its base URL; stop it afterwards."""
    proc = subprocess.Popen(
        [PYTHON, "-m", "bench.siteserver", mode, "--pages", str(pages), "--feeds", str(feeds),
         "--seed", str(seed)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        if not url.startswith("http"):
            raise RuntimeError(f"site server did not start (exit {proc.poll()})")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def site_get(base_url: str, path: str) -> dict[str, int]:
    """A control call to the site server (/_stats, /_reset, /_ignore_conditional)."""
    with urllib.request.urlopen(base_url + path, timeout=10) as response:
        return dict(json.loads(response.read()))


def shipped_watches() -> list[dict[str, Any]]:
    """The watches of the reference config.yaml, as plain data."""
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    return list(data.get("watches") or [])


def write_config(directory: Path, base_url: str, feeds: int, *, fast: bool = True,
                 workers: int | None = None, max_articles: int = 1000,
                 watches: list[dict[str, Any]] | None = None) -> Path:
    """A crawl config for the bench site: no politeness delay, the site's host allowed."""
    config = {
        "database": str(directory / "bench.db"),
        "sources": [{"name": f"feed-{f}", "url": base_url + feed_path(f), "language": "en"}
                    for f in range(feeds)],
        "crawl": {"delay": "0s", "concurrency": 16, "concurrency_per_domain": 16,
                  "allow_hosts": ["127.0.0.1"], "max_articles_per_feed": max_articles,
                  "retries": 0, "workers": workers, "extract": {"fast": fast}},
        "watches": shipped_watches() if watches is None else watches,
        "logging": {"level": "WARNING"},
    }
    path = directory / "bench.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class RunStats:
    """A measured CLI run: wall time, peak RSS of the main process and of its process tree.

    The tree's RSS sum counts pages the processes share (libraries) once per process; its PSS
    sum splits them between the sharers, so it is what the crawl really holds.
    """

    seconds: float
    peak_rss_mb: float
    peak_tree_rss_mb: float
    peak_tree_pss_mb: float
    returncode: int
    output: str
    # CPU seconds (user + system) of the process and of every worker it waited for.
    cpu_seconds: float = 0.0


def _memory_kb(pid: int, path: str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/{path}", encoding="ascii") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_kb(pid: int) -> int:
    return _memory_kb(pid, "status", "VmRSS:")


def _pss_kb(pid: int) -> int:
    return _memory_kb(pid, "smaps_rollup", "Pss:")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as f:
            found += [int(c) for c in f.read().split()]
    return found + [g for c in found for g in _children(c)]


def run_cli(args: list[str], cwd: Path, timeout: float = 600) -> RunStats:
    """Run `watchpost ARGS` in a subprocess, sampling its RSS (and its workers') every 20 ms."""
    started = time.perf_counter()
    before = _children_cpu()
    proc = subprocess.Popen([PYTHON, "-m", "crawler", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    peak = [0, 0, 0]
    done = threading.Event()

    def sample() -> None:
        rounds = 0
        while not done.is_set():
            tree = [proc.pid, *_children(proc.pid)]
            rss = [_rss_kb(p) for p in tree]
            peak[0], peak[1] = max(peak[0], rss[0]), max(peak[1], sum(rss))
            # PSS only every 25th round: the kernel walks every page table to sum it (3 ms a
            # 150 MB process), which at 20 ms would take half a core from the crawl measured.
            if rounds % 25 == 0:
                peak[2] = max(peak[2], sum(_pss_kb(p) for p in tree))
            rounds += 1
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = proc.communicate(timeout=timeout)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return RunStats(round(seconds, 2), round(peak[0] / 1024, 1), round(peak[1] / 1024, 1),
                    round(peak[2] / 1024, 1), proc.returncode, output,
                    round(_children_cpu() - before, 2))


def _children_cpu() -> float:
    """User + system seconds of this process's reaped children (and what they reaped)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def save(name: str, data: dict[str, Any]) -> Path:
    """Write one benchmark's figures to bench/results/NAME.json."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    return path

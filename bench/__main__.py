"""`python -m bench` (`make bench`): every benchmark, a results table, bench/results/*.json.

    python -m bench            # full sizes (about 5-6 minutes on 2 cores)
    python -m bench --tiny     # tiny sizes, seconds: checks the benchmarks run (tests use it)
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from typing import Any

from bench import bench_crawl, bench_idle, bench_matching, bench_resolution, bench_search
from bench.common import save

Row = tuple[str, str, str, bool]


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} CPUs, {cpu}, Python {platform.python_version()}"


def _crawl_rows(data: dict[str, Any]) -> list[Row]:
    main, big = data["crawl"], data["memory_crawl"]
    q = main["quality"]
    rows: list[Row] = [
        (f"crawl {main['pages']} pages / {main['feeds']} feeds",
         f"{main['pages_per_s']} pages/s ({main['seconds']} s, best of "
         f"{len(main['all_seconds'])}); bare trafilatura {main['baseline']['pages_per_s']} "
         f"pages/s; ratio {main['ratio']} (CPU "
         f"{main['cpu_seconds']} s on {main['cores']} cores: at best {main['cpu_bound_ratio']})",
         f"ratio >= {main['target_ratio']}", main["ratio"] >= main["target_ratio"]),
        ("crawl / its own extraction call",
         f"{main['pages_per_s']} pages/s vs {main['own_extraction']['pages_per_s']} pages/s of "
         f"{main['own_extraction']['call']} on the same {main['pages']} pages "
         f"(median {main['own_extraction']['median_page_kb']} KB): ratio {main['ratio_own']}",
         f"ratio >= {main['target_ratio_own']}", main["ratio_own"] >= main["target_ratio_own"]),
        ("crawl text quality (fast=True)",
         f"{q['key_sentences_missing']} key sentences missing; length delta "
         f"{q['length_delta']:.2%} on {q['sampled']} pages",
         "0 missing, <= 2 %",
         q["key_sentences_missing"] == 0 and q["length_delta"] <= q["target_length_delta"]),
        (f"memory, {main['pages']}-page crawl",
         f"{main['peak_tree_rss_mb']} MB RSS summed over the process tree ({main['peak_rss_mb']} "
         f"MB crawl process and its workers); {main['peak_tree_pss_mb']} MB PSS",
         f"<= {main['target_rss_mb']:.0f} MB", main["peak_tree_rss_mb"] <= main["target_rss_mb"]),
    ]
    if big:
        # Judged on the whole tree, the strictest reading: shared pages counted per process.
        growth = big["peak_tree_rss_mb"] / main["peak_tree_rss_mb"] - 1
        rows.append((
            f"memory, {big['pages']}-page crawl",
            f"{big['peak_tree_rss_mb']} MB RSS summed ({growth:+.1%} for "
            f"{big['pages'] // main['pages']}x the pages); {big['peak_rss_mb']} MB crawl "
            f"process; {big['peak_tree_pss_mb']} MB PSS; {big['pages_per_s']} pages/s",
            f"<= {big['target_rss_mb']:.0f} MB, flat (< +10 %)",
            big["peak_tree_rss_mb"] <= big["target_rss_mb"] and growth < 0.10))
    return rows


def _idle_rows(data: dict[str, Any]) -> list[Row]:
    rows = []
    for key, label in (("not_modified", "304"), ("same_body", "same body, validators ignored")):
        r = data[key]
        ok = (r["seconds"] <= r["target_seconds"] and r["article_fetches"] == 0
              and r["feeds_parsed"] == 0)
        rows.append((f"idle re-poll {data['feeds']} feeds ({label})",
                     f"{r['seconds']} s, {r['requests']} requests, {r['article_fetches']} article "
                     f"fetches, {r['feeds_parsed']} feeds parsed",
                     f"<= {r['target_seconds']:.0f} s, 0 fetches, 0 parsed", ok))
    return rows


def _matching_rows(stream: dict[str, Any], heavy: dict[str, Any]) -> list[Row]:
    return [(f"matching, {label} ({r['share_place_scored']:.0%} place-scored)",
             f"{r['mb_per_s']} MB/s on one core ({r['corpus_mb']} MB, 500 terms)",
             f">= {r['target_mb_per_s']:.0f} MB/s", r["mb_per_s"] >= r["target_mb_per_s"])
            for label, r in (("news stream", stream), ("security feed", heavy))]


def main(argv: list[str] | None = None) -> int:
    """Run everything, print the table, write bench/results/*.json (missed targets say so)."""
    parser = argparse.ArgumentParser(description="watchpost benchmarks")
    parser.add_argument("--tiny", action="store_true", help="tiny sizes (a smoke run)")
    args = parser.parse_args(argv)
    tiny = args.tiny
    started = time.perf_counter()
    rows: list[Row] = []
    rows += _crawl_rows(bench_crawl.run(*((40, 4, 80) if tiny else ())))
    rows += _idle_rows(bench_idle.run(*((20,) if tiny else ())))
    stream = bench_matching.run(0.2 if tiny else bench_matching.CORPUS_MB)
    heavy = bench_matching.run(0.2 if tiny else bench_matching.CORPUS_MB, event_rate=0.25)
    save("matching", {"news_stream": stream, "security_feed": heavy})
    rows += _matching_rows(stream, heavy)
    res = bench_resolution.run(*((2000, 20) if tiny else ()))
    rows.append((f"incident resolution, {res['incidents']:,} stored",
                 f"{res['resolve_ms_per_article']} ms/article (+ {res['facts_ms_per_article']} ms "
                 "fact extraction, in worker processes)",
                 f"<= {res['target_ms']:.0f} ms", res["resolve_ms_per_article"] <= res["target_ms"]))
    found = bench_search.run(*((2000, 2) if tiny else ()))
    rows.append((f"search, {found['articles']:,} articles",
                 f"p95 {found['p95_ms']} ms, p50 {found['p50_ms']} ms",
                 f"p95 <= {found['target_p95_ms']:.0f} ms",
                 found["p95_ms"] <= found["target_p95_ms"]))
    elapsed = time.perf_counter() - started
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    print(f"\nwatchpost benchmarks: {_machine()}; {elapsed:.0f} s\n")
    for name, figure, target, ok in rows:
        print(f"{name:<{widths[0]}}  {figure:<{widths[1]}}  {target:<{widths[2]}}  "
              f"{'OK' if ok else 'MISSED'}")
    save("summary", {"machine": _machine(), "seconds": round(elapsed), "tiny": tiny,
                     "rows": [{"benchmark": n, "figure": f, "target": t, "met": ok}
                              for n, f, t, ok in rows]})
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark suite runs end to end at tiny sizes (figures are not checked: a test is no bench)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(240)
def test_bench_runs_tiny(tmp_path: Path) -> None:
    env = {**os.environ, "WATCHPOST_BENCH_RESULTS": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "bench", "--tiny"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=230)
    assert done.returncode == 0, done.stderr[-3000:]
    for name in ("crawl", "idle_repoll", "matching", "resolution", "search", "summary"):
        assert (tmp_path / f"{name}.json").exists(), name
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert len(summary["rows"]) == 11
    crawl = json.loads((tmp_path / "crawl.json").read_text(encoding="utf-8"))["crawl"]
    # The crawl itself must be right even at this size: every page stored, its story intact.
    assert crawl["stored"]["articles"] == crawl["pages"] == crawl["article_requests"]
    assert crawl["quality"]["key_sentences_missing"] == 0
    idle = json.loads((tmp_path / "idle_repoll.json").read_text(encoding="utf-8"))
    for poll in (idle["not_modified"], idle["same_body"]):
        assert poll["article_fetches"] == 0 and poll["feeds_parsed"] == 0

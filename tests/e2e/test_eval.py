"""`watchpost eval` end to end: the real pipeline on labelled documents, scored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from tests.support.cli import ROOT, run_cli

SEEDS = ROOT / "seeds" / "demo" / "reports"
REPORTS = ROOT / "tests" / "fixtures" / "reports"
CONFIG = str(ROOT / "config.yaml")


def evaluate(labels: Path, docs: Path) -> dict:
    result = run_cli("eval", "--config", CONFIG, "--labels", str(labels), "--docs", str(docs),
                     "--watch", "balochistan-attacks", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_perfect(scores: dict) -> None:
    assert scores["relevance"]["f1"] == 1.0, scores["errors"]
    assert scores["merging"]["f1"] == 1.0, scores["errors"]
    assert all(value == 1.0 for value in scores["fields"].values()), scores["errors"]
    assert scores["errors"] == []


def test_seeds_score_perfectly() -> None:
    scores = evaluate(SEEDS / "expected.yaml", SEEDS)
    assert scores["relevance"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0,
                                   "tp": 5, "fp": 0, "fn": 0}
    assert scores["merging"]["gold_pairs"] == 1  # 001 and 004 are one incident
    assert scores["field_counts"]["killed"] == {"correct": 5, "total": 5}
    assert_perfect(scores)


def test_own_reports_score_perfectly() -> None:
    scores = evaluate(REPORTS / "expected.yaml", REPORTS)
    assert scores["relevance"]["tp"] >= 25 and scores["relevance"]["fn"] == 0
    assert scores["merging"]["gold_pairs"] >= 3
    assert_perfect(scores)


def test_wrong_labels_are_reported_with_the_document(tmp_path: Path) -> None:
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    labels = yaml.safe_load((SEEDS / "expected.yaml").read_text())
    labels["003_baa79570ebdf69dc.txt"]["killed"] = 70
    labels["000_df342c47da3bb91a.txt"]["same_incident_as"] = "003_baa79570ebdf69dc.txt"
    (tmp_path / "expected.yaml").write_text(yaml.safe_dump(labels))
    scores = evaluate(tmp_path / "expected.yaml", tmp_path)
    assert scores["fields"]["killed"] == 0.8
    assert scores["merging"]["recall"] == 0.5
    wrong = {(e["doc"], e["field"]) for e in scores["errors"]}
    assert ("003_baa79570ebdf69dc.txt", "killed") in wrong
    assert ("000_df342c47da3bb91a.txt", "merging") in wrong
    text = run_cli("eval", "--config", CONFIG, "--labels", str(tmp_path / "expected.yaml"),
                   "--docs", str(tmp_path))
    assert "killed     accuracy 0.800  (4/5)" in text.stdout
    assert "003_baa79570ebdf69dc.txt: killed: expected 70, got 7" in text.stdout

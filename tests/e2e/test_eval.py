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


def seeds_copy(directory: Path, **changes: dict) -> Path:
    """The seeds in `directory`, their labels changed per file name; returns the labels path."""
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, directory / path.name)
    labels = yaml.safe_load((SEEDS / "expected.yaml").read_text())
    for name, change in changes.items():
        labels[name].update(change)
    path = directory / "expected.yaml"
    path.write_text(yaml.safe_dump(labels))
    return path


def test_seeds_score_perfectly() -> None:
    scores = evaluate(SEEDS / "expected.yaml", SEEDS)
    assert scores["relevance"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0,
                                   "tp": 5, "fp": 0, "fn": 0}
    assert scores["merging"]["gold_pairs"] == 1  # 001 and 004 are one incident
    assert scores["field_counts"]["killed"] == {"correct": 5, "total": 5, "predicted": 5,
                                                "predicted_correct": 5}
    assert_perfect(scores)


def test_own_reports_score_perfectly() -> None:
    scores = evaluate(REPORTS / "expected.yaml", REPORTS)
    assert scores["relevance"]["tp"] >= 25 and scores["relevance"]["fn"] == 0
    assert scores["merging"]["gold_pairs"] >= 3
    assert_perfect(scores)


def test_wrong_labels_are_reported_with_the_document(tmp_path: Path) -> None:
    labels = seeds_copy(tmp_path, **{
        "003_baa79570ebdf69dc.txt": {"killed": 70},
        "000_df342c47da3bb91a.txt": {"same_incident_as": "003_baa79570ebdf69dc.txt"}})
    scores = evaluate(labels, tmp_path)
    assert scores["fields"]["killed"] == 0.8
    assert scores["field_precision"]["killed"] == 0.8
    assert scores["merging"]["recall"] == 0.5
    wrong = {(e["doc"], e["field"]) for e in scores["errors"]}
    assert ("003_baa79570ebdf69dc.txt", "killed") in wrong
    assert ("000_df342c47da3bb91a.txt", "merging") in wrong
    text = run_cli("eval", "--config", CONFIG, "--labels", str(labels), "--docs", str(tmp_path))
    assert "killed     0.800 (4/5)       0.800 (4/5)" in text.stdout
    assert "003_baa79570ebdf69dc.txt: killed: expected 70, got 7" in text.stdout


def test_actor_or_place_predicted_where_the_label_has_none_is_wrong(tmp_path: Path) -> None:
    labels = seeds_copy(tmp_path, **{
        "000_df342c47da3bb91a.txt": {"actor": None},
        "003_baa79570ebdf69dc.txt": {"places": None}})
    scores = evaluate(labels, tmp_path)
    assert scores["field_counts"]["actor"] == {"total": 5, "correct": 4, "predicted": 5,
                                              "predicted_correct": 4}
    assert scores["field_counts"]["place"]["correct"] == 4
    wrong = {(e["doc"], e["field"]) for e in scores["errors"]}
    assert ("000_df342c47da3bb91a.txt", "actor") in wrong
    assert ("003_baa79570ebdf69dc.txt", "place") in wrong


def test_place_in_another_district_is_wrong_whatever_its_name(tmp_path: Path) -> None:
    """Quetta (the seed's place) labelled as Mastung: same province, other district."""
    labels = seeds_copy(tmp_path, **{
        "000_df342c47da3bb91a.txt": {"places": [["Mastung"]], "country": "Pakistan"}})
    scores = evaluate(labels, tmp_path)
    assert scores["fields"]["place"] == 0.8
    assert ("000_df342c47da3bb91a.txt", "place") in {(e["doc"], e["field"])
                                                     for e in scores["errors"]}


def test_missing_labelled_file_is_an_error(tmp_path: Path) -> None:
    labels = seeds_copy(tmp_path)
    (tmp_path / "002_9dd2a45c3307a1bf.txt").unlink()
    result = run_cli("eval", "--config", CONFIG, "--labels", str(labels))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert str(labels) in lines[0] and "002_9dd2a45c3307a1bf.txt" in lines[0]


def test_bad_label_is_one_line_exit_2(tmp_path: Path) -> None:
    labels = seeds_copy(tmp_path, **{"001_7271363c37294f42.txt": {"killed": "fourteen"}})
    result = run_cli("eval", "--config", CONFIG, "--labels", str(labels))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "001_7271363c37294f42.txt: killed:" in lines[0] and str(labels) in lines[0]


def test_nothing_to_count_prints_n_a(tmp_path: Path) -> None:
    """Two irrelevant documents: no fields, no pairs to score; n/a, never 1.000."""
    (tmp_path / "a.txt").write_text("Cricket: Quetta Gladiators win by six wickets\n"
                                    "The home side chased 180 in Quetta on Sunday.\n")
    (tmp_path / "b.txt").write_text("Rain expected in Balochistan this week, the Met office "
                                    "said.\n")
    (tmp_path / "expected.yaml").write_text("a.txt:\n  relevant: false\n"
                                            "b.txt:\n  relevant: false\n")
    result = run_cli("eval", "--config", CONFIG, "--labels", str(tmp_path / "expected.yaml"))
    assert result.returncode == 0, result.stderr
    merging = next(line for line in result.stdout.splitlines() if line.startswith("merging"))
    assert merging.split() == ["merging", "-", "n/a", "(0/0)", "n/a", "(0/0)", "n/a"]
    assert "1.000" not in result.stdout
    scores = json.loads(run_cli("eval", "--config", CONFIG, "--labels",
                                str(tmp_path / "expected.yaml"), "--json").stdout)
    assert scores["merging"]["f1"] is None and scores["relevance"]["precision"] is None
    assert scores["fields"]["killed"] is None


def test_page_without_text_is_reported_not_a_crash(tmp_path: Path) -> None:
    labels = seeds_copy(tmp_path)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.html").write_text("<html><body><div></div></body></html>")
    data = yaml.safe_load(labels.read_text())
    data["empty.txt"] = {"relevant": True, "killed": 3}
    data["blank.html"] = {"relevant": False}
    labels.write_text(yaml.safe_dump(data))
    result = run_cli("eval", "--config", CONFIG, "--labels", str(labels), "--json")
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    assert scores["unreadable"] == 2 and scores["documents"] == 7
    assert scores["relevance"]["fn"] == 1     # labelled relevant, gave no text: a miss
    unreadable = {e["doc"]: e["why"] for e in scores["errors"] if e["field"] == "text"}
    assert set(unreadable) == {"empty.txt", "blank.html"}
    assert "no article text" in unreadable["blank.html"]
    text = run_cli("eval", "--config", CONFIG, "--labels", str(labels)).stdout
    assert "7 documents, 2 without text" in text


def test_several_sets_get_a_table_each_and_a_micro_averaged_one(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    labels_one = seeds_copy(one)
    labels_two = seeds_copy(two, **{"003_baa79570ebdf69dc.txt": {"killed": 70}})
    result = run_cli("eval", "--config", CONFIG, "--labels", str(labels_one),
                     "--labels", str(labels_two), "--summary")
    assert result.returncode == 0, result.stderr
    tables = result.stdout.split("== ")[1:]
    assert [t.splitlines()[0] for t in tables] == [
        f"{one}: 5 documents", f"{two}: 5 documents", "all 2 sets (micro-averaged): 10 documents"]
    assert "killed     0.900 (9/10)" in tables[2]
    assert "merging    -                 1.000 (2/2)       1.000 (2/2)       1.000" in tables[2]
    assert "expected 70" not in result.stdout          # --summary: tables only
    scores = json.loads(run_cli("eval", "--config", CONFIG, "--labels", str(labels_one),
                                "--labels", str(labels_two), "--json").stdout)
    assert [s["documents"] for s in scores["sets"]] == [5, 5]
    assert scores["field_counts"]["killed"]["correct"] == 9

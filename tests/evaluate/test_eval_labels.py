"""Labels that cannot be scored are a one-line LabelError naming the file and the entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.evaluate.labels import LabelError, read_expected
from tests.support.paths import ROOT

GOOD = "a.txt:\n  relevant: true\n  killed: 3\nb.txt:\n  relevant: false\n"


@pytest.mark.parametrize(("text", "entry", "words"), [
    ("a.txt:\n  relevant: true\n  killed: five\n", "a.txt", "killed"),
    ("a.txt:\n  relevant: true\n  killed: -1\n", "a.txt", "killed"),
    ("a.txt:\n  relevant: true\n  injured: true\n", "a.txt", "injured"),
    ("a.txt:\n  relevant: true\n  event_date: 14 March\n", "a.txt", "event_date"),
    ("a.txt:\n  relevant: true\n  event_date: 2025-02-30\n", "a.txt", "event_date"),
    ("a.txt:\n  relevant: true\n  places: Quetta\n", "a.txt", "places"),
    ("a.txt:\n  relevant: true\n  places: [Quetta, Turbat]\n", "a.txt", "places"),
    ("a.txt:\n  relevant: true\n  places: [[]]\n", "a.txt", "places"),
    ("a.txt:\n  relevant: maybe\n", "a.txt", "relevant"),
    ("a.txt:\n  killed: 3\n", "a.txt", "relevant"),
    ("a.txt:\n  relevant:\n", "a.txt", "relevant"),
    ("a.txt: yes\n", "a.txt", "mapping"),
    ("a.txt:\n  relevant: true\n  actor: [BLA]\n", "a.txt", "actor"),
    ("a.txt:\n  relevant: true\n  same_incident_as: z.txt\n", "a.txt", "z.txt"),
    ("a.txt:\n  relevant: true\n  same_incident_as: a.txt\n", "a.txt", "itself"),
    ("- a.txt\n- b.txt\n", None, "mapping"),
    ("a.txt:\n  relevant: true\n    killed: 3\n", None, "line"),
    ("", None, "no labels"),
])
def test_bad_labels_name_file_and_entry(tmp_path: Path, text: str, entry: str | None,
                                        words: str) -> None:
    path = tmp_path / "expected.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LabelError) as caught:
        read_expected(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    assert caught.value.entry == entry
    if entry:
        assert f": {entry}: " in message
    assert words in message


def test_good_labels_read_with_dates(tmp_path: Path) -> None:
    path = tmp_path / "expected.yaml"
    path.write_text(GOOD + "c.txt:\n  relevant: true\n  event_date: 2025-01-02\n  note: x\n",
                    encoding="utf-8")
    labels = read_expected(path)
    assert labels["a.txt"]["killed"] == 3
    assert labels["c.txt"]["event_date"].isoformat() == "2025-01-02"
    assert labels["c.txt"]["note"] == "x"          # unknown keys are kept, not scored


@pytest.mark.parametrize("path", sorted(
    [*ROOT.glob("tests/fixtures/eval/*/expected.yaml"),
     ROOT / "seeds" / "demo" / "reports" / "expected.yaml",
     ROOT / "tests" / "fixtures" / "reports" / "expected.yaml"]), ids=str)
def test_shipped_labels_are_valid(path: Path) -> None:
    assert read_expected(path)

"""Eval metrics: n/a where there is nothing to count, precision beside accuracy, micro sums."""

from __future__ import annotations

import pytest

from crawler.cli.eval_cmd import render
from crawler.evaluate.counts import Evaluation, prf, ratio


@pytest.mark.parametrize(("correct", "predicted", "gold", "expected"), [
    (0, 0, 0, (None, None, None)),      # nothing predicted, nothing labelled: n/a, never 1.0
    (0, 3, 0, (0.0, None, 0.0)),        # pairs predicted where none are labelled: all wrong
    (0, 0, 4, (None, 0.0, 0.0)),        # none predicted where some are labelled
    (1, 1, 3, (1.0, 0.3333, 0.5)),
    (5, 5, 5, (1.0, 1.0, 1.0)),
])
def test_prf(correct: int, predicted: int, gold: int, expected: tuple) -> None:
    assert prf(correct, predicted, gold) == expected


def test_ratio_of_nothing_is_none() -> None:
    assert ratio(0, 0) is None
    assert ratio(3, 4) == 0.75


def test_empty_evaluation_prints_n_a_not_one() -> None:
    scores = Evaluation(documents=2).as_dict()
    assert scores["merging"]["f1"] is None
    assert all(v is None for v in scores["fields"].values())
    assert all(v is None for v in scores["field_precision"].values())
    text = render("empty", scores)
    assert "1.000" not in text
    assert "merging" in text and text.count("n/a") >= 3 + 2 * 5


def test_precision_counts_only_predicted_values() -> None:
    result = Evaluation()
    result.fields["killed"].add(ok=True, predicted=True)
    result.fields["killed"].add(ok=False, predicted=True)
    result.fields["killed"].add(ok=False, predicted=False)   # nothing found where 3 were killed
    result.fields["killed"].add(ok=True, predicted=False)    # null labelled, null predicted
    scores = result.as_dict()
    assert scores["fields"]["killed"] == 0.5
    assert scores["field_precision"]["killed"] == 0.5
    assert scores["field_counts"]["killed"] == {"total": 4, "correct": 2, "predicted": 2,
                                                "predicted_correct": 1}
    assert "killed     0.500 (2/4)       0.500 (1/2)" in render("x", scores)


def test_sets_add_up_micro_averaged() -> None:
    a, b = Evaluation(documents=10, tp=8, fp=1, fn=1), Evaluation(documents=2, tp=0, fp=0, fn=2)
    a.pairs_predicted, a.pairs_gold, a.pairs_both = 2, 2, 2
    b.pairs_gold = 2
    a.fields["place"].add(ok=True, predicted=True)
    b.fields["place"].add(ok=False, predicted=True)
    total = Evaluation()
    total.add(a)
    total.add(b)
    scores = total.as_dict()
    assert scores["documents"] == 12
    assert scores["relevance"]["recall"] == round(8 / 11, 4)   # not the mean of 0.889 and 0.0
    assert scores["merging"]["recall"] == 0.5
    assert scores["fields"]["place"] == 0.5

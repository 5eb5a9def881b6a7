"""The counts behind every eval metric, and the metrics they give (None: nothing to count).

Counts add up across sets, so a combined table is micro-averaged: every document and every
pair weighs the same whichever set it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELDS = ("killed", "injured", "event_date", "place", "actor")


@dataclass
class FieldCount:
    """One field's tally over the documents whose label states it."""

    total: int = 0  # labelled (relevant, matched, the key stated, null included)
    correct: int = 0
    predicted: int = 0  # a value was predicted (not null, not empty)
    predicted_correct: int = 0

    def add(self, ok: bool, predicted: bool) -> None:
        """Count one scored document."""
        self.total += 1
        self.correct += ok
        self.predicted += predicted
        self.predicted_correct += ok and predicted


@dataclass
class Evaluation:
    """Counts behind every metric, and the documents it got wrong."""

    documents: int = 0
    unreadable: int = 0  # documents that gave no text
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, FieldCount] = field(
        default_factory=lambda: {name: FieldCount() for name in FIELDS})
    pairs_predicted: int = 0
    pairs_gold: int = 0
    pairs_both: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Evaluation) -> None:
        """Add another set's counts and errors to these (micro-averaging)."""
        for name in ("documents", "unreadable", "tp", "fp", "fn", "pairs_predicted",
                     "pairs_gold", "pairs_both"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, counts in other.fields.items():
            mine = self.fields[name]
            mine.total += counts.total
            mine.correct += counts.correct
            mine.predicted += counts.predicted
            mine.predicted_correct += counts.predicted_correct
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, Any]:
        """The `--json` shape; a metric with nothing to count is None (printed "n/a")."""
        precision, recall, f1 = prf(self.tp, self.tp + self.fp, self.tp + self.fn)
        m_precision, m_recall, m_f1 = prf(self.pairs_both, self.pairs_predicted, self.pairs_gold)
        return {
            "documents": self.documents,
            "unreadable": self.unreadable,
            "relevance": {"precision": precision, "recall": recall, "f1": f1,
                          "tp": self.tp, "fp": self.fp, "fn": self.fn},
            "fields": {name: ratio(c.correct, c.total) for name, c in self.fields.items()},
            "field_precision": {name: ratio(c.predicted_correct, c.predicted)
                                for name, c in self.fields.items()},
            "field_counts": {name: vars(c).copy() for name, c in self.fields.items()},
            "merging": {"precision": m_precision, "recall": m_recall, "f1": m_f1,
                        "predicted_pairs": self.pairs_predicted, "gold_pairs": self.pairs_gold,
                        "both": self.pairs_both},
            "errors": self.errors,
        }


def ratio(part: int, whole: int) -> float | None:
    """part / whole rounded, or None when there is nothing to count."""
    return round(part / whole, 4) if whole else None


def prf(correct: int, predicted: int, gold: int) -> tuple[float | None, float | None,
                                                         float | None]:
    """Precision, recall and F1; None where nothing was predicted / labelled.

    F1 is None only when both are: predicting pairs where none are labelled (or none where
    some are) is all wrong, F1 0, not "n/a".
    """
    precision, recall = ratio(correct, predicted), ratio(correct, gold)
    if precision is None and recall is None:
        return None, None, None
    p, r = precision or 0.0, recall or 0.0
    f1 = round(2 * p * r / (p + r), 4) if p + r else 0.0
    return precision, recall, f1

"""The literal pre-checks (probe.Gated) of every fact-extraction module never hide a match."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import crawler.incidents.facts as facts_pkg
from crawler.evaluate.labels import read_report
from crawler.incidents.facts.context import split_sentences
from crawler.incidents.facts.probe import Gated, lowered

TESTS = Path(__file__).resolve().parent.parent
SEEDS = TESTS.parent / "seeds" / "demo" / "reports"


def _gates() -> list[tuple[str, Gated]]:
    """Every Gated held at module level (alone or in tuples) by a module of the facts package."""
    found: list[tuple[str, Gated]] = []
    for info in pkgutil.iter_modules(facts_pkg.__path__):
        module = importlib.import_module(f"{facts_pkg.__name__}.{info.name}")
        for name, value in vars(module).items():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                parts = item if isinstance(item, tuple) else (item,)
                found += [(f"{info.name}.{name}", g) for g in parts if isinstance(g, Gated)]
    return found


def _sentences() -> list[str]:
    """Every sentence of the fixture and seed reports, as written and upper-cased."""
    paths = sorted((TESTS / "fixtures").rglob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    sentences = [s for p in paths for s, _para in split_sentences(read_report(p).text)]
    return sentences + [s.upper() for s in sentences]


def test_the_gates_of_the_clause_readers_are_found() -> None:
    names = {name.split(".")[0] for name, _g in _gates()}
    assert {"clauses", "attribution", "numbers", "context", "dates"} <= names


def test_every_gate_passes_every_sentence_its_pattern_matches() -> None:
    gates = _gates()
    for sentence in _sentences():
        low = lowered(sentence)
        for name, gate in gates:
            if gate.pattern.search(sentence):
                assert gate.passes(sentence, low), (name, sentence)

"""Datelines whose place carries accented capitals (an addition to crawler.parse.dateline)."""

from __future__ import annotations

import pytest

from crawler.parse.dateline import find_dateline


@pytest.mark.parametrize(("text", "place"), [
    ("QUÉTTA, Nov 2: Gunmen attacked a checkpoint.", "QUÉTTA"),
    ("MOCÍMBOA DA PRAIA, 4 NOV 25 (LUSA) -- INSURGENTS KILLED FOUR.", "MOCÍMBOA DA PRAIA"),
    ("BOGOTÁ, March 3 (Reuters) - A bomb exploded.", "BOGOTÁ"),
    ("Ségou, Nov 4 (AFP) - Gunmen killed three.", "Ségou"),
])
def test_accented_dateline_places(text: str, place: str) -> None:
    found = find_dateline(text)
    assert found is not None and found.place == place


def test_an_accented_word_does_not_make_a_sentence_a_dateline() -> None:
    assert find_dateline("Élite troops attacked the base on Monday, officials said.") is None

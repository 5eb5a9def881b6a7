"""Watch config: the reference watch, model shape, and the gazetteer-aware checks."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from crawler.config.watches import WatchConfig, validate_watches
from crawler.geo import Gazetteer
from crawler.matching.matcher import WatchConfigError, compile_watches
from tests.support.paths import ROOT

REFERENCE = ROOT / "seeds" / "watches" / "balochistan-attacks.yaml"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def watch(**fields: Any) -> WatchConfig:
    data: dict[str, Any] = {"name": "w", "keywords": {"any": ["attack"]}, "places": ["Balochistan"]}
    data.update(fields)
    return WatchConfig.model_validate(data)


def test_reference_watch_is_valid(gaz: Gazetteer) -> None:
    config = WatchConfig.model_validate(yaml.safe_load(REFERENCE.read_text(encoding="utf-8")))
    assert config.name == "balochistan-attacks"
    assert validate_watches([config], gaz) == []


def test_unknown_keys_and_bad_names_are_shape_errors() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        WatchConfig.model_validate({"name": "w", "keyword": {"any": ["x"]}})
    with pytest.raises(ValidationError, match="pattern"):
        WatchConfig.model_validate({"name": "Bad Name"})
    with pytest.raises(ValidationError):
        WatchConfig.model_validate({"name": "w", "near": {"within": 0}})


def test_unknown_place_suggests_the_spelling(gaz: Gazetteer) -> None:
    problems = validate_watches([watch(), watch(name="x", regions={"cities": ["Quetaa"]})], gaz)
    assert problems == [
        "watches[1].regions.cities[0]: unknown city 'Quetaa' (did you mean 'Quetta'?)"
    ]


def test_kind_lists_only_accept_that_kind(gaz: Gazetteer) -> None:
    problems = validate_watches([watch(regions={"cities": ["Balochistan"]})], gaz)
    assert problems and problems[0].startswith(
        "watches[0].regions.cities[0]: unknown city 'Balochistan'"
    )
    assert validate_watches([watch(places=[], regions={"provinces": ["Balochistan"]})], gaz) == []


def test_ambiguous_place_and_its_fixes(gaz: Gazetteer) -> None:
    problems = validate_watches([watch(places=["Punjab"])], gaz)
    assert len(problems) == 1 and "ambiguous place 'Punjab'" in problems[0]
    assert "PK-PB" in problems[0] and "IN-PB" in problems[0]
    assert (
        validate_watches([watch(places=["Punjab, India"]), watch(name="y", places=["PK-PB"])], gaz)
        == []
    )
    # A district and its town of the same name are one reference, not an ambiguity.
    assert validate_watches([watch(places=["Quetta"])], gaz) == []


def test_empty_rules_and_bad_regex(gaz: Gazetteer) -> None:
    bad = [
        WatchConfig(name="empty"),
        watch(name="group", keywords={"any": ["attack", "  "], "all": [[]]}),
        watch(name="regex", keywords={"regex": ["(unclosed", "x*"]}),
        watch(name="near", keywords={"all": [["killed"]]}, near={"within": 5}),
        watch(name="w"),
        watch(name="w"),
    ]
    assert validate_watches(bad, gaz) == [
        "watches[0]: empty rule: give keywords (any/all/regex) or places",
        "watches[1].keywords.any[1]: empty term",
        "watches[1].keywords.all[0]: empty rule: a group needs at least one term",
        "watches[2].keywords.regex[0]: bad regex '(unclosed': "
        "missing ), unterminated subpattern at position 0",
        "watches[2].keywords.regex[1]: regex 'x*' matches empty text",
        "watches[3].near: no terms: set near.terms or keywords.any",
        "watches[5].name: duplicate watch name 'w' (also watches[4])",
    ]


def test_compile_refuses_invalid_watches(gaz: Gazetteer) -> None:
    with pytest.raises(WatchConfigError) as info:
        compile_watches([watch(places=["Qqzzxx"])], gaz)
    assert info.value.problems == ["watches[0].places[0]: unknown place 'Qqzzxx'"]


def test_language_accepts_one_code_or_a_list() -> None:
    assert watch(language="en").language == ("en",)
    assert watch(language=["en", "ur"]).language == ("en", "ur")

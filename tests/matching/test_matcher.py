"""Matching engine: the five seed reports, hand-written positives and negatives, world watches."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from crawler.config.watches import WatchConfig
from crawler.geo import Gazetteer
from crawler.geo.placescore import _SENTENCE_ENDS, layout
from crawler.matching.matcher import Matcher, compile_watches, document_string
from crawler.models import Document
from crawler.parse.textnorm import _fold_general, fold, fold_text, inflections
from tests.support.paths import ROOT, TESTS

FIXTURES = TESTS / "fixtures"
REFERENCE = ROOT / "seeds" / "watches" / "balochistan-attacks.yaml"
# The project's copy of ../shared/seeds (tests/demo/test_newssite.py checks it is byte-identical).
SEED_DIR = ROOT / "seeds" / "demo" / "reports"
SEEDS = sorted(SEED_DIR.glob("*.txt"))
POSITIVES = sorted((FIXTURES / "positives").glob("*.txt"))
NEGATIVES = sorted((FIXTURES / "negatives").glob("*.txt"))


def load_article(path: Path) -> Document:
    """Read a fixture: an optional leading "date YYYY-MM-DD" (publication date), an optional
    "title: ..." first line, then the text."""
    raw = path.read_text(encoding="utf-8")
    published = None
    dated = re.match(r"^\s*date (\d{4}-\d{2}-\d{2}) ", raw)
    if dated:
        published = date.fromisoformat(dated.group(1))
        raw = raw[dated.end() :]
    title = ""
    if raw.startswith("title:"):
        first, _, raw = raw.partition("\n")
        title = first.removeprefix("title:").strip()
    doc = Document(title=title, text=raw.strip())
    return doc if published is None else Document(title, doc.text, None, None, f"seed:{published}")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def reference() -> WatchConfig:
    return WatchConfig.model_validate(yaml.safe_load(REFERENCE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def matcher(gaz: Gazetteer, reference: WatchConfig) -> Matcher:
    return compile_watches([reference], gaz)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_reports_match_with_a_balochistan_primary_place(
    path: Path, matcher: Matcher, gaz: Gazetteer
) -> None:
    expected = yaml.safe_load((SEED_DIR / "expected.yaml").read_text())[path.name]
    match = matcher.classify(load_article(path))[0]
    assert match.matched is expected["relevant"], match.reasons
    assert match.primary_place is not None and gaz.is_within(match.primary_place.id, "PK-BA")
    found = {fold(hit.name) for hit in match.places if gaz.is_within(hit.place_id, "PK-BA")}
    for alternatives in expected["places"]:
        assert found & {fold(name) for name in alternatives}, alternatives
    assert "[" in match.snippet and match.score >= 0.3


@pytest.mark.parametrize("path", POSITIVES, ids=lambda p: p.name)
def test_own_positive_reports_match(path: Path, matcher: Matcher, gaz: Gazetteer) -> None:
    match = matcher.classify(load_article(path))[0]
    assert match.matched, match.reasons
    assert match.primary_place is not None and gaz.is_within(match.primary_place.id, "PK-BA")


def test_enough_realistic_negatives() -> None:
    assert len(NEGATIVES) >= 25 and len(POSITIVES) >= 5
    for path in NEGATIVES:
        words = len(path.read_text(encoding="utf-8").split())
        assert 120 <= words <= 400, (path.name, words)


@pytest.mark.parametrize("path", NEGATIVES, ids=lambda p: p.name)
def test_negative_articles_do_not_match(path: Path, matcher: Matcher) -> None:
    match = matcher.classify(load_article(path))[0]
    assert not match.matched, match.reasons
    assert match.reasons  # every "no" says why


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("iran_rask_police_station.txt", "no place inside Balochistan in title/dateline/lead"),
        ("kp_bannu_cantonment_attack.txt", "no place inside Balochistan in title/dateline/lead"),
        ("kp_peshawar_mosque_blast.txt", "primary place Peshawar"),
        ("quetta_cricket_gladiators.txt", "excluded by"),
        ("gwadar_port_investment.txt", "no keyword term in title/dateline/lead"),
        ("india_pakistan_missile_strikes.txt", "no place inside Balochistan"),
        ("duki_coal_mine_explosion.txt", "excluded by 'methane'"),
    ],
)
def test_hard_negatives_fail_for_the_right_reason(name: str, reason: str, matcher: Matcher) -> None:
    match = matcher.classify(load_article(FIXTURES / "negatives" / name))[0]
    assert any(r.startswith(reason) for r in match.reasons), match.reasons


def test_offsets_point_into_title_blank_line_text(matcher: Matcher) -> None:
    doc = Document(title="Blast in Quetta", text="Two were killed in Turbat’s bazaar attack.")
    match = matcher.classify(doc)[0]
    full = document_string(doc)
    assert full.startswith("Blast in Quetta\n\n")
    assert {(h.term, full[h.start : h.end]) for h in match.terms} >= {
        ("blast", "Blast"),
        ("attack", "attack"),
    }
    assert {(p.zone, full[p.start : p.end]) for p in match.places} == {
        ("title", "Quetta"),
        ("lead", "Turbat"),
    }
    assert match.matched and match.primary_place is not None


def test_inflections_case_and_diacritics(matcher: Matcher) -> None:
    doc = Document(
        title="", text="QUÉTTA, Nov 2: Gunmen ATTACKED a checkpoint; three soldiers were kílled."
    )
    match = matcher.classify(doc)[0]
    assert match.matched, match.reasons
    full = document_string(doc)
    assert "ATTACKED" in {full[h.start : h.end] for h in match.terms}
    assert "kílled" in {full[h.start : h.end] for h in match.terms}
    assert match.places[0].zone == "dateline"
    assert {"attack", "attacks", "attacked", "attacking", "attackers"} <= inflections("attack")
    assert "kidnapped" in inflections("kidnap")


def test_offsets_survive_length_changing_folds(gaz: Gazetteer) -> None:
    # "ß" folds to "ss" and a decomposed accent vanishes: offsets must still map back.
    folded = fold_text("Straße e\u0301 Quetta")
    assert folded.text == "strasse e quetta" and folded.offsets is not None
    m = compile_watches([WatchConfig(name="q", keywords={"any": ["quetta"]})], gaz)
    doc = Document(title="", text="Straße e\u0301 Quetta")
    hit = m.classify(doc)[0].terms[0]
    assert document_string(doc)[hit.start : hit.end] == "Quetta"


def test_word_boundaries_and_capitalised_places(matcher: Matcher) -> None:
    doc = Document(title="", text="Skilled workers went to the mach 2 test; the tank was full.")
    match = matcher.classify(doc)[0]
    assert not match.terms and not match.places


def test_one_match_per_watch_and_regex_only_when_asked(
    gaz: Gazetteer, reference: WatchConfig
) -> None:
    regex_watch = WatchConfig(name="ids", keywords={"regex": [r"\bFIR No\.? ?\d+"]})
    m = compile_watches([reference, regex_watch], gaz)
    results = m.classify(Document(title="", text="Police registered FIR No. 42 in Quetta, Nov 2."))
    assert [r.watch for r in results] == ["balochistan-attacks", "ids"]
    assert not results[0].matched
    assert results[1].matched and results[1].terms[0].group == "regex"


def test_proximity_rule(gaz: Gazetteer) -> None:
    config = WatchConfig(
        name="n",
        keywords={"any": ["blast"], "lead": False},
        places=["Balochistan"],
        near={"within": 5},
        min_score=0.0,
    )
    m = compile_watches([config], gaz)
    close = m.classify(Document(title="", text="A blast hit Turbat on Monday."))[0]
    far = m.classify(Document(title="", text="Turbat " + "quiet word " * 20 + "then a blast."))[0]
    assert close.matched, close.reasons
    assert not far.matched and far.reasons[0].startswith("no term within 5 words")


def test_language_rule(matcher: Matcher) -> None:
    doc = Document(
        title="", text="Turbat, March 3: Two policemen were shot dead by gunmen.", language="ur"
    )
    assert matcher.classify(doc)[0].reasons[0].startswith("language 'ur'")


def test_user_place_in_a_watch() -> None:
    from crawler.geo import PlaceConfig

    gaz = Gazetteer.load([PlaceConfig(name="Kili Sardar", parent="Kech")])
    m = compile_watches([WatchConfig(name="k", keywords={"any": ["attack"]}, places=["Kech"])], gaz)
    match = m.classify(Document(title="Attack in Kili Sardar", text="Gunmen attacked a camp."))[0]
    assert match.matched and match.primary_place and match.primary_place.name == "Kili Sardar"


WORLD_ATTACKS = {
    "any": ["attack", "gunmen", "militant", "bomber", "shot dead", "bandit"],
    "all": [["killed", "kill", "dead", "wounded"]],
}


@pytest.mark.parametrize(("region", "prefix"), [("Borno", "borno"), ("El Salvador", "el_salvador")])
def test_region_watches_outside_pakistan(gaz: Gazetteer, region: str, prefix: str) -> None:
    config = WatchConfig(name="world", keywords=WORLD_ATTACKS, places=[region])
    m = compile_watches([config], gaz)
    positives = sorted((FIXTURES / "world").glob(f"{prefix}_*positive.txt"))
    assert positives
    for path in positives:
        match = m.classify(load_article(path))[0]
        assert match.matched, (path.name, match.reasons)
        assert gaz.is_within(match.primary_place.id, gaz.lookup(region)[0].id)  # type: ignore[union-attr]
    for path in sorted((FIXTURES / "world").glob("*negative.txt")):
        assert not m.classify(load_article(path))[0].matched, path.name


@pytest.mark.parametrize(
    "text",
    [
        "Quetta, Nov 16: a BLAST near the Café “Gwadar” — 3 killed.",
        "Kelvin \u212a, sigma ΣΑΣ, ligature ﬁre, Straße, İstanbul, Кветта, ½ and ? marks",
        "plain ASCII: Turbat (Kech) - 2 dead!",
        "lone surrogate \ud800 here",
    ],
)
def test_fast_folding_equals_the_general_fold(text: str) -> None:
    assert fold_text(text) == _fold_general(text)


def test_sentence_bounds_equal_a_search_per_ending() -> None:
    full = 'Title? Yes\n\nQuetta: one. Two! "Three." Four.\u201d Five? six\nseven.\n. "End'
    page = layout(full, len("Title? Yes"), (20,))
    for offset in range(len(full) + 1):
        floor = 0 if offset < page.title_end else page.text_start
        start, end = floor, len(full)
        for ending in _SENTENCE_ENDS:  # the plain definition: every ending searched both ways
            before = full.rfind(ending, floor, offset)
            start = max(start, before + len(ending)) if before >= 0 else start
            after = full.find(ending, offset, end)
            end = after + 1 if after >= 0 else end
        assert page.sentence(offset) == (start, end), offset

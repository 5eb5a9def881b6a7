"""`watchpost eval`: the real pipeline over labelled documents, scored against their labels."""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.config import Config
from crawler.evaluate.labels import read_expected
from crawler.geo import Gazetteer, Place
from crawler.incidents.facts import Facts
from crawler.incidents.resolver import build_resolver, facts_of
from crawler.incidents.store import lineage
from crawler.parse.docfile import load_document
from crawler.parse.extract import text_hash
from crawler.parse.textnorm import fold
from crawler.pipeline import process_pending
from crawler.storage.db import db_table, open_db, write
from crawler.storage.store import iso

FIELDS = ("killed", "injured", "event_date", "place", "actor")


@dataclass
class Evaluation:
    """Counts behind every metric, and the documents it got wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})
    merge_pairs: tuple[int, int, int] = (0, 0, 0)  # predicted, gold, both
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The `--json` shape: relevance, fields, merging, errors; every metric a number."""
        precision, recall, f1 = _prf(self.tp, self.tp + self.fp, self.tp + self.fn)
        predicted, gold, both = self.merge_pairs
        m_precision, m_recall, m_f1 = _prf(both, predicted, gold)
        return {
            "relevance": {"precision": precision, "recall": recall, "f1": f1,
                          "tp": self.tp, "fp": self.fp, "fn": self.fn},
            "fields": {name: (right / total if total else 1.0)
                       for name, (right, total) in self.fields.items()},
            "field_counts": {name: {"correct": r, "total": t}
                             for name, (r, t) in self.fields.items()},
            "merging": {"precision": m_precision, "recall": m_recall, "f1": m_f1,
                        "predicted_pairs": predicted, "gold_pairs": gold},
            "errors": self.errors,
        }


def evaluate(config: Config, labels_path: Path, docs_dir: Path,
             watch: str | None = None) -> Evaluation:
    """Load every labelled document into a fresh database, run matching and incident
    resolution, and score relevance, fields and merging."""
    labels = read_expected(labels_path)
    names = [n for n in sorted(labels) if (docs_dir / n).is_file()]
    result = Evaluation()
    for missing in sorted(set(labels) - set(names)):
        result.errors.append({"doc": missing, "field": "file", "why": "labelled but not in --docs"})
    with tempfile.TemporaryDirectory(prefix="watchpost-eval-") as tmp:
        run_config = config.model_copy(update={"database": Path(tmp) / "eval.db",
                                               "subscriptions": ()})
        db = open_db(run_config.database)
        ids = _load_documents(db, docs_dir, names)
        process_pending(db, run_config)
        matched = _matched(db, watch)
        incident_of = {r["article_id"]: r["incident_id"]
                       for r in db.query("SELECT article_id, incident_id FROM incident_sources")}
        resolver = build_resolver(run_config)
        for name in names:
            label, article_id = labels[name], ids[name]
            _score_relevance(result, name, bool(label.get("relevant")), article_id in matched,
                             matched.get(article_id))
            if label.get("relevant") and article_id in matched:
                row = db_table(db, "articles").get(article_id)
                _score_fields(result, name, label, facts_of(row, resolver), resolver.gazetteer)
        result.merge_pairs = _merge_pairs(labels, names, ids, incident_of, result)
        db.close()
    return result


def _load_documents(db: Any, docs_dir: Path, names: list[str]) -> dict[str, int]:
    """Store each document as if crawled; return article ids by file name."""
    ids = {}
    now = iso(datetime.now(UTC))
    table = db_table(db, "articles")
    with write(db):
        for name in names:
            doc = load_document(docs_dir / name)
            table.insert({
                "url": f"file:///{name}", "source": "eval", "entry_id": name,
                "title": doc.title, "text": doc.text, "published": iso(doc.published),
                "language": doc.language, "fetched_at": now, "status": "extracted",
                "text_hash": text_hash(doc.text),
            })
            ids[name] = int(table.last_pk)  # type: ignore[arg-type]
    return ids


def _matched(db: Any, watch: str | None) -> dict[int, str]:
    sql = "SELECT article_id, group_concat(reasons, ' | ') AS why FROM matches WHERE matched = 1"
    params: list[Any] = []
    if watch:
        sql += " AND watch = ?"
        params.append(watch)
    return {r["article_id"]: r["why"] for r in db.query(sql + " GROUP BY article_id", params)}


def _score_relevance(result: Evaluation, name: str, relevant: bool, predicted: bool,
                     why: str | None) -> None:
    if relevant and predicted:
        result.tp += 1
    elif predicted:
        result.fp += 1
        result.errors.append({"doc": name, "field": "relevant", "expected": False,
                              "got": True, "why": (why or "")[:300]})
    elif relevant:
        result.fn += 1
        result.errors.append({"doc": name, "field": "relevant", "expected": True, "got": False,
                              "why": "no watch matched"})


def _score_fields(result: Evaluation, name: str, label: dict[str, Any], facts: Facts,
                  gazetteer: Gazetteer) -> None:
    got: dict[str, Any] = {
        "killed": facts.killed, "injured": facts.injured,
        "event_date": facts.event_date.isoformat() if facts.event_date else None,
    }
    for key in ("killed", "injured", "event_date"):
        if key in label:  # a stated null ("no figure", "no way to tell") is scored too
            expected = str(label[key]) if key == "event_date" and label[key] else label[key]
            _tally(result, name, key, expected, got[key], expected == got[key], facts)
    if label.get("places"):
        place = facts.primary_place
        ok = place is not None and _place_ok(place, label["places"], gazetteer)
        _tally(result, name, "place", label["places"], place.name if place else None, ok, facts)
    if label.get("actor"):
        names = [a.label for a in facts.actors]
        ok = any(_same_actor(label["actor"], a.name, a.short) for a in facts.actors)
        _tally(result, name, "actor", label["actor"], names, ok, facts)


def _tally(result: Evaluation, name: str, key: str, expected: Any, got: Any, ok: bool,
           facts: Facts) -> None:
    counts = result.fields[key]
    counts[1] += 1
    if ok:
        counts[0] += 1
        return
    evidence = facts.evidence.get("places" if key == "place" else key + "s" if key == "actor"
                                  else key, "")
    result.errors.append({"doc": name, "field": key, "expected": expected, "got": got,
                          "why": evidence[:300] or "no evidence found in the text"})


def _place_ok(place: Place, groups: list[list[str]], gazetteer: Gazetteer) -> bool:
    """In one of the alias groups by name, or inside a place one of them names."""
    names = {fold(n) for n in (place.name, *place.aliases)}
    inside = {p.id for p in lineage(gazetteer, place)}
    for group in groups:
        if names & {fold(alias) for alias in group}:
            return True
        if any(p.id in inside for alias in group for p in gazetteer.lookup(alias)):
            return True
    return False


def _same_actor(expected: str, name: str, short: str) -> bool:
    wanted = fold(expected)
    return fold(name) in wanted or (bool(short) and f"({fold(short)})" in wanted) or \
        wanted in (fold(name), fold(short))


def _merge_pairs(labels: dict[str, dict[str, Any]], names: list[str], ids: dict[str, int],
                 incident_of: dict[int, int], result: Evaluation) -> tuple[int, int, int]:
    """Pairwise merging counts: predicted pairs, gold pairs (undirected, transitive), both."""
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for name in names:
        other = labels[name].get("same_incident_as")
        if other in parent:
            parent[root(name)] = root(other)
    gold, predicted = set(), set()
    for a, b in itertools.combinations(names, 2):
        if root(a) == root(b):
            gold.add((a, b))
        ia, ib = incident_of.get(ids[a]), incident_of.get(ids[b])
        if ia is not None and ia == ib:
            predicted.add((a, b))
    for a, b in sorted(gold - predicted):
        result.errors.append({"doc": a, "field": "merging", "expected": f"same incident as {b}",
                              "got": "separate incidents", "why": ""})
    for a, b in sorted(predicted - gold):
        result.errors.append({"doc": a, "field": "merging", "expected": f"separate from {b}",
                              "got": "merged", "why": ""})
    return len(predicted), len(gold), len(predicted & gold)


def _prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = correct / predicted if predicted else 1.0
    recall = correct / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 4), round(recall, 4), round(f1, 4)

"""`watchpost eval`: the real pipeline over labelled documents, scored against their labels.

Each set of documents goes into a fresh database and through the pipeline a crawl uses
(matching, fact extraction, incident resolution and merging); then:
  - relevance: a document is predicted relevant when the watch (any, or `--watch`) matched;
  - fields, over documents labelled relevant and matched, for each key the label states
    (a stated null included): accuracy (right / stated) and precision (right / predicted,
    a prediction being any value that is not null or empty);
  - merging: pairwise, over every pair of labelled documents (same_incident_as, undirected and
    transitive) against the pairs that ended in one incident.
"""

from __future__ import annotations

import itertools
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.config import Config
from crawler.evaluate.counts import Evaluation
from crawler.evaluate.labels import LabelError, read_expected
from crawler.evaluate.placecheck import place_right
from crawler.geo import Gazetteer
from crawler.incidents.facts import Facts
from crawler.incidents.resolver import build_resolver, facts_of
from crawler.parse.docfile import DocumentError, load_document
from crawler.parse.extract import text_hash
from crawler.parse.textnorm import fold
from crawler.pipeline import process_pending
from crawler.storage.db import db_table, open_db, write
from crawler.storage.store import iso

Labels = dict[str, dict[str, Any]]


def evaluate(config: Config, labels_path: Path, docs_dir: Path,
             watch: str | None = None) -> Evaluation:
    """Load every labelled document into a fresh database, run matching and incident
    resolution, and score relevance, fields and merging.

    Raises LabelError for labels that cannot be scored or name a file not in `docs_dir`.
    """
    labels = read_expected(labels_path)
    for name in sorted(labels):
        if not (docs_dir / name).is_file():
            raise LabelError(labels_path, name, f"labelled, but there is no such file in {docs_dir}")
    result = Evaluation(documents=len(labels))
    with tempfile.TemporaryDirectory(prefix="watchpost-eval-") as tmp:
        run_config = config.model_copy(update={"database": Path(tmp) / "eval.db",
                                               "subscriptions": ()})
        db = open_db(run_config.database)
        try:
            ids = _load_documents(db, docs_dir, sorted(labels), result)
            process_pending(db, run_config)
            _score(db, run_config, labels, ids, watch, result)
        finally:
            db.close()
    return result


def _score(db: Any, config: Config, labels: Labels, ids: dict[str, int], watch: str | None,
           result: Evaluation) -> None:
    matched = _matched(db, watch)
    incident_of = {r["article_id"]: r["incident_id"]
                   for r in db.query("SELECT article_id, incident_id FROM incident_sources")}
    resolver = build_resolver(config)
    for name in sorted(labels):
        label, article_id = labels[name], ids.get(name)
        predicted = article_id is not None and article_id in matched
        _score_relevance(result, name, bool(label["relevant"]), predicted,
                         matched.get(article_id) if article_id is not None else None)
        if label["relevant"] and predicted and article_id is not None:
            row = db_table(db, "articles").get(article_id)
            _score_fields(result, name, label, facts_of(row, resolver), resolver.gazetteer)
    _merge_pairs(labels, ids, incident_of, result)


def _load_documents(db: Any, docs_dir: Path, names: list[str],
                    result: Evaluation) -> dict[str, int]:
    """Store each readable document as if crawled; return article ids by file name.

    A document that gives no text is reported and left out (predicted not relevant).
    """
    ids = {}
    now = iso(datetime.now(UTC))
    table = db_table(db, "articles")
    with write(db):
        for name in names:
            try:
                doc = load_document(docs_dir / name)
            except (DocumentError, OSError) as exc:
                _unreadable(result, name, str(exc))
                continue
            if not doc.text.strip():
                _unreadable(result, name, "the file has no text")
                continue
            table.insert({
                "url": f"file:///{name}", "source": "eval", "entry_id": name,
                "title": doc.title, "text": doc.text, "published": iso(doc.published),
                "language": doc.language, "fetched_at": now, "status": "extracted",
                "text_hash": text_hash(doc.text),
            })
            ids[name] = int(table.last_pk)  # type: ignore[arg-type]
    return ids


def _unreadable(result: Evaluation, name: str, why: str) -> None:
    result.unreadable += 1
    result.errors.append({"doc": name, "field": "text", "expected": "article text",
                          "got": None, "why": why})


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
    """Every field the label states, null included: a value predicted where none is due is
    wrong (and counts against precision)."""
    got: dict[str, Any] = {
        "killed": facts.killed, "injured": facts.injured,
        "event_date": facts.event_date.isoformat() if facts.event_date else None,
    }
    for key in ("killed", "injured", "event_date"):
        if key in label:
            expected = label[key].isoformat() if key == "event_date" and label[key] else label[key]
            _tally(result, name, key, expected, got[key], expected == got[key], facts)
    if "places" in label:
        place, groups = facts.primary_place, label["places"] or []
        ok = (place is None) if not groups else place is not None and place_right(
            place, groups, label.get("country"), label.get("province"), gazetteer)
        shown = gazetteer.label(place.id) if place and gazetteer.has(place.id) else \
            place.name if place else None
        _tally(result, name, "place", groups or None, shown, ok, facts)
    if "actor" in label:
        names = [a.label for a in facts.actors] or None
        wanted = label["actor"]
        ok = not facts.actors if wanted is None else any(
            _same_actor(wanted, a.name, a.short) for a in facts.actors)
        _tally(result, name, "actor", wanted, names, ok, facts)


def _tally(result: Evaluation, name: str, key: str, expected: Any, got: Any, ok: bool,
           facts: Facts) -> None:
    result.fields[key].add(ok, got is not None)
    if ok:
        return
    evidence = facts.evidence.get({"place": "places", "actor": "actors"}.get(key, key), "")
    result.errors.append({"doc": name, "field": key, "expected": expected, "got": got,
                          "why": evidence[:300] or "no evidence found in the text"})


def _same_actor(expected: str, name: str, short: str) -> bool:
    wanted = fold(expected)
    return fold(name) in wanted or (bool(short) and f"({fold(short)})" in wanted) or \
        wanted in (fold(name), fold(short))


def _merge_pairs(labels: Labels, ids: dict[str, int], incident_of: dict[int, int],
                 result: Evaluation) -> None:
    """Pairwise merging counts: predicted pairs, gold pairs (undirected, transitive), both."""
    names = sorted(labels)
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for name in names:
        other = labels[name].get("same_incident_as")
        if other is not None:
            parent[root(name)] = root(other)
    gold, predicted = set(), set()
    for a, b in itertools.combinations(names, 2):
        if root(a) == root(b):
            gold.add((a, b))
        ia, ib = incident_of.get(ids.get(a, -1)), incident_of.get(ids.get(b, -1))
        if ia is not None and ia == ib:
            predicted.add((a, b))
    for a, b in sorted(gold - predicted):
        result.errors.append({"doc": a, "field": "merging", "expected": f"same incident as {b}",
                              "got": "separate incidents", "why": ""})
    for a, b in sorted(predicted - gold):
        result.errors.append({"doc": a, "field": "merging", "expected": f"separate from {b}",
                              "got": "merged", "why": ""})
    result.pairs_predicted += len(predicted)
    result.pairs_gold += len(gold)
    result.pairs_both += len(predicted & gold)

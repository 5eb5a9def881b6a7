"""`watchpost eval`: score the pipeline against labelled documents, one table per set."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from crawler.cli.common import EXIT_CONFIG, config_option, load
from crawler.evaluate.counts import FIELDS, Evaluation
from crawler.evaluate.labels import LabelError
from crawler.evaluate.score import evaluate

_LABELS = click.Path(exists=True, dir_okay=False, path_type=Path)
_DOCS = click.Path(exists=True, file_okay=False, path_type=Path)


@click.command("eval")
@config_option
@click.option("--labels", "labels", type=_LABELS, required=True, multiple=True,
              help="Labels in the format of seeds' expected.yaml; repeat for several sets.")
@click.option("--docs", "docs", type=_DOCS, multiple=True,
              help="Folder of .txt / .html documents named as in the labels, one per --labels "
                   "(default: the folder of each labels file).")
@click.option("--watch", help="Score relevance against this watch only (default: any watch).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--summary", is_flag=True, help="Print the tables only, not each error.")
def eval_cmd(config_file: str | None, labels: tuple[Path, ...], docs: tuple[Path, ...],
             watch: str | None, as_json: bool, summary: bool) -> None:
    """Run extraction, matching, incidents and merging on labelled documents and score them.

    Each set (a labels file and its documents) runs in a fresh database, with the
    config.yaml beside its labels file when there is one (a set's own watches), else
    --config; with several sets a last table adds up their counts (micro-averaged). A metric
    with nothing to count is n/a.
    """
    if docs and len(docs) != len(labels):
        raise click.BadParameter(f"{len(docs)} --docs for {len(labels)} --labels: give one "
                                 "per labels file, or none", param_hint="--docs")
    config = load(config_file, quiet_logs=True)
    if watch and watch not in {w.name for w in config.watches}:
        raise click.BadParameter(f"no watch named {watch!r} in the config", param_hint="--watch")
    sets: list[tuple[str, Evaluation]] = []
    total = Evaluation()
    for index, labels_path in enumerate(labels):
        folder = docs[index] if docs else labels_path.parent
        own = labels_path.parent / "config.yaml"
        set_config = load(str(own), quiet_logs=True) if own.is_file() else config
        try:
            result = evaluate(set_config, labels_path, folder, watch)
        except LabelError as exc:
            click.secho(f"label error: {exc}", fg="red", err=True)
            sys.exit(EXIT_CONFIG)
        sets.append((str(folder), result))
        total.add(result)
    if as_json:
        combined = total.as_dict()
        combined["sets"] = [{"docs": name, **result.as_dict()} for name, result in sets]
        click.echo(json.dumps(combined, indent=2, ensure_ascii=False, default=str))
        return
    for name, result in sets:
        click.echo(render(name, result.as_dict()))
    if len(sets) > 1:
        click.echo(render(f"all {len(sets)} sets (micro-averaged)", total.as_dict()))
    if not summary:
        for name, result in sets:
            _print_errors(name if len(sets) > 1 else "", result)


def render(heading: str, scores: dict[str, Any]) -> str:
    """One set's table: relevance, each field's accuracy and precision, merging."""
    rel, merging = scores["relevance"], scores["merging"]
    counts = scores["field_counts"]
    unreadable = f", {scores['unreadable']} without text" if scores["unreadable"] else ""
    rows = [f"== {heading}: {scores['documents']} documents{unreadable}",
            f"{'measure':<11}{'accuracy':<18}{'precision':<18}{'recall':<18}F1",
            _row("relevance", "", _value(rel["precision"], rel["tp"], rel["tp"] + rel["fp"]),
                 _value(rel["recall"], rel["tp"], rel["tp"] + rel["fn"]), _num(rel["f1"]))]
    for name in FIELDS:
        c = counts[name]
        rows.append(_row(name, _value(scores["fields"][name], c["correct"], c["total"]),
                         _value(scores["field_precision"][name], c["predicted_correct"],
                                c["predicted"]), "", ""))
    rows.append(_row("merging", "", _value(merging["precision"], merging["both"],
                                           merging["predicted_pairs"]),
                     _value(merging["recall"], merging["both"], merging["gold_pairs"]),
                     _num(merging["f1"])))
    return "\n".join(rows) + "\n"


def _row(name: str, accuracy: str, precision: str, recall: str, f1: str) -> str:
    return f"{name:<11}{accuracy or '-':<18}{precision or '-':<18}{recall or '-':<18}" \
           f"{f1 or '-'}".rstrip()


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _value(value: float | None, part: int, whole: int) -> str:
    return f"{_num(value)} ({part}/{whole})"


def _print_errors(name: str, result: Evaluation) -> None:
    if not result.errors:
        return
    where = f" in {name}" if name else ""
    click.secho(f"{len(result.errors)} error(s){where}:", bold=True)
    for err in result.errors:
        click.echo(f"  {err['doc']}: {err['field']}: expected {err.get('expected')!r}, "
                   f"got {err.get('got')!r}" + (f" — {err['why']}" if err.get("why") else ""))

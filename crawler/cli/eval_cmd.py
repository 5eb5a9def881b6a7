"""`watchpost eval`: score the pipeline against labelled documents."""

from __future__ import annotations

import json
from pathlib import Path

import click

from crawler.cli.common import config_option, load
from crawler.evaluate.score import evaluate


@click.command("eval")
@config_option
@click.option("--labels", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              required=True, help="Labels in the format of seeds' expected.yaml.")
@click.option("--docs", type=click.Path(exists=True, file_okay=False, path_type=Path),
              required=True, help="Folder of .txt / .html documents named as in the labels.")
@click.option("--watch", help="Score relevance against this watch only (default: any watch).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def eval_cmd(config_file: str | None, labels: Path, docs: Path, watch: str | None,
             as_json: bool) -> None:
    """Run extraction, matching, incidents and merging on labelled documents and score them."""
    config = load(config_file, quiet_logs=True)
    if watch and watch not in {w.name for w in config.watches}:
        raise click.BadParameter(f"no watch named {watch!r} in the config", param_hint="--watch")
    result = evaluate(config, labels, docs, watch).as_dict()
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False, default=str))
        return
    rel = result["relevance"]
    click.echo(f"relevance  precision {rel['precision']:.3f}  recall {rel['recall']:.3f}  "
               f"F1 {rel['f1']:.3f}  (tp {rel['tp']}, fp {rel['fp']}, fn {rel['fn']})")
    for name, value in result["fields"].items():
        counts = result["field_counts"][name]
        click.echo(f"{name:<11}accuracy {value:.3f}  ({counts['correct']}/{counts['total']})")
    merging = result["merging"]
    click.echo(f"merging    precision {merging['precision']:.3f}  recall {merging['recall']:.3f}  "
               f"F1 {merging['f1']:.3f}  (pairs: {merging['predicted_pairs']} predicted, "
               f"{merging['gold_pairs']} labelled)")
    if result["errors"]:
        click.secho(f"\n{len(result['errors'])} error(s):", bold=True)
        for err in result["errors"]:
            click.echo(f"  {err['doc']}: {err['field']}: expected {err.get('expected')!r}, "
                       f"got {err.get('got')!r}" + (f" — {err['why']}" if err.get("why") else ""))

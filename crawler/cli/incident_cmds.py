"""`watchpost incidents list|show|export`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from crawler.cli.common import (
    BadInput,
    config_option,
    database,
    echo_json,
    json_option,
    load,
    table,
)
from crawler.cli.values import LIMIT, check_region, check_watch, since_option
from crawler.incidents.export import EXPORTERS, actor_label, decode, list_incidents, sources_of
from crawler.parse.textnorm import printable
from crawler.storage.db import db_table


@click.group("incidents")
def incidents_group() -> None:
    """Incidents: one record per event, with every source that reported it."""


def _filters(func: click.decorators.FC) -> click.decorators.FC:
    for option in reversed([
        since_option("incidents"),
        click.option("--region", metavar="NAME", help="Only incidents in this place (any level)."),
        click.option("--watch", metavar="NAME", help="Only incidents matched by this watch."),
    ]):
        func = option(func)
    return func


@incidents_group.command("list")
@config_option
@_filters
@click.option("--limit", type=LIMIT, default=50, show_default=True)
@json_option
def list_cmd(config_file: str | None, since: str | None, region: str | None,
             watch: str | None, limit: int, as_json: bool) -> None:
    """List incidents, newest first: date, place, actor, type, killed/injured, sources."""
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        check_watch(config, db, watch)
        check_region(db, region)
        rows = list_incidents(db, since, region, watch, limit)
    if as_json:
        echo_json({"incidents": [_incident_json(row) for row in rows]})
        return
    for row in rows:
        row["date"] = row["event_date"] or f"~{row['published'] or '?'}"
        row["where"] = ", ".join(x for x in (row["primary_place"], row["province"]) if x)
        row["actor"] = ", ".join(a.get("short") or a["name"] for a in row["actors"])
        row["types"] = ", ".join(row["event_types"][:2])
        row["toll"] = f"{_n(row['killed'])}/{_n(row['injured'])}"
    click.echo(table(rows, [("id", "ID", 4), ("date", "DATE", 11), ("where", "WHERE", 24),
                            ("actor", "ACTOR", 8), ("types", "TYPE", 28),
                            ("toll", "KILLED/INJ", 10), ("source_count", "SRC", 3),
                            ("title", "TITLE", 60)]))
    click.echo(f"{len(rows)} incident(s)")


@incidents_group.command("show")
@config_option
@click.argument("incident_id", type=int)
@json_option
def show_cmd(config_file: str | None, incident_id: int, as_json: bool) -> None:
    """Everything about one incident: facts, sources, revisions, and why it matched."""
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        raw = db_table(db, "incidents").get(incident_id) if _exists(db, incident_id) else None
        if raw is None:
            raise BadInput(f"no incident {incident_id}")
        row = decode(raw)
        facts = json.loads(raw["facts"])
        sources = sources_of(db, incident_id)
        revisions = list(db.query("SELECT * FROM incident_revisions WHERE incident_id = ? "
                                  "ORDER BY revision", [incident_id]))
        why = list(db.query(
            "SELECT m.watch, m.score, m.snippet, m.reasons FROM matches m JOIN incident_sources s "
            "ON s.article_id = m.article_id WHERE s.incident_id = ? AND m.matched = 1 "
            "ORDER BY m.score DESC LIMIT 3", [incident_id]))
    if as_json:
        echo_json({"incident": _shown_json(row, facts, sources, revisions, why)})
        return
    _echo_incident(incident_id, row, facts, sources, revisions, why)


def _shown_json(row: dict[str, Any], facts: dict[str, Any], sources: list[dict[str, Any]],
                revisions: list[dict[str, Any]], why: list[dict[str, Any]]) -> dict[str, Any]:
    """`incidents show --json`: the incident's row with its evidence, sources, revisions and
    why it matched."""
    return {
        **_incident_json({**row, "abducted": facts.get("abducted"),
                          "source_count": len(sources)}),
        "evidence": facts.get("evidence") or {},
        "sources": [{k: src[k] for k in SOURCE_KEYS} for src in sources],
        "revisions": [{"revision": r["revision"], "created_at": r["created_at"],
                       "changes": json.loads(r["changes"])} for r in revisions],
        "why": [{"watch": m["watch"], "score": m["score"], "snippet": m["snippet"],
                 "reasons": json.loads(m["reasons"])} for m in why]}


def _echo_incident(incident_id: int, row: dict[str, Any], facts: dict[str, Any],
                   sources: list[dict[str, Any]], revisions: list[dict[str, Any]],
                   why: list[dict[str, Any]]) -> None:
    """`incidents show` as text: facts and their sentences, sources, revisions, why."""
    _echo(f"Incident {incident_id} (revision {row['revision']}): {row['title']}", bold=True)
    when = row["event_date"] or "unknown"
    _echo(f"  event date:  {when} ({row['date_precision']}); first published "
          f"{row['published'] or '?'}")
    _echo(f"  places:      {', '.join(row['places']) or '-'}")
    _echo(f"  primary:     {row['primary_place'] or '-'} ({row['district'] or '-'}, "
          f"{row['province'] or '-'}, {row['country'] or '-'}) at {row['lat']}, {row['lon']}")
    _echo(f"  actors:      {'; '.join(actor_label(a) for a in row['actors']) or 'unknown'}")
    _echo(f"  event types: {', '.join(row['event_types']) or '-'}")
    _echo(f"  targets:     {', '.join(row['targets']) or '-'}")
    _echo(f"  killed {_n(row['killed'])}, injured {_n(row['injured'])}, militants killed "
          f"{_n(row['militants_killed'])}, abducted {_n(facts.get('abducted'))}")
    for name, sentence in (facts.get("evidence") or {}).items():
        if sentence:
            _echo(f"    {name}: “{sentence[:160]}”")
    _echo(f"\nSources ({len(sources)}):", bold=True)
    for src in sources:
        _echo(f"  {(src['published'] or '')[:10]}  {src['source']}: {src['title']}")
        _echo(f"      {src['url']}  [{src['status']}; {src['reason']}]")
    _echo("\nRevisions:", bold=True)
    for rev in revisions:
        changes = "; ".join(f"{c['field']}: {c['old']} → {c['new']}" + (
            f" ({c['reason']})" if c.get("reason") else "") for c in json.loads(rev["changes"]))
        _echo(f"  r{rev['revision']} {rev['created_at']}  {changes}")
    _echo("\nWhy it matched:", bold=True)
    for match in why:
        _echo(f"  {match['watch']} (score {match['score']:.2f}): "
              f"{'; '.join(json.loads(match['reasons'])[:3])}")
        _echo(f"    {match['snippet']}")


@incidents_group.command("export")
@config_option
@_filters
@click.option("--format", "fmt", type=click.Choice(sorted(EXPORTERS)), default="json",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of stdout.")
def export_cmd(config_file: str | None, since: str | None, region: str | None,
               watch: str | None, fmt: str, output: Path | None) -> None:
    """Export incidents with their sources as JSON, CSV or GeoJSON (primary place coordinates)."""
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        check_watch(config, db, watch)
        check_region(db, region)
        text = EXPORTERS[fmt](db, list_incidents(db, since, region, watch))
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise BadInput(f"cannot write {output}: {exc.strerror}") from None
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


# The keys of an incident in --json output (docs/cli.md): named, so a new column is a choice.
INCIDENT_KEYS = ("id", "title", "event_date", "date_precision", "published", "last_published",
                 "primary_place", "primary_place_id", "district", "province", "country", "lat",
                 "lon", "places", "actors", "event_types", "targets", "killed", "injured",
                 "militants_killed", "abducted", "watches", "source_count", "revision",
                 "created_at", "updated_at")
SOURCE_KEYS = ("article_id", "source", "url", "title", "published", "reason", "status",
               "added_at")


def _incident_json(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row.get(key) for key in INCIDENT_KEYS}


def _exists(db: object, incident_id: int) -> bool:
    return bool(list(db.query("SELECT 1 FROM incidents WHERE id = ?", [incident_id])))  # type: ignore[attr-defined]


def _echo(text: str, bold: bool = False) -> None:
    """One line of stored text to the terminal, its control characters escaped (a title's ESC
    would otherwise drive the terminal)."""
    click.secho(printable(text, one_line=False), bold=bold)


def _n(value: int | None) -> str:
    return "?" if value is None else str(value)

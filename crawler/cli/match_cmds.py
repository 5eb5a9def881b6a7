"""`watchpost matches`, `watchpost rematch` and `watchpost watches test`."""

from __future__ import annotations

import json
import sys
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
from crawler.cli.values import LIMIT, check_watch, since_option
from crawler.errors import UnsafeURL
from crawler.matching.analyse import build_matcher
from crawler.matching.matcher import Match
from crawler.matching.store import list_matches
from crawler.matching.store import rematch as rematch_all
from crawler.models import Document
from crawler.net.guard import URLGuard
from crawler.parse.docfile import DocumentError, document_from_text, fetch_document, load_document


@click.command("matches")
@config_option
@click.option("--watch", help="Only this watch.")
@since_option("articles published")
@click.option("--all", "include_misses", is_flag=True, help="Also list articles that did not match.")
@click.option("--limit", type=LIMIT, default=50, show_default=True)
@json_option
def matches(config_file: str | None, watch: str | None, since: str | None,
            include_misses: bool, limit: int, as_json: bool) -> None:
    """List matched articles, newest first: watch, score, primary place, title."""
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        check_watch(config, db, watch)
        rows = list_matches(db, watch, since, include_misses, limit)
    if as_json:
        echo_json({"matches": [_match_json(row) for row in rows]})
        return
    for row in rows:
        row["date"] = (row["published"] or "")[:10]
        row["verdict"] = "match" if row["matched"] else "-"
    click.echo(table(rows, [("date", "PUBLISHED", 10), ("watch", "WATCH", 20),
                            ("verdict", "", 5), ("score", "SCORE", 5),
                            ("primary_place", "PLACE", 14), ("source", "SOURCE", 16),
                            ("title", "TITLE", 60)]))
    click.echo(f"{len(rows)} row(s)")


def _match_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": row["article_id"], "watch": row["watch"], "matched": bool(row["matched"]),
        "score": row["score"], "primary_place": row["primary_place"],
        "primary_place_id": row["primary_place_id"], "published": row["published"],
        "source": row["source"], "title": row["title"], "url": row["url"],
        "snippet": row["snippet"], "reasons": json.loads(row["reasons"] or "[]"),
        "matched_at": row["matched_at"],
    }


@click.command("rematch")
@config_option
def rematch(config_file: str | None) -> None:
    """Re-run every watch over every stored article after a config change (no re-crawl)."""
    config = load(config_file)
    matcher = build_matcher(config)
    with database(config) as db:
        done = rematch_all(db, matcher)
        matched = db.execute("SELECT count(*) FROM matches WHERE matched = 1").fetchone()[0]
    click.echo(f"re-classified {done} articles against {len(matcher.watch_names)} watches: "
               f"{matched} matches")


@click.group("watches")
def watches_group() -> None:
    """Inspect and try out watches."""


@watches_group.command("test")
@config_option
@click.argument("target")
@click.option("--json", "as_json", is_flag=True, help="Print the verdicts as JSON.")
def test_watch(config_file: str | None, target: str, as_json: bool) -> None:
    """Show every watch's verdict on one article, and why: TARGET is a .txt/.html FILE, a URL or -."""
    config = load(config_file, quiet_logs=True)
    try:
        doc = _read_target(target, URLGuard(config.crawl.allow_hosts), config.crawl.timeout)
    except FileNotFoundError:
        raise BadInput(f"no such file: {target} (give a .txt/.html file, a URL or -)") from None
    except UnsafeURL as exc:
        hint = (" (to fetch it, add the host to crawl.allow_hosts)"
                if "not public" in str(exc) else "")
        raise BadInput(f"URL guard refused {exc}{hint}") from None
    except (DocumentError, OSError) as exc:
        raise BadInput(str(exc)) from None
    verdicts = build_matcher(config).classify(doc)
    if as_json:
        click.echo(json.dumps([_as_dict(m) for m in verdicts], indent=2, ensure_ascii=False))
        return
    for match in verdicts:
        _print_verdict(match)


def _read_target(target: str, guard: URLGuard, timeout: float) -> Document:
    if target == "-":
        return document_from_text(sys.stdin.read())
    if target.startswith(("http://", "https://")):
        return fetch_document(target, guard, timeout)
    return load_document(Path(target))


def _as_dict(match: Match) -> dict[str, object]:
    place = match.primary_place
    return {
        "watch": match.watch, "matched": match.matched, "score": round(match.score, 3),
        "primary_place": {"id": place.id, "name": place.name} if place else None,
        "terms": [{"term": h.term, "group": h.group, "start": h.start, "end": h.end}
                  for h in match.terms],
        "places": [{"id": p.place_id, "name": p.name, "zone": p.zone, "weight": p.weight,
                    "start": p.start, "end": p.end} for p in match.places],
        "reasons": list(match.reasons), "snippet": match.snippet,
    }


def _print_verdict(match: Match) -> None:
    verdict = click.style("MATCH", fg="green", bold=True) if match.matched else click.style(
        "no match", fg="yellow")
    place = match.primary_place.name if match.primary_place else "-"
    click.echo(f"{match.watch}: {verdict}  score {match.score:.2f}  primary place {place}")
    terms = sorted({f"{h.term} ({h.group})" for h in match.terms})
    click.echo(f"  terms:  {', '.join(terms) or '-'}")
    places: dict[str, tuple[str, float]] = {}
    for hit in match.places:
        places.setdefault(hit.name, (hit.zone, hit.weight))
    click.echo("  places: " + (", ".join(f"{n} [{z} {w:.1f}]" for n, (z, w) in places.items())
                               or "-"))
    for reason in match.reasons:
        click.echo(f"  why:    {reason}")
    if match.snippet:
        click.echo(f"  snippet: {match.snippet}")
    click.echo("")

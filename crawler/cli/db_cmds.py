"""`watchpost db backup FILE` and `watchpost db check`: looking after the database file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crawler.cli.common import EXIT_STORAGE, config_option, fail_storage, load
from crawler.errors import StorageError
from crawler.storage.maintenance import CheckResult, backup_db, check_db


@click.group("db")
def db_group() -> None:
    """Back up and check the database (safe while the daemon runs)."""


@db_group.command("backup")
@config_option
@click.argument("target", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
def backup(config_file: str | None, target: Path, force: bool) -> None:
    """Copy the database to FILE, consistent as of one moment, while the daemon writes.

    Uses SQLite's online backup API; FILE is a single self-contained database file (mode
    0600), checked before it replaces anything. Exits 2 if FILE exists (without --force),
    3 if the database cannot be read or FILE cannot be written.
    """
    config = load(config_file, quiet_logs=True)
    if target.exists() and not force:
        raise click.BadParameter(f"{target} exists (use --force to replace it)",
                                 param_hint="FILE")
    if target.resolve() == config.database.resolve():
        raise click.BadParameter("FILE is the database itself", param_hint="FILE")
    try:
        result = backup_db(config.database, target)
    except StorageError as exc:
        fail_storage(exc)
    click.echo(f"backed up {config.database} to {result.path}: {result.pages} pages, "
               f"{result.size / 1_048_576:.1f} MB in {result.seconds:.1f}s")


@db_group.command("check")
@config_option
@click.option("--quick", is_flag=True, help="PRAGMA quick_check instead of integrity_check "
                                            "(faster on a big database; skips index checks).")
def check(config_file: str | None, quick: bool) -> None:
    """Check the database: integrity, schema version per migration set, sizes, row counts.

    Reads only. Lists migrations not yet applied (the next crawl or daemon start applies them)
    and any that only a newer watchpost knows (this one refuses such a database). Exits 3
    when the integrity check fails or the database cannot be read.
    """
    config = load(config_file, quiet_logs=True)
    try:
        result = check_db(config.database, quick=quick)
    except StorageError as exc:
        fail_storage(exc)
    click.echo(render_check(result))
    if not result.intact:
        click.secho(f"error: database {result.path} failed its integrity check", fg="red",
                    err=True)
        sys.exit(EXIT_STORAGE)


def render_check(result: CheckResult) -> str:
    """The check as text for a terminal."""
    mb = 1_048_576
    lines = [
        f"database:   {result.path}",
        f"size:       {result.size / mb:.1f} MB ({result.pages} pages of {result.page_size} "
        f"bytes, {result.free_pages} free); WAL {result.wal_size / mb:.1f} MB; journal "
        f"{result.journal_mode}",
        "integrity:  " + ("ok" if result.intact else f"FAILED ({len(result.integrity)} "
                                                      "problem(s))"),
    ]
    lines += [f"  {problem}" for problem in result.integrity if problem != "ok"][:20]
    lines.append("schema:")
    for v in result.versions:
        state = f"{len(v.applied)}/{len(v.known)} applied" if v.known else "unknown set"
        if v.pending:
            state += f"; pending: {', '.join(v.pending)}"
        if v.unknown:
            state += f"; NEWER than this watchpost: {', '.join(v.unknown)}"
        lines.append(f"  {v.name:<22} {state}")
    if any(v.unknown for v in result.versions):
        lines.append("  a newer watchpost migrated this database: this version refuses to use it")
    lines.append("rows:       " + (", ".join(f"{name} {count}" for name, count
                                            in result.rows.items()) or "-"))
    return "\n".join(lines)

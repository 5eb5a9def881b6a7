"""`watchpost run` (the daemon) and `watchpost status` (read from the database)."""

from __future__ import annotations

import json
import sys

import click

from crawler.cli.common import config_option, fail_storage, load
from crawler.daemon.lock import AlreadyRunning
from crawler.daemon.service import run_daemon
from crawler.daemon.status import collect_status, render_status
from crawler.errors import StorageError
from crawler.storage.db import open_db

EXIT_ALREADY_RUNNING = 4


@click.command("run")
@config_option
@click.option("--health-port", type=click.IntRange(0, 65535), default=None, metavar="PORT",
              help="Also serve the status as JSON on 127.0.0.1:PORT (200 healthy, 503 not).")
def run(config_file: str | None, health_port: int | None) -> None:
    """Run the daemon: poll each source on its schedule, deliver alerts, until SIGTERM.

    Crawl ticks run as child processes; a restart continues where the last run stopped.
    A database that refuses writes (disk full, read-only) is waited out with back-off and
    reported on the health port. Exits 0 on SIGTERM/SIGINT, 2 for a bad config, 3 for a
    database made by a newer watchpost, 4 when another daemon already runs on the same
    database.
    """
    config = load(config_file, delivers=True)
    try:
        code = run_daemon(config, health_port=health_port)
    except AlreadyRunning as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(EXIT_ALREADY_RUNNING)
    except StorageError as exc:
        fail_storage(exc)
    sys.exit(code)


@click.command("status")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def status(config_file: str | None, as_json: bool) -> None:
    """Show the daemon's heartbeat, sources due and failing, the outbox backlog, recent runs.

    Reads the database only, so it works while the daemon runs.
    """
    config = load(config_file, quiet_logs=True)
    if not config.database.exists():
        click.echo(f"no database yet at {config.database}: nothing has run")
        return
    try:
        # No migration: status only reads, and never takes the write lock from the daemon.
        db = open_db(config.database, migrate=False)
    except StorageError as exc:
        fail_storage(exc)
    try:
        report = collect_status(db)
    finally:
        db.close()
    click.echo(json.dumps(report, indent=2) if as_json else render_status(report))


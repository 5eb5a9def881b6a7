"""`watchpost sources list`: every source with its health."""

from __future__ import annotations

import click

from crawler.cli.common import config_option, database, load, table
from crawler.config.durations import say_every
from crawler.storage.store import feed_states, sync_sources


@click.group("sources")
def sources_group() -> None:
    """Inspect configured sources."""


@sources_group.command("list")
@config_option
def list_sources(config_file: str | None) -> None:
    """Show each source with last poll, status, failures, next due and articles added."""
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        sync_sources(db, config)
        states = feed_states(db)
    rows = []
    for source in config.sources:
        state = states.get(source.name) or {}
        rows.append({
            "name": source.name,
            "enabled": "yes" if source.enabled else "no",
            # The interval in force: the configured one unless the last poll stretched it.
            "every": say_every(state.get("poll_every") or config.interval_of(source),
                               state.get("poll_why")),
            "last_poll": (state.get("last_polled_at") or "never")[:16].replace("T", " "),
            "status": state.get("last_status") or "new",
            "failures": state.get("failures") or 0,
            "next_due": (state.get("next_due_at") or "now")[:16].replace("T", " "),
            "added": state.get("articles_added") or 0,
            "error": state.get("last_error") or "",
        })
    click.echo(table(rows, [
        ("name", "SOURCE", 26), ("enabled", "ON", 3), ("every", "EVERY", 40),
        ("last_poll", "LAST POLL", 16), ("status", "STATUS", 12), ("failures", "FAILS", 5),
        ("next_due", "NEXT DUE", 16), ("added", "ADDED", 5), ("error", "LAST ERROR", 50),
    ]))

"""`watchpost sources list`: every source with its health."""

from __future__ import annotations

from typing import Any

import click

from crawler.cli.common import config_option, database, echo_json, json_option, load, table
from crawler.clock import shown_time
from crawler.config import Config, SourceConfig
from crawler.config.durations import say_every
from crawler.storage.store import feed_states, sync_sources


@click.group("sources")
def sources_group() -> None:
    """Inspect configured sources."""


@sources_group.command("list")
@config_option
@json_option
def list_sources(config_file: str | None, as_json: bool) -> None:
    """Show each source with last poll, status, failures, next due and articles added."""
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        sync_sources(db, config)
        states = feed_states(db)
    if as_json:
        echo_json({"sources": [_source_json(config, s, states.get(s.name) or {})
                               for s in config.sources]})
        return
    rows = []
    for source in config.sources:
        state = states.get(source.name) or {}
        rows.append({
            "name": source.name,
            "enabled": "yes" if source.enabled else "no",
            # The interval in force: the configured one unless the last poll stretched it.
            "every": say_every(state.get("poll_every") or config.interval_of(source),
                               state.get("poll_why")),
            "last_poll": shown_time(state.get("last_polled_at"), seconds=False)
            if state.get("last_polled_at") else "never",
            "status": state.get("last_status") or "new",
            "failures": state.get("failures") or 0,
            "next_due": shown_time(state.get("next_due_at"), seconds=False)
            if state.get("next_due_at") else "now",
            "added": state.get("articles_added") or 0,
            "error": state.get("last_error") or "",
        })
    click.echo(table(rows, [
        ("name", "SOURCE", 26), ("enabled", "ON", 3), ("every", "EVERY", 36),
        ("last_poll", "LAST POLL", 20), ("status", "STATUS", 12), ("failures", "FAILS", 5),
        ("next_due", "NEXT DUE", 20), ("added", "ADDED", 5), ("error", "LAST ERROR", 50),
    ]))


def _source_json(config: Config, source: SourceConfig, state: dict[str, Any]) -> dict[str, Any]:
    """A source and its health for --json: stored times as ISO text with their offset."""
    return {
        "name": source.name, "url": source.url, "enabled": source.enabled,
        "interval_seconds": config.interval_of(source),
        "poll_every_seconds": state.get("poll_every") or config.interval_of(source),
        "poll_why": state.get("poll_why"),
        "last_polled_at": state.get("last_polled_at"),
        "last_success_at": state.get("last_success_at"),
        "status": state.get("last_status") or "new",
        "http_status": state.get("last_http_status"),
        "failures": state.get("failures") or 0, "next_due_at": state.get("next_due_at"),
        "articles_added": state.get("articles_added") or 0,
        "last_error": state.get("last_error"),
    }

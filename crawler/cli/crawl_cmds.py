"""`watchpost crawl` and `watchpost search`."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from crawler.cli.common import (
    EXIT_STORAGE,
    BadInput,
    RuntimeFailure,
    config_option,
    database,
    echo_json,
    fail_storage,
    json_option,
    load,
    verbose_option,
)
from crawler.daemon.child import PARENT_ENV, storage_episode_reported
from crawler.errors import QueryError, StorageError
from crawler.parse.textnorm import printable
from crawler.storage.store import search as fts_search

if TYPE_CHECKING:
    from crawler.fetch.report import CrawlReport


@click.command()
@config_option
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="Poll only this source (repeatable).")
@click.option("--due-only", is_flag=True, help="Poll only sources whose next due time has passed.")
@click.option("--no-alerts", is_flag=True, help="Store and queue alerts, but do not send them.")
@verbose_option
def crawl(config_file: str | None, sources: tuple[str, ...], due_only: bool,
          no_alerts: bool, verbosity: int) -> None:
    """Poll sources once, store new articles, print a per-source summary.

    Exits 0 when the run completed, even if some sources failed (each is listed with its
    cause); 2 for a bad config or an unknown --source; 3 when every source failed, when a
    signal stopped the crawl (its run is recorded as interrupted), or when the database
    cannot be used or refuses a write (disk full, read-only): the crawl then stops, and no
    source it polled is marked ok.
    """
    # On a terminal: a progress line and the summary; each article's detail behind -v. A
    # daemon tick logs as its config says (the daemon's log is where that detail belongs).
    config = load(config_file, delivers=not no_alerts, verbosity=verbosity,
                  quiet_logs=not os.environ.get(PARENT_ENV))
    unknown = sorted(set(sources) - {s.name for s in config.sources})
    if unknown:
        # Before any worker starts: a typo costs nothing and says which names are known.
        known = ", ".join(s.name for s in config.sources) or "none"
        raise BadInput(f"unknown source(s): {', '.join(unknown)} (--source); known: {known}")
    extractor = None
    if not due_only and config.crawl.workers != 0 and config.enabled_sources():
        # Started before Scrapy is imported and its threads run, so the workers are forked
        # with the config and gazetteer this process already loaded, and are up when the
        # first feeds arrive. Not for --due-only (daemon ticks): there may be nothing to
        # poll, and no worker to start (the crawl starts its own pool when there is).
        from crawler.fetch.workers import ExtractPool, extract_options  # noqa: PLC0415

        extractor = ExtractPool(extract_options(config), config.crawl.workers, config)
    # The heavy modules (Scrapy, Twisted, the alert channels) load only now.
    from alerts.dispatch import deliver  # noqa: PLC0415
    from crawler.cli.alert_cmds import delivery_summary  # noqa: PLC0415
    from crawler.fetch.crawl import UnknownSource, run_crawl  # noqa: PLC0415
    from crawler.fetch.report import render_summary  # noqa: PLC0415
    from crawler.pipeline import process_pending  # noqa: PLC0415

    try:
        report = run_crawl(config, sources, due_only=due_only, extractor=extractor)
    except UnknownSource as exc:
        raise click.BadParameter(f"unknown source(s): {exc}", param_hint="--source") from None
    except StorageError as exc:
        if storage_episode_reported():
            sys.exit(EXIT_STORAGE)  # a daemon tick: the daemon has reported it once
        fail_storage(exc)
    finally:
        if extractor is not None:
            extractor.close()
    click.echo(render_summary(report))
    with database(config) as db:
        processed = process_pending(db, config, crawled=report)
        if config.enabled_watches():
            click.echo(processed.summary())
        if not no_alerts:
            click.echo(delivery_summary(deliver(db, config.crawl.allow_hosts).counts))
    _fail_if_nothing_read(report)


def _fail_if_nothing_read(report: CrawlReport) -> None:
    """Exit 3 when a signal stopped the crawl, or when every source failed: the run did not
    do its work, whatever it stored. A daemon tick keeps exit 3 for the database (its
    contract with the daemon), and the daemon reads the run's record instead."""
    if os.environ.get(PARENT_ENV):
        return
    if report.interrupted:
        pending = sum(1 for r in report.sources.values() if r.outcome == "pending")
        raise RuntimeFailure(f"the crawl was interrupted: {pending} of {len(report.sources)} "
                             "sources not polled; the run is recorded as interrupted")
    if report.all_failed:
        raise RuntimeFailure(f"every source failed ({len(report.sources)}): nothing could be "
                             "read; each source's cause is listed above")


@click.command()
@config_option
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="Most results to print.")
@json_option
def search(config_file: str | None, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Full-text search of stored articles: title, source, date, URL and a snippet.

    \b
    Quetta blast        both words (words are ANDed)
    '"suicide attack"'  the phrase, words in this order
    attack*             any word starting so
    'IED OR blast'      either word
    'blast NOT cricket' the first without the second
    """
    config = load(config_file, quiet_logs=True)
    with database(config) as db:
        try:
            rows = fts_search(db, " ".join(query), limit)
        except QueryError as exc:
            raise BadInput(f"bad search query: {exc}") from None
    if as_json:
        echo_json({"query": " ".join(query), "results": [
            {key: row[key] for key in ("id", "title", "source", "published", "url", "status",
                                       "snippet")} for row in rows]})
        return
    if not rows:
        click.echo("no matching articles")
        return
    for row in rows:
        # Stored text goes to the terminal with its control characters escaped: an ESC in a
        # title (rows stored before ingest stripped them) would otherwise drive the terminal.
        date = printable((row["published"] or "")[:10]) or "undated"
        click.secho(printable(row["title"] or "(untitled)"), bold=True)
        click.echo(f"  {printable(row['source'])} · {date} · {printable(row['url'])}")
        click.echo(f"  {printable(row['snippet'] or '')}\n")

"""`watchpost demo`: crawl the bundled offline news site into a fresh database and show it."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click
import yaml

from alerts.dispatch import deliver
from crawler.cli.alert_cmds import delivery_summary
from crawler.cli.common import BadInput, database, load, table
from crawler.fetch.crawl import run_crawl
from crawler.fetch.report import render_summary
from crawler.pipeline import process_pending
from crawler.resources import seed

if TYPE_CHECKING:
    from crawler.demo.site import DemoSite


WATCHES_DIR = seed("watches")
# The first line of every config the demo writes: how a re-run knows the folder is its own.
DEMO_MARK = "# written by `watchpost demo`: replaced by each run"


def write_demo_config(directory: Path, site: DemoSite) -> Path:
    """A config pointing at the running demo site, with the URL guard allowing 127.0.0.1."""
    config = {
        "database": "demo.db",
        "sources": [
            {"name": feed.name, "url": feed.url, "language": "en", "tags": [feed.format]}
            for feed in site.feeds()
        ],
        "crawl": {"delay": 0, "timeout": 10, "retries": 0, "allow_hosts": ["127.0.0.1"],
                  "concurrency_per_domain": 8},
        "watches": [yaml.safe_load(path.read_text(encoding="utf-8"))
                    for path in sorted(WATCHES_DIR.glob("*.yaml"))],
        "subscriptions": [
            {"name": "demo-console", "channel": {"type": "console"}},
            {"name": "demo-archive", "channel": {"type": "jsonl", "path": "alerts.jsonl"}},
        ],
        "logging": {"level": "WARNING"},
    }
    path = directory / "config.yaml"
    path.write_text(DEMO_MARK + "\n" + yaml.safe_dump(config, sort_keys=False),
                    encoding="utf-8")
    return path


def clear_previous_demo(directory: Path) -> bool:
    """Remove what an earlier demo left in `directory` (its database and alert archive), so a
    re-run replaces it: the site comes up on a new port, and its articles stored again under
    new URLs would double every one. Returns whether there was one.

    A config.yaml there that the demo did not write is never touched: that is an error.
    """
    config = directory / "config.yaml"
    if not config.exists():
        return False
    if not config.read_text(encoding="utf-8", errors="replace").startswith(DEMO_MARK):
        raise BadInput(f"{config} exists and is not a demo config: give --dir an empty or "
                       "demo folder")
    found = False
    for name in ("demo.db", "demo.db-wal", "demo.db-shm", "alerts.jsonl"):
        if (directory / name).exists():
            (directory / name).unlink()
            found = True
    return found


@click.command()
@click.option("--dir", "workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the demo's config and database here (default: a temporary folder).")
def demo(workdir: Path | None) -> None:
    """Run the whole pipeline against the bundled offline news site and print what it stored."""
    from crawler.demo.site import DemoSite  # noqa: PLC0415 - only the demo needs the site
    with tempfile.TemporaryDirectory(prefix="watchpost-demo-") as tmp:
        directory = workdir or Path(tmp)
        if directory.exists() and not directory.is_dir():
            raise BadInput(f"--dir {directory} is a file, not a folder")
        directory.mkdir(parents=True, exist_ok=True)
        if clear_previous_demo(directory):
            click.echo(f"replacing the previous demo in {directory}", err=True)
        with DemoSite() as site:
            click.secho(f"demo news site running at {site.url}", bold=True)
            config_file = write_demo_config(directory, site)
            config = load(str(config_file))
            report = run_crawl(config)
        click.echo(render_summary(report))
        with database(config) as db:
            processed = process_pending(db, config, crawled=report)
            click.secho(f"\n{processed.summary()}", bold=True)
            rows = list(db.query(
                "SELECT a.source, substr(a.published, 1, 10) AS published, a.title, "
                "m.primary_place AS place, CASE m.matched WHEN 1 THEN 'MATCH' ELSE '' END AS "
                "verdict FROM articles a LEFT JOIN matches m ON m.article_id = a.id "
                "ORDER BY m.matched DESC, a.published DESC"))
            click.echo(table(rows, [("verdict", "WATCH", 5), ("published", "PUBLISHED", 10),
                                    ("source", "SOURCE", 19), ("place", "PLACE", 12),
                                    ("title", "TITLE", 70)]))
            click.secho("\nAlerts sent to the demo's subscriptions (console and "
                        f"{directory / 'alerts.jsonl'}):\n", bold=True)
            delivered = deliver(db, config.crawl.allow_hosts)
        click.secho(f"\n{delivery_summary(delivered.counts)}", bold=True)
        click.echo(f"Explore: watchpost incidents list --config {config_file}" if workdir
                   else "")
        if workdir is None:
            click.echo("\n(re-run with --dir DIR to keep the database and config)")

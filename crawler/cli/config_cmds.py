"""`watchpost config check`: validate the config and summarise it."""

from __future__ import annotations

import os

import click

from crawler.cli.common import config_option, load


@click.group("config")
def config_group() -> None:
    """Validate and inspect the configuration."""


@config_group.command("check")
@config_option
def check(config_file: str | None) -> None:
    """Validate the config (exit 2 listing every problem) and print a summary."""
    config = load(config_file, quiet_logs=True)
    enabled = config.enabled_sources()
    click.echo(f"config OK: {config.path}")
    click.echo(f"  database:      {config.database}")
    click.echo(f"  sources:       {len(config.sources)} ({len(enabled)} enabled)")
    for path in config.source_files:
        click.echo(f"    from {path}")
    crawl = config.crawl
    click.echo(
        f"  crawl:         every {crawl.interval / 60:g} min by default, timeout {crawl.timeout:g}s, "
        f"max {crawl.max_size_mb:g} MB, {crawl.retries} retries, "
        f"{crawl.concurrency_per_domain}/domain, delay {crawl.delay:g}s, "
        f"robots.txt {'obeyed' if crawl.obey_robots else 'IGNORED'}"
    )
    watches = config.enabled_watches()
    click.echo(f"  watches:       {len(config.watches)} ({len(watches)} enabled): "
               f"{', '.join(w.name for w in watches) or '-'}")
    if config.places:
        click.echo(f"  own places:    {len(config.places)}")
    if crawl.allow_hosts:
        click.echo(f"  URL guard allows: {', '.join(crawl.allow_hosts)}")
    for name in _secret_envs(config):
        if not os.environ.get(name):
            click.secho(f"  warning: environment variable {name} is not set", fg="yellow")


def _secret_envs(config: object) -> list[str]:
    """Names of environment variables the config reads secrets from (values never printed)."""
    return []

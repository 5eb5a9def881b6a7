"""`watchpost config check` and `watchpost config show`: validate the config, summarise or print it."""

from __future__ import annotations

import os

import click

from crawler.cli.common import config_option, load
from crawler.config.secrets import channel_secrets, config_redactor
from crawler.config.shown import shown_config


@click.group("config")
def config_group() -> None:
    """Validate and inspect the configuration."""


@config_group.command("check")
@config_option
def check(config_file: str | None) -> None:
    """Validate the config and the secrets it names (exit 2 listing every problem); summarise it."""
    config = load(config_file, quiet_logs=True, delivers=True)
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
    names = sorted({n for s in config.subscriptions for n in channel_secrets(s.channel)})
    click.echo(f"  subscriptions: {len(config.subscriptions)}"
               + (f"; secrets read from {', '.join(names)}" if names else ""))


@config_group.command("show")
@config_option
def show(config_file: str | None) -> None:
    """Print the loaded, validated config as YAML, every secret shown as <redacted>."""
    config = load(config_file, quiet_logs=True)
    click.echo(f"# {config.path}, as loaded (defaults filled in, paths resolved)")
    click.echo(shown_config(config, config_redactor(config, os.environ)), nl=False)

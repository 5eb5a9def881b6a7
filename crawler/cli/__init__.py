"""The `watchpost` command line: one group, commands registered from their own modules."""

from __future__ import annotations

import click

from crawler.cli.alert_cmds import alerts_group, subscriptions_group
from crawler.cli.config_cmds import config_group
from crawler.cli.crawl_cmds import crawl, search
from crawler.cli.daemon_cmds import run, status
from crawler.cli.demo_cmd import demo
from crawler.cli.eval_cmd import eval_cmd
from crawler.cli.incident_cmds import incidents_group
from crawler.cli.match_cmds import matches, rematch, watches_group
from crawler.cli.sources_cmds import sources_group


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="watchpost")
def cli() -> None:
    """watchpost: monitor news feeds for incidents of political violence and alert on them."""


cli.add_command(config_group)
cli.add_command(crawl)
cli.add_command(search)
cli.add_command(sources_group)
cli.add_command(demo)
cli.add_command(matches)
cli.add_command(rematch)
cli.add_command(watches_group)
cli.add_command(incidents_group)
cli.add_command(eval_cmd)
cli.add_command(subscriptions_group)
cli.add_command(alerts_group)
cli.add_command(run)
cli.add_command(status)


def main() -> None:
    """Console-script entry point."""
    cli()

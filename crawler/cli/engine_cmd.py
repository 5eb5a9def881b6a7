"""`watchpost engine`: the daemon's crawl engine process (hidden: the daemon starts it)."""

from __future__ import annotations

import sys

import click

from crawler.cli.common import config_option, load


@click.command("engine", hidden=True)
@config_option
def engine(config_file: str | None) -> None:
    """Run the crawl engine: commands on stdin, events on stdout (see crawler.daemon.enginechild)."""
    config = load(config_file)
    from crawler.daemon.enginechild import serve  # noqa: PLC0415 - Scrapy loads only here

    sys.exit(serve(config))

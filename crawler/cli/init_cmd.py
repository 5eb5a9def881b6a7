"""`watchpost init`: write a starter config for the regions you follow, checked, with a database."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli.common import BadInput, fail_config, fail_storage
from crawler.config import load_config
from crawler.config.starter import CONFIG_NAME, existing, starter
from crawler.errors import ConfigError, StorageError
from crawler.geo import Gazetteer, resolve_place
from crawler.storage.db import open_db


@click.command("init")
@click.argument("target", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True,
              help="Where to write config.yaml (or give it as DIR).")
@click.option("--region", "regions", multiple=True, default=("Balochistan",), show_default=True,
              help="A region to watch (country, province, district or town); repeatable.")
@click.option("--force", is_flag=True, help="Overwrite config.yaml and sources.yaml if present.")
def init(target: Path | None, directory: Path, regions: tuple[str, ...], force: bool) -> None:
    """Write a starter config.yaml (a watch for your regions, a console subscription) and
    sources.yaml in DIR (default: here), check them, and create the database."""
    directory = target or directory
    clash = existing(directory)
    if clash and not force:
        raise BadInput(f"init: {', '.join(str(p) for p in clash)} already exists "
                       "(--force overwrites)")
    in_pakistan = _in_pakistan(list(regions))
    made = starter(list(regions), in_pakistan)
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in made.files.items():
        (directory / name).write_text(text, encoding="utf-8")
    try:
        config = load_config(directory / CONFIG_NAME)
        open_db(config.database).close()
    except ConfigError as exc:
        fail_config(exc)
    except StorageError as exc:
        fail_storage(exc)
    click.echo(f"wrote {directory / CONFIG_NAME} (watch {made.watch!r}, "
               f"{len(config.sources)} sources) and created {config.database}")
    click.echo("next: `watchpost config check`, then `watchpost crawl` for a first run, "
               "`watchpost run` to keep polling")


def _in_pakistan(regions: list[str]) -> bool:
    """True when every region resolves inside Pakistan (unknown names decide nothing here:
    the config check names them)."""
    gazetteer = Gazetteer.load()
    places = [p for r in regions for p in resolve_place(gazetteer, r)]
    return bool(places) and all(p.country_code == "PK" for p in places)

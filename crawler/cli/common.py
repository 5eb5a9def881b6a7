"""What every command shares: the --config option, loading it, and turning errors into exits."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, NoReturn, TypeVar

import click
from sqlite_utils import Database

from crawler.config import CONFIG_ENV, Config, config_path, load_config
from crawler.config.secrets import (
    config_exposure,
    config_redactor,
    exposed_warning,
    readable_by_others,
    token_holders,
)
from crawler.errors import ConfigError, StorageError
from crawler.logsetup import setup_logging
from crawler.parse.textnorm import printable
from crawler.storage.db import open_db

F = TypeVar("F", bound=Callable[..., Any])

# The exit codes every command keeps: 0 done, 2 bad usage, input or config, 3 the work
# itself failed (a database, a network, every source of a crawl).
EXIT_CONFIG = 2
EXIT_USAGE = 2
EXIT_STORAGE = 3
EXIT_RUNTIME = 3


class BadInput(click.ClickException):
    """Input the user can fix (an argument, an option, a file named): one line, exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        """`error: <message>` on stderr, the way every watchpost error reads."""
        click.secho(f"error: {self.format_message()}", fg="red", err=True)


class RuntimeFailure(BadInput):
    """The work itself failed (a delivery, every source of a crawl): one line, exit 3."""

    exit_code = EXIT_RUNTIME


def config_option(func: F) -> F:
    """Add `--config PATH` (default ./config.yaml, env WATCHPOST_CONFIG) to a command."""
    return click.option(
        "--config", "config_file", type=click.Path(dir_okay=False), default=None,
        help=f"Config file (default: ${CONFIG_ENV} or ./config.yaml).",
    )(func)


def json_option(func: F) -> F:
    """Add `--json`: one JSON document on stdout instead of the table (keys in docs/cli.md)."""
    return click.option("--json", "as_json", is_flag=True,
                        help="Print one JSON document (stable keys: see docs/cli.md).")(func)


def echo_json(document: dict[str, Any]) -> None:
    """Print `document` as the command's whole output: indented, UTF-8, times as ISO text."""
    click.echo(json.dumps(document, indent=2, ensure_ascii=False, default=_json_value))


def _json_value(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def verbose_option(func: F) -> F:
    """Add `-v` (INFO detail: each incident opened or joined) and `-vv` (DEBUG)."""
    return click.option("-v", "--verbose", "verbosity", count=True,
                        help="Show detail as it happens: -v what each article did, -vv "
                             "debugging (libraries included).")(func)


def load(config_file: str | None, quiet_logs: bool = False, delivers: bool = False,
         verbosity: int = 0) -> Config:
    """Load and validate the config; on any problem print them all and exit 2.

    A command that `delivers` alerts also needs every secret the subscriptions name: without
    one, each delivery would fail for ever, so that is a config problem too. `quiet_logs`
    keeps INFO records off the terminal (a log file still gets them) unless -v asked for them.
    """
    path = config_path(config_file)
    try:
        config = load_config(path, environ=os.environ if delivers else None)
    except ConfigError as exc:
        fail_config(exc)
    setup_logging(_log_level(config, quiet_logs, verbosity), config.logging.format,
                  config.logging.file, config_redactor(config, os.environ))
    if warning := config_exposure(config):
        click.secho(warning, fg="yellow", err=True)
    return config


def _log_level(config: Config, quiet: bool, verbosity: int) -> str:
    level = config.logging.level
    if verbosity >= 2 or level == "DEBUG":
        return "DEBUG"
    if verbosity == 1:
        return "INFO"
    quiet = quiet and config.logging.file is None
    return "WARNING" if quiet and level == "INFO" else level


def fail_config(exc: ConfigError) -> NoReturn:
    """Print every config problem and exit with the config-error code."""
    click.secho(f"config error: {exc.source}", fg="red", err=True)
    for problem in exc.problems:
        click.echo(f"  - {problem}", err=True)
    sys.exit(EXIT_CONFIG)


def fail_storage(exc: StorageError) -> NoReturn:
    """Print a storage error (it names the database and the cause) and exit 3."""
    click.secho(f"error: {exc}", fg="red", err=True)
    sys.exit(EXIT_STORAGE)


@contextlib.contextmanager
def database(config: Config) -> Iterator[Database]:
    """Open the configured database, exiting 3 with the reason when it is unusable."""
    try:
        db = open_db(config.database)
    except StorageError as exc:
        fail_storage(exc)
    if warning := _database_exposure(config, db):
        click.secho(warning, fg="yellow", err=True)
    try:
        yield db
    finally:
        db.close()


def _database_exposure(config: Config, db: Database) -> str:
    """A warning when others can read the database and its subscriptions hold webhook tokens."""
    if not readable_by_others(config.database):
        return ""  # the common case, and no query needed
    from alerts.registry import list_subscriptions  # noqa: PLC0415 - only for a readable file

    holders = token_holders(s.config for s in list_subscriptions(db))
    return exposed_warning(config.database, "database", holders) if holders else ""


def table(rows: list[dict[str, Any]], columns: list[tuple[str, str, int]]) -> str:
    """A plain aligned text table: columns are (key, heading, width); stored text is shown
    with its control characters escaped, never sent raw to the terminal."""
    lines = ["  ".join(f"{head:<{width}}"[:width] for _, head, width in columns).rstrip()]
    for row in rows:
        cells = []
        for key, _, width in columns:
            value = row.get(key)
            text = "-" if value is None or value == "" else printable(str(value))
            cells.append(f"{text:<{width}}"[:width])
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)

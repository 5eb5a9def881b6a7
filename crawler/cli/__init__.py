"""The `watchpost` command line: one group, each command imported only when it runs.

Importing every command's module (Scrapy, Twisted, the alert channels) took every command
0.5 s before it did anything; a crawl now starts its extraction workers before it imports
Scrapy, so they are up by the time the feeds arrive.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import sys

import click

from crawler.errors import StorageError

# Command name -> "module:attribute" of the click command.
COMMANDS = {
    "alerts": "crawler.cli.alert_cmds:alerts_group",
    "config": "crawler.cli.config_cmds:config_group",
    "crawl": "crawler.cli.crawl_cmds:crawl",
    "db": "crawler.cli.db_cmds:db_group",
    "demo": "crawler.cli.demo_cmd:demo",
    "engine": "crawler.cli.engine_cmd:engine",
    "eval": "crawler.cli.eval_cmd:eval_cmd",
    "incidents": "crawler.cli.incident_cmds:incidents_group",
    "init": "crawler.cli.init_cmd:init",
    "matches": "crawler.cli.match_cmds:matches",
    "rematch": "crawler.cli.match_cmds:rematch",
    "run": "crawler.cli.daemon_cmds:run",
    "search": "crawler.cli.crawl_cmds:search",
    "sources": "crawler.cli.sources_cmds:sources_group",
    "status": "crawler.cli.daemon_cmds:status",
    "subscriptions": "crawler.cli.alert_cmds:subscriptions_group",
    "watches": "crawler.cli.match_cmds:watches_group",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when looked up, not when the CLI starts."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, sorted (as click lists them in --help)."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the command's module and return the command (None: no such command)."""
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command) and command.name == cmd_name, target
        return command

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; whatever fails under it is one line and an exit code.

        A database that fails (disk full, read-only) names the file and the cause, exit 3.
        click's own errors about a file or an argument exit 2 (click gives some of them 1).
        Anything else is a bug or an unforeseen failure: one line naming it, exit 3, and the
        traceback only with --debug (the daemon, `run`, keeps its traceback and exit 1).
        """
        try:
            return super().invoke(ctx)
        except StorageError as exc:
            from crawler.cli.common import fail_storage  # noqa: PLC0415 (only on failure)

            fail_storage(exc)
        except click.ClickException as exc:
            if exc.exit_code != 1:
                raise
            from crawler.cli.common import BadInput  # noqa: PLC0415 (only on failure)

            raise BadInput(exc.format_message()) from None
        except (click.exceptions.Exit, click.Abort, KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as exc:
            # The daemon keeps Python's own crash (traceback, exit 1): its journal wants the
            # traceback, and systemd restarts on 1 but not on 3 (RestartPreventExitStatus).
            if ctx.params.get("debug") or ctx.invoked_subcommand == "run":
                raise
            first = (str(exc).strip().splitlines() or [""])[0]
            click.secho(f"error: {type(exc).__name__}: {first} (run `watchpost --debug ...` "
                        "for the traceback)", fg="red", err=True)
            sys.exit(3)


@click.group(cls=LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="watchpost")
@click.option("--debug", is_flag=True, envvar="WATCHPOST_DEBUG",
              help="Show the Python traceback of an unexpected error.")
def cli(debug: bool) -> None:
    """watchpost: monitor news feeds for incidents of political violence and alert on them.

    Exit codes: 0 done; 2 bad arguments, input or config (one line says what and where);
    3 the work failed (database, network, every source of a crawl); 4 a daemon already runs.
    """


def main() -> None:
    """Console-script entry point."""
    # Run last at exit: the interpreter's final collections walked every object a crawl
    # had made (Scrapy, the gazetteer's 40,000 places), 0.3 s of every run after its
    # output was done. Frozen objects are still freed; only that walk is skipped.
    atexit.register(gc.freeze)
    try:
        code = cli.main(prog_name="watchpost", standalone_mode=False)
    except click.UsageError as exc:
        # One line, not click's usage block: what is wrong, and where the help is.
        where = exc.ctx.command_path if exc.ctx else "watchpost"
        click.secho(f"error: {exc.format_message()} (see `{where} --help`)", fg="red",
                    err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(1)  # the reader (`| head`) went away: nothing more to say
    sys.exit(code if isinstance(code, int) else 0)

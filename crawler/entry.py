"""The `watchpost` command's entry point, kept light to import.

Spawned worker processes re-run the parent's main script before their task; for the console
script that is `from crawler.entry import main`, so the whole CLI (Scrapy, Twisted, the alert
channels: about 30 MB) must not load at import time here, only when the command runs.
"""

from __future__ import annotations


def main() -> None:
    """Run the CLI."""
    from crawler.cli import main as cli_main  # noqa: PLC0415 (see the module docstring)

    cli_main()

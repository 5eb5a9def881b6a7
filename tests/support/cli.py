"""Running the real `watchpost` command against a test site: its config, the subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from crawler.demo.site import DemoSite
from tests.support.paths import ROOT

__all__ = ["ROOT", "WATCH", "WATCHPOST", "run_cli", "write_config", "write_loopback_config"]

WATCHPOST = str(Path(sys.executable).parent / "watchpost")
# The shipped Balochistan watch, as a config's `watches` entry.
WATCH = yaml.safe_load((ROOT / "seeds" / "watches" / "balochistan-attacks.yaml").read_text())


def write_config(directory: Path, site: DemoSite, **sections: Any) -> Path:
    """A config crawling every feed of `site`, with the URL guard allowing 127.0.0.1.

    A mapping in `sections` is merged into the default section of that name; anything else
    replaces it.
    """
    sources = [{"name": f.name, "url": f.url, "language": "en"} for f in site.feeds()]
    return write_loopback_config(directory, "watchpost.db", sources, {}, sections)


def write_loopback_config(directory: Path, database: str, sources: list[dict[str, Any]],
                          crawl: dict[str, Any], sections: dict[str, Any]) -> Path:
    """directory/config.yaml crawling `sources` on loopback (no delay, no retries, the URL
    guard allowing 127.0.0.1), `crawl` added to those settings; a mapping in `sections` is
    merged into the section of that name, anything else replaces it."""
    config: dict[str, Any] = {
        "database": database,
        "sources": sources,
        "crawl": {"delay": 0, "timeout": 5, "retries": 0, "allow_hosts": ["127.0.0.1"],
                  "concurrency_per_domain": 8, **crawl},
        "logging": {"level": "INFO"},
    }
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(config.get(key), dict):
            config[key] = {**config[key], **value}
        else:
            config[key] = value
    path = directory / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def run_cli(*args: str, timeout: float = 120, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    """Run the installed `watchpost` command in a subprocess and capture its output."""
    return subprocess.run(
        [WATCHPOST, *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL,
    )

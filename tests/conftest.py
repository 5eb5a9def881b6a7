"""Shared fixtures: the fixture news site on 127.0.0.1 and running the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.demo.site import NewsSite

ROOT = Path(__file__).resolve().parent.parent
# The compiled-gazetteer cache of this test session: built once here, never the user's own.
os.environ.setdefault("WATCHPOST_CACHE_DIR", tempfile.mkdtemp(prefix="watchpost-cache-"))
TEST_SITE = ROOT / "tests" / "site" / "site.yaml"
WATCHPOST = str(Path(sys.executable).parent / "watchpost")


@pytest.fixture
def site() -> Iterator[NewsSite]:
    """The test manifest's news site, started on a free port for one test."""
    with NewsSite(TEST_SITE) as running:
        yield running


def write_config(directory: Path, site: NewsSite, **sections: Any) -> Path:
    """A config crawling every feed of `site`, with the URL guard allowing 127.0.0.1."""
    config: dict[str, Any] = {
        "database": "watchpost.db",
        "sources": [{"name": f.name, "url": f.url, "language": "en"} for f in site.feeds()],
        "crawl": {"delay": 0, "timeout": 5, "retries": 0, "allow_hosts": ["127.0.0.1"],
                  "concurrency_per_domain": 8},
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

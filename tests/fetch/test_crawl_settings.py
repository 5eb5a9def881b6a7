"""The Scrapy settings a crawl runs with: unused extensions neither enabled nor imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from scrapy.settings import Settings

from crawler.config import load_config
from crawler.fetch.settings import UNUSED_EXTENSIONS, scrapy_settings

CONFIG = "sources:\n  - name: a\n    url: http://127.0.0.1:9/feed.xml\n"


def test_unused_extensions_are_not_enabled(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG)
    settings = Settings(scrapy_settings(load_config(path)))
    enabled = set(settings.get_component_priority_dict_with_base("EXTENSIONS"))
    assert "scrapy.extensions.corestats.CoreStats" in enabled  # the stats the report reads
    assert not enabled & UNUSED_EXTENSIONS


def test_building_the_extension_list_does_not_import_unused_ones(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG)
    # A fresh interpreter: this test session may have imported anything already.
    code = (
        "import sys\n"
        "from scrapy.settings import Settings\n"
        "from scrapy.utils.misc import load_object\n"
        "from crawler.config import load_config\n"
        "from crawler.fetch.settings import scrapy_settings\n"
        f"settings = Settings(scrapy_settings(load_config({str(path)!r})))\n"
        "# What Scrapy's ExtensionManager does: the merged list, then each entry imported.\n"
        "for path in settings.get_component_priority_dict_with_base('EXTENSIONS'):\n"
        "    load_object(path)\n"
        "print(sorted(m for m in ('aiohttp', 'scrapy.extensions.remote_control',\n"
        "      'scrapy.extensions.telnet', 'scrapy.extensions.feedexport') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert run.stdout.strip() == "[]", run.stderr

"""The configured per-host delay is a floor: no two requests to one host closer than it.

Scrapy's RANDOMIZE_DOWNLOAD_DELAY (on by default) waits 0.5x-1.5x the delay, so `delay: 1s`
gave gaps of 0.71 s; the gaps are read from the loopback site's own request log.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import run_cli, write_config
from tests.support.newssite import NewsSite

_DELAY = 0.4
# The site stamps a request once it has rendered its answer: a few ms after it arrived.
_STAMP_SLACK = 0.05


def test_requests_to_one_host_are_never_closer_than_the_delay(site: NewsSite, tmp_path: Path
                                                              ) -> None:
    feeds = {f.name: f.url for f in site.feeds()}
    config = write_config(tmp_path, site, crawl={"delay": _DELAY}, sources=[
        {"name": name, "url": feeds[name]} for name in ("courier-rss", "wire-atom")])
    result = run_cli("crawl", "--config", str(config), "--no-alerts")
    assert result.returncode == 0, result.stderr
    times = sorted(r.time for r in site.requests)
    assert len(times) >= 6, [r.path for r in site.requests]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= _DELAY - _STAMP_SLACK, [round(g, 3) for g in gaps]

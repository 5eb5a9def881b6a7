"""`watchpost sources list` and `watchpost status` show each source's effective poll interval
and why it is not the configured one, spelled as config spells durations ("every 15s", never
"0.25m")."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config.durations import say_duration, say_every
from crawler.storage.store import poll_wait
from tests.support.cli import run_cli, write_config
from tests.support.newssite import NewsSite

_TTL_FEED = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
             b"<link>http://x/</link><description>d</description><ttl>1</ttl></channel></rss>")


@pytest.mark.parametrize(("seconds", "said"), [
    (15, "15s"), (60, "1m"), (90, "1m30s"), (900, "15m"), (3600, "1h"), (5400, "1h30m"),
    (86400, "1d"), (604800 / 9, "18h40m"), (20.4, "20s"), (0.25, "250ms"), (0, "0s"),
])
def test_durations_are_said_as_config_writes_them(seconds: float, said: str) -> None:
    assert say_duration(seconds) == said


def test_an_interval_says_why_when_it_is_not_the_configured_one() -> None:
    assert say_every(15) == "every 15s"
    assert say_every(60, "feed ttl") == "every 1m (feed ttl)"
    assert poll_wait(15, 0, 3600) == (15, "")
    assert poll_wait(15, 0, 3600, ttl_minutes=1) == (60, "feed ttl")
    assert poll_wait(15, 0, 3600, max_age=120) == (120, "max-age")
    assert poll_wait(15, 0, 3600, retry_after=300) == (300, "retry-after")
    assert poll_wait(15, 2, 3600) == (60, "backoff after 2 failures")
    assert poll_wait(900, 0, 3600, ttl_minutes=1) == (900, "")  # a TTL never shortens


def test_sources_list_and_status_show_the_interval_in_force(site: NewsSite, tmp_path: Path
                                                           ) -> None:
    site.serve_raw("/feeds/ttl.xml", _TTL_FEED, "application/rss+xml")
    config = write_config(tmp_path, site, sources=[
        {"name": "quick", "url": f"{site.url}/courier/rss.xml", "interval": "15s"},
        {"name": "ttl-feed", "url": f"{site.url}/feeds/ttl.xml", "interval": "15s"},
        {"name": "hourly", "url": f"{site.url}/wire/atom.xml", "interval": "1h"},
    ])
    before = run_cli("sources", "list", "--config", str(config))
    assert before.returncode == 0, before.stderr
    assert "every 15s" in _line(before.stdout, "quick")
    assert "0.25" not in before.stdout
    crawled = run_cli("crawl", "--config", str(config), "--no-alerts")
    assert crawled.returncode == 0, crawled.stderr
    listed = run_cli("sources", "list", "--config", str(config)).stdout
    assert "every 15s" in _line(listed, "quick")
    assert "every 1m (feed ttl)" in _line(listed, "ttl-feed")
    assert "every 1h" in _line(listed, "hourly")
    status = run_cli("status", "--config", str(config))
    assert status.returncode == 0, status.stderr
    assert "every 15s: quick" in status.stdout
    assert "every 1m (feed ttl): ttl-feed" in status.stdout
    assert "every 1h: hourly" in status.stdout


def _line(text: str, name: str) -> str:
    lines = [line for line in text.splitlines() if line.startswith(name + " ")]
    assert len(lines) == 1, text
    return lines[0]

"""Every fetch error names its own source, its own URL and the real cause: DNS, refused,
timeout, TLS, HTTP status, robots.txt or the URL guard (with the setting that allows a host).

Each case is the real CLI crawling real loopback servers (or a port nothing listens on, or a
name the fake name service does not know); a crawl where every source failed exits 3.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.cli import run_cli, write_config
from tests.support.newssite import NewsSite
from tests.support.ports import free_port

BOOT = Path(__file__).with_name("rebind_boot.py")


def source_lines(output: str) -> dict[str, str]:
    """The summary table's row of each source, by its name."""
    return {line.split()[0]: line for line in output.splitlines()
            if len(line.split()) > 6 and line.split()[1] in ("failed", "ok", "partial")}


def stored_errors(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT source, last_error FROM feed_state"))


def one_source_config(tmp_path: Path, site: NewsSite, url: str, **crawl: object) -> Path:
    return write_config(tmp_path, site, sources=[{"name": "only", "url": url}],
                        crawl=crawl)


def assert_failed_with(result: subprocess.CompletedProcess[str], source: str, url: str,
                       *words: str) -> str:
    """The crawl exited 3 (every source failed), with one clear line saying so, and the
    source's row names its URL and the cause in full."""
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "every source failed" in result.stderr.strip().splitlines()[-1]
    row = source_lines(result.stdout)[source]
    assert url in row, row
    for word in words:
        assert word in row, row
    return row


def test_connection_refused_is_said_so_not_robots(site: NewsSite, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/feed.xml"
    result = run_cli("crawl", "--config", str(one_source_config(tmp_path, site, url)))
    row = assert_failed_with(result, "only", url, "connection refused by 127.0.0.1:")
    assert "Forbidden by robots.txt" not in row and "IgnoreRequest" not in row
    assert "connection refused" in stored_errors(tmp_path / "watchpost.db")["only"]


def test_a_demo_config_whose_site_is_gone_says_connection_refused(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    assert run_cli("demo", "--dir", str(folder), timeout=300).returncode == 0
    # The demo's site stopped with the demo: its config now points at a closed port.
    result = run_cli("crawl", "--no-alerts", "--config", str(folder / "config.yaml"))
    assert result.returncode == 3, result.stdout + result.stderr
    rows = source_lines(result.stdout)
    assert rows and all("connection refused by 127.0.0.1:" in row for row in rows.values())
    assert not any("Forbidden by robots.txt" in row for row in rows.values())


def test_a_guard_refusal_names_the_setting_that_allows_the_host(site: NewsSite,
                                                                tmp_path: Path) -> None:
    feed = site.feeds()[0]
    config = write_config(tmp_path, site, sources=[{"name": "local", "url": feed.url}],
                          crawl={"allow_hosts": []})
    row = assert_failed_with(run_cli("crawl", "--config", str(config)), "local", feed.url,
                             "URL guard", "127.0.0.1 is not public", "crawl.allow_hosts")
    assert row.count(feed.url) == 1, row


def test_sources_on_one_refused_host_each_name_their_own_url(site: NewsSite,
                                                            tmp_path: Path) -> None:
    feeds = site.feeds()[:3]
    config = write_config(tmp_path, site, crawl={"allow_hosts": []},
                          sources=[{"name": f.name, "url": f.url} for f in feeds])
    result = run_cli("crawl", "--config", str(config))
    rows = source_lines(result.stdout)
    for feed in feeds:
        assert feed.url in rows[feed.name], rows[feed.name]
        others = [f.url for f in feeds if f.url != feed.url]
        assert not any(other in rows[feed.name] for other in others), rows[feed.name]


def test_an_unresolvable_name_is_a_dns_failure_not_an_unsafe_url(site: NewsSite,
                                                                  tmp_path: Path) -> None:
    url = "http://feeds.nowhere.test/rss.xml"
    config = one_source_config(tmp_path, site, url)
    # Behind the fake name service: every name but its own fails to resolve, nothing leaves
    # the machine.
    result = subprocess.run(
        [sys.executable, str(BOOT), "93.184.215.14", "only.fake.test", "--", "crawl",
         "--config", str(config)], capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL)
    row = assert_failed_with(result, "only", url, "DNS: cannot resolve feeds.nowhere.test")
    assert "unsafe" not in row.lower() and "URL guard" not in row
    assert "URL guard refused" not in result.stderr


def test_a_timeout_is_said_so(site: NewsSite, tmp_path: Path) -> None:
    feed = site.feeds()[0]
    site.hang(feed.path, 20)
    config = write_config(tmp_path, site, sources=[{"name": "slow", "url": feed.url}],
                          crawl={"timeout": 1})
    assert_failed_with(run_cli("crawl", "--config", str(config)), "slow", feed.url,
                       "timeout: 127.0.0.1:")


def test_an_http_status_is_said_so(site: NewsSite, tmp_path: Path) -> None:
    feed = site.feeds()[0]
    site.fail(feed.path, status=503)
    config = write_config(tmp_path, site, sources=[{"name": "down", "url": feed.url}])
    result = run_cli("crawl", "--config", str(config))
    assert result.returncode == 3, result.stdout + result.stderr
    assert "HTTP 503" in source_lines(result.stdout)["down"]


def test_tls_to_a_plain_http_server_is_a_tls_failure(site: NewsSite, tmp_path: Path) -> None:
    url = site.feeds()[0].url.replace("http://", "https://")
    config = one_source_config(tmp_path, site, url)
    assert_failed_with(run_cli("crawl", "--config", str(config)), "only", url,
                       "TLS: handshake with 127.0.0.1:")


def test_one_failed_source_among_good_ones_still_exits_0(site: NewsSite,
                                                         tmp_path: Path) -> None:
    good = site.feeds()[0]
    bad = f"http://127.0.0.1:{free_port()}/feed.xml"
    config = write_config(tmp_path, site, sources=[
        {"name": "good", "url": good.url}, {"name": "bad", "url": bad}])
    result = run_cli("crawl", "--config", str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "connection refused" in source_lines(result.stdout)["bad"]


def test_a_long_cause_is_not_cut_short(site: NewsSite, tmp_path: Path) -> None:
    path = "/" + "very-long-segment/" * 12 + "feed.xml"
    url = f"http://127.0.0.1:{free_port()}{path}"
    config = yaml.safe_load(one_source_config(tmp_path, site, url).read_text())
    assert len(url) > 200 and config["sources"][0]["url"] == url
    result = run_cli("crawl", "--config", str(tmp_path / "config.yaml"))
    assert url in source_lines(result.stdout)["only"]


@pytest.mark.parametrize("status", [500, 503])
def test_robots_server_error_names_robots_and_the_status(site: NewsSite, tmp_path: Path,
                                                         status: int) -> None:
    site.fail("/robots.txt", status=status)
    feed = site.feeds()[0]
    config = write_config(tmp_path, site, sources=[{"name": "r", "url": feed.url}])
    assert_failed_with(run_cli("crawl", "--config", str(config)), "r", feed.url,
                       f"robots.txt answered HTTP {status}")

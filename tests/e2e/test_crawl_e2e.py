"""`watchpost crawl` end to end: the real CLI in a subprocess against the fixture site."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
from pathlib import Path

from tests.support.cli import WATCHPOST, run_cli, write_config
from tests.support.daemonkit import process_gone
from tests.support.newssite import NewsSite
from tests.support.waiting import wait_for


def articles(db_path: Path) -> dict[str, dict]:
    conn = sqlite3.connect(db_path)
    conn.row_factory = sqlite3.Row
    rows = {r["url"]: dict(r) for r in conn.execute("SELECT * FROM articles")}
    conn.close()
    return rows


def by_path(rows: dict[str, dict], path: str) -> dict:
    matches = [row for url, row in rows.items() if url.endswith(path)]
    assert len(matches) == 1, f"{path}: {len(matches)} rows"
    return matches[0]


def test_crawl_end_to_end(site: NewsSite, tmp_path: Path) -> None:
    config = write_config(tmp_path, site)
    first = run_cli("crawl", "--config", str(config))
    assert first.returncode == 0, first.stderr
    rows = articles(tmp_path / "watchpost.db")

    # Every served article is stored with its extracted text.
    ied = by_path(rows, "/courier/2025/07/20/bla-claims-quetta-blast.html")
    assert ied["status"] == "extracted"
    assert "Major Anwar Kakar" in ied["text"]
    assert "Jinnah Road" in ied["text"]
    assert ied["published"].startswith("2025-07-20")
    # The same story in two feeds, once with tracking parameters, is stored once.
    assert sum("bla-claims-quetta-blast" in url for url in rows) == 1
    assert not any("utm_" in url or "#" in url for url in rows)
    # A windows-1252 page is decoded from its bytes, not mangled.
    budget = by_path(rows, "/courier/2025/06/20/balochistan-budget-education.html")
    assert "Rs 5 lakh\u2014per student" in budget["text"]
    assert "\u201cNo child in Awaran" in budget["text"]
    # A redirecting entry link is stored under the entry's URL, with where it led.
    twin = by_path(rows, "/wire/go/1001")
    assert twin["status"] == "extracted" and "Tariq Imran" in twin["text"]
    assert twin["final_url"].endswith("/wire/2025/05/08/bla-claims-twin-attacks.html")
    # A relative link resolves against the feed URL.
    assert by_path(rows, "/wire/2025/05/08/separatists-claim-two-attacks.html")["status"] == "extracted"
    # A three-paragraph breaking report survives the extraction floors.
    breaking = by_path(rows, "/courier/2025/08/05/roadside-bomb-hits-fc-vehicle-near-turbat.html")
    assert breaking["status"] == "extracted"
    assert "Three other personnel were injured" in breaking["text"]
    # A 404 page falls back to the feed summary, marked as such.
    missing = by_path(rows, "/courier/2025/08/02/gunmen-kill-four-labourers-in-kech.html")
    assert missing["status"] == "feed_only"
    assert missing["status_detail"] == "HTTP 404"
    assert "Balochistan Liberation Front (BLF)" in missing["text"]
    # A robots-disallowed page is never requested; its summary is kept.
    private = by_path(rows, "/private/2025/08/03/embargoed-draft.html")
    assert private["status"] == "feed_only" and "robots" in private["status_detail"].lower()
    assert site.count("/private/") == 0
    # Bad feeds are reported with the reason, and the good ones still stored.
    out = first.stdout
    assert _line(out, "broken").split()[1] == "failed" and "broken feed" in _line(out, "broken")
    assert "not a feed" in _line(out, "html-feed")
    assert "entit" in _line(out, "entities")
    assert not any("/broken/" in url or "/entity-trap/" in url for url in rows)
    assert _line(out, "courier-rss").split()[1] == "ok"
    total = len(rows)
    assert total == 10
    # Each story is fetched once and counted as new once, however many feeds list it.
    assert f"; {total} new articles" in out
    pages = [r.path for r in site.requests if r.path.endswith(".html")]
    assert len(pages) == len(set(pages))

    # A second crawl sends conditional requests, gets 304s, fetches no article, adds nothing.
    site.clear_log()
    second = run_cli("crawl", "--config", str(config))
    assert second.returncode == 0, second.stderr
    feed_paths = {f.path for f in site.feeds()}
    good_feeds = {f.path for f in site.feeds() if not f.raw}
    seen = site.requests
    for record in seen:
        if record.path in good_feeds:
            assert record.status == 304, record
            assert "If-None-Match" in record.headers or "If-Modified-Since" in record.headers
    pages = [r.path for r in seen if r.path not in feed_paths and r.path != "/robots.txt"]
    assert pages == []
    assert len(articles(tmp_path / "watchpost.db")) == total
    assert "0 new articles" in second.stdout

    # What was stored is searchable, and the source health shows the failures.
    found = run_cli("search", "Kakar", "--config", str(config))
    assert found.returncode == 0 and "BLA claims Quetta bomb blast" in found.stdout
    health = run_cli("sources", "list", "--config", str(config))
    # Its poll interval is shown as it is in force: a failing feed's backed off; the status
    # column follows the last poll's time, which ends with its zone.
    broken = _line(health.stdout, "broken")
    assert "every 1h (backoff after 2 failures)" in broken
    assert broken.split("UTC", 1)[1].split()[0] == "failed"
    assert _line(health.stdout, "courier-rss").split("UTC", 1)[1].split()[0] == "not_modified"


def test_bad_config_exits_2_before_anything_runs(site: NewsSite, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"database: w.db\nsources:\n  - {{name: a, url: '{site.url}/courier/rss.xml', bogus: 1}}\n"
        "  - {name: b, url: 'gopher://x'}\ncrawl: {delay: soon}\n"
    )
    result = run_cli("crawl", "--config", str(config))
    assert result.returncode == 2
    for expected in ("sources[0].bogus: unknown key", "sources[1].url:", "crawl.delay:"):
        assert expected in result.stderr
    assert site.requests == []
    assert not (tmp_path / "w.db").exists()


def test_unusable_database_exits_3(site: NewsSite, tmp_path: Path) -> None:
    (tmp_path / "watchpost.db").write_bytes(b"this is not a database" * 100)
    config = write_config(tmp_path, site)
    result = run_cli("crawl", "--config", str(config))
    assert result.returncode == 3, result.stderr
    assert "database" in result.stderr


def _line(output: str, source: str) -> str:
    for line in output.splitlines():
        if line.split() and line.split()[0] == source:
            return line
    raise AssertionError(f"no line for {source} in:\n{output}")


def test_robots_txt_server_error_means_disallow_all(site: NewsSite, tmp_path: Path) -> None:
    site.fail("/robots.txt", status=503)
    config = write_config(tmp_path, site)
    result = run_cli("crawl", "--config", str(config))
    # Every source failed: the crawl did not do its work (exit 3), and each row says why.
    assert result.returncode == 3, result.stderr
    assert "robots.txt answered HTTP 503" in _line(result.stdout, "courier-rss")
    assert {r.path for r in site.requests} == {"/robots.txt"}
    assert articles(tmp_path / "watchpost.db") == {}


def test_unreachable_robots_txt_means_disallow_all(site: NewsSite, tmp_path: Path) -> None:
    site.hang("/robots.txt", 30)
    config = write_config(tmp_path, site, crawl={"timeout": 1})
    result = run_cli("crawl", "--config", str(config))
    assert result.returncode == 3, result.stderr
    line = _line(result.stdout, "wire-atom")
    assert "timeout" in line and "at its robots.txt" in line, line
    assert {r.path for r in site.requests} <= {"/robots.txt"}
    assert articles(tmp_path / "watchpost.db") == {}


def test_a_crawl_stopped_early_leaves_the_rest_for_the_next(site: NewsSite, tmp_path: Path) -> None:
    # One request at a time, half a second apart: SIGTERM lands with articles still queued.
    config = write_config(tmp_path, site, crawl={"concurrency_per_domain": 1, "concurrency": 1,
                                                 "delay": 0.5})
    feeds = {f.path for f in site.feeds()} | {"/robots.txt"}
    process = subprocess.Popen([WATCHPOST, "crawl", "--config", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: any(r.path not in feeds for r in site.requests), timeout=60)
        process.send_signal(signal.SIGTERM)
        # The crawl did not do its work: exit 3, and its run is recorded as interrupted.
        assert process.wait(60) == 3
    finally:
        if process.poll() is None:
            process.kill()
    with sqlite3.connect(tmp_path / "watchpost.db") as conn:
        assert [r[0] for r in conn.execute("SELECT status FROM crawl_runs")] == ["interrupted"]
    stopped = articles(tmp_path / "watchpost.db")
    assert 0 < len(stopped) < 10
    # The feeds' validators were not saved, so the next crawl reads them again and stores the rest.
    again = run_cli("crawl", "--config", str(config))
    assert again.returncode == 0, again.stderr
    assert len(articles(tmp_path / "watchpost.db")) == 10


def test_meta_refresh_pages_are_followed(site: NewsSite, tmp_path: Path) -> None:
    # An entry link that answers with <meta http-equiv="refresh">, as link trackers do: the
    # article it leads to is stored under the entry's URL (the quick check must not skip it).
    target = "/courier/2025/07/20/bla-claims-quetta-blast.html"
    site.serve_raw("/track/7", (
        '<html><head><META HTTP-EQUIV="Refresh" CONTENT="0; URL=' + target + '">'
        "</head><body>Redirecting</body></html>").encode(), "text/html")
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>/</link>'
        "<description>d</description><item><title>Quetta blast</title>"
        f"<link>{site.url}/track/7</link><guid>t7</guid></item></channel></rss>")
    site.serve_raw("/track/feed.xml", feed.encode(), "application/rss+xml")
    config = write_config(tmp_path, site, sources=[
        {"name": "tracked", "url": f"{site.url}/track/feed.xml", "language": "en"}])
    result = run_cli("crawl", "--config", str(config))
    assert result.returncode == 0, result.stderr
    row = by_path(articles(tmp_path / "watchpost.db"), "/track/7")
    assert row["status"] == "extracted" and "Jinnah Road" in row["text"]
    assert row["final_url"].endswith(target)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def test_a_killed_crawl_takes_its_extraction_workers_along(site: NewsSite,
                                                           tmp_path: Path) -> None:
    # SIGKILL (the daemon's budget, the OOM killer) runs no clean-up: the workers must notice
    # on their own, or each stays blocked on its queue for good, holding 120 MB.
    site.hang("/courier/2025/06/20/balochistan-budget-education.html", 60)
    config = write_config(tmp_path, site, crawl={"workers": 2})
    process = subprocess.Popen([WATCHPOST, "crawl", "--config", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # The two workers (forked: no resource tracker beside them).
        wait_for(lambda: len(_children(process.pid)) >= 2, timeout=60)
        workers = _children(process.pid)
        # Articles are being served (the hanging one holds the crawl open meanwhile).
        wait_for(lambda: sum(r.path.endswith(".html") for r in site.requests) >= 3, timeout=60)
        process.kill()
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    wait_for(lambda: all(process_gone(pid) for pid in workers), timeout=10)

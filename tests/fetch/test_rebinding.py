"""DNS rebinding: a host that answers a public address to the URL check and 127.0.0.1 to the
connection must never be connected to, for feeds, articles, robots.txt and redirect hops.

The crawl runs as the real CLI in a subprocess behind a fake name service (rebind_boot.py):
each made-up `*.rebind.test` name answers a public address first and loopback afterwards,
and the fixture site serves every such name on 127.0.0.1. Only the literal 127.0.0.1 is
allow-listed, as in every crawl test; the made-up names are not.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import write_config
from tests.support.newssite import NewsSite

BOOT = Path(__file__).with_name("rebind_boot.py")
PUBLIC = "93.184.215.14"  # never connected to: the fake's first answer, for the URL check only
NAMES = ("feed.rebind.test", "page.rebind.test", "hop.rebind.test")
SECRET = "INTERNAL-ONLY-7f3a"


def _rss(items: list[tuple[str, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><description>{summary}</description>"
        f"<guid>{link}</guid><pubDate>Tue, 05 Aug 2025 08:00:00 GMT</pubDate></item>"
        for title, link, summary in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>t</title><link>http://x/</link><description>d</description>{entries}"
            f"</channel></rss>").encode()


def _secret_page(title: str) -> bytes:
    body = "".join(f"<p>{SECRET} paragraph {i} of the admin console, never for the crawler, "
                   f"with enough words to pass every extraction floor there is.</p>"
                   for i in range(6))
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>" \
           f"{body}</article></body></html>".encode()


@pytest.fixture
def rebinding_site(site: NewsSite) -> NewsSite:
    """The site's /internal/ pages (only ever linked through the made-up names) and a public
    feed on 127.0.0.1 whose entries lead to them: directly, and through a redirect hop."""
    port = site.url.rsplit(":", 1)[1]
    site.serve_raw("/internal/feed.xml", _rss([
        ("Internal feed item", f"{site.url}/internal/feed-item.html", "internal summary")]),
        "application/rss+xml")
    for name in ("feed-item", "secret", "hop-target"):
        site.serve_raw(f"/internal/{name}.html", _secret_page(name), "text/html; charset=utf-8")
    site.redirect("/go/hop", f"http://hop.rebind.test:{port}/internal/hop-target.html")
    site.serve_raw("/public/feed.xml", _rss([
        ("Rebound page", f"http://page.rebind.test:{port}/internal/secret.html",
         "Summary from the public feed"),
        ("Rebound hop", f"{site.url}/go/hop", "Hop summary from the public feed"),
    ]), "application/rss+xml")
    return site


def _crawl(site: NewsSite, tmp_path: Path, obey_robots: bool) -> subprocess.CompletedProcess[str]:
    port = site.url.rsplit(":", 1)[1]
    config = write_config(tmp_path, site, sources=[
        {"name": "rebound-feed", "url": f"http://feed.rebind.test:{port}/internal/feed.xml"},
        {"name": "public-feed", "url": f"{site.url}/public/feed.xml"},
    ], crawl={"obey_robots": obey_robots})
    return subprocess.run(
        [sys.executable, str(BOOT), PUBLIC, ",".join(NAMES), "--",
         "crawl", "--config", str(config)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def _rows(db: Path, sql: str) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute(sql)]
    conn.close()
    return rows


@pytest.mark.parametrize("obey_robots", [True, False], ids=["robots", "no-robots"])
def test_a_host_rebinding_to_loopback_is_never_connected_to(
    rebinding_site: NewsSite, tmp_path: Path, obey_robots: bool,
) -> None:
    site = rebinding_site
    run = _crawl(site, tmp_path, obey_robots)
    assert run.returncode == 0, run.stderr
    # The rebinding did happen: each name gave the public answer, then loopback.
    for name in NAMES:
        assert f"fake-dns {name} -> {PUBLIC}" in run.stderr, run.stderr
        assert f"fake-dns {name} -> 127.0.0.1" in run.stderr, run.stderr
    assert "fence refused" not in run.stderr  # nothing was even tried beyond loopback

    # No request reached an internal path: not the feed, not robots.txt under those names
    # (the site serves every name on 127.0.0.1, so any connection would show here).
    assert [r.path for r in site.requests if r.path.startswith("/internal/")] == []
    db = tmp_path / "watchpost.db"
    articles = {r["title"]: r for r in _rows(db, "SELECT * FROM articles")}
    assert not any(SECRET in (a["text"] or "") for a in articles.values())
    assert "Internal feed item" not in articles

    # The rebound feed failed with the reason; its source is not `ok`.
    source = _rows(db, "SELECT * FROM feed_state WHERE source = 'rebound-feed'")[0]
    assert source["last_status"] == "failed"
    assert "127.0.0.1" in source["last_error"] and "not public" in source["last_error"]
    assert "feed.rebind.test" in source["last_error"]

    # The public feed's entries whose links the guard refused are not stored at all (their
    # links would reach alerts): each is counted and its reason is in the source's record.
    assert "Rebound page" not in articles and "Rebound hop" not in articles
    refusals = [line for line in run.stderr.splitlines()
                if "public-feed: feed entry refused:" in line]
    assert len(refusals) == 2 and all("not public" in line for line in refusals), run.stderr

    # And every refusal is counted in the run's record.
    counts = json.loads(_rows(db, "SELECT counts FROM crawl_runs")[0]["counts"])
    assert counts["urlguard_refused"] >= 3, counts
    assert counts["entries_refused"] == 2, counts

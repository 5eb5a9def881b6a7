"""An article URL too long to request is kept from the feed's text, with the reason given.

Scrapy drops such a request silently (an INFO line under its own logger, the crawl's
WARNING level hides it); the entry then vanished and the source's validators were never
saved. Now it is stored as `feed_only`, its status detail and the log naming the cause and
the URL's first characters.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.support.cli import run_cli, write_config
from tests.support.newssite import NewsSite


def _rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(f"<item><title>{title}</title><link>{link}</link>"
                      f"<description>Summary of {title} from the feed</description></item>"
                      for title, link in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            f"<link>http://x/</link><description>d</description>{entries}</channel></rss>"
            ).encode()


def test_an_article_url_over_the_limit_is_kept_with_the_reason(site: NewsSite,
                                                                tmp_path: Path) -> None:
    long_url = f"{site.url}/stories/very-long-" + "slug-" * 430 + "end.html"  # ~2,190 chars
    site.serve_raw("/long/feed.xml", _rss([
        ("Long link story", long_url),
        ("Short link story", f"{site.url}/courier/2025/07/20/bla-claims-quetta-blast.html"),
    ]), "application/rss+xml")
    config = write_config(tmp_path, site, sources=[
        {"name": "long-links", "url": f"{site.url}/long/feed.xml"},
        {"name": "long-feed", "url": f"{site.url}/feeds/" + "x" * 2100 + ".xml"}])
    run = run_cli("crawl", "--config", str(config))
    assert run.returncode == 0, run.stderr

    conn = sqlite3.connect(tmp_path / "watchpost.db")
    conn.row_factory = sqlite3.Row
    rows = {r["title"]: dict(r) for r in conn.execute("SELECT * FROM articles")}
    states = {r["source"]: dict(r) for r in conn.execute("SELECT * FROM feed_state")}
    conn.close()
    kept = rows["Long link story"]
    assert kept["url"] == long_url
    assert kept["status"] == "feed_only"
    assert kept["text"] == "Summary of Long link story from the feed"
    assert "URL too long" in kept["status_detail"]
    assert long_url[:60] in kept["status_detail"]
    assert rows["Short link story"]["status"] == "extracted"
    assert not any("very-long" in r.path for r in site.requests)  # never requested
    # The log says what and why; the source is whole, so its validators are kept.
    assert "URL too long" in run.stderr and long_url[:60] in run.stderr
    assert "not stored" not in run.stderr
    assert states["long-links"]["last_status"] == "ok" and states["long-links"]["etag"]
    # A configured feed URL over the limit fails its source with the cause, not in silence.
    assert states["long-feed"]["last_status"] == "failed"
    assert "URL too long" in states["long-feed"]["last_error"]

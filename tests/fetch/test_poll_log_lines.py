"""A crawl's log says what each source's poll found, once, by source; nothing for a feed that
did not change. Retries are DEBUG; Scrapy's give-up names the source; times carry their zone.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.cli import WATCH, run_cli, write_config
from tests.support.newssite import NewsSite

_STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"


def test_one_line_per_poll_that_found_something_or_failed(site: NewsSite, tmp_path: Path
                                                          ) -> None:
    config = write_config(tmp_path, site, crawl={"retries": 1}, watches=[WATCH])
    first = run_cli("crawl", "--config", str(config), "--no-alerts")
    assert first.returncode == 0, first.stderr
    site.publish("courier-rss", {"id": "log-fresh", "title": "Traders protest new tax in Quetta",
                                 "body": "Traders in Quetta closed their shops on Monday."})
    site.fail("/wire/atom.xml", 500)
    # -v: a crawl on the command line keeps INFO detail behind it (its summary lists each
    # source); a daemon logs at its configured level.
    second = run_cli("crawl", "-v", "--config", str(config), "--no-alerts")
    assert second.returncode == 0, second.stderr
    lines = second.stderr.splitlines()
    assert lines and all(re.match(_STAMP + " ", line) for line in lines), second.stderr
    found = [line for line in lines if "source courier-rss:" in line]
    assert len(found) == 1, second.stderr
    assert re.search(r" INFO crawler\.fetch\.poll: source courier-rss: ok \(HTTP 200\), "
                     r"\d+ items, 1 new, in \d+\.\ds$", found[0]), found[0]
    failed = [line for line in lines if "source wire-atom:" in line]
    assert any(re.search(r" WARNING crawler\.fetch\.poll: source wire-atom: failed "
                         r"\(HTTP 500\) in \d+\.\ds: feed: HTTP 500$", line) for line in failed), \
        second.stderr
    gave_up = [line for line in lines if "Gave up retrying" in line]
    assert gave_up and all("source wire-atom: Gave up retrying" in line for line in gave_up), \
        second.stderr
    # 304s and unchanged feeds, retries, and a post-crawl step with nothing to do are quiet.
    for quiet in ("courier-rdf", "wire-json", "Retrying", "classified 0 articles"):
        assert quiet not in second.stderr, (quiet, second.stderr)

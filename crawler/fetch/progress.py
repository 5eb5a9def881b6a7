"""A one-line progress display for crawls run on a terminal (silent when output is piped).

    sources 3/17 · articles 12 · matches 2 · errors 1 · 4.2 articles/s

The line goes to stderr and is cleared when the crawl ends, so the summary that follows stands
alone; piped or redirected output (a daemon tick, a cron job) never sees it.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.fetch.report import CrawlReport


class Progress:
    """Redraws the line on stderr at most ten times a second, on every response."""

    def __init__(self, report: CrawlReport, stream: TextIO = sys.stderr) -> None:
        self.report = report
        self.stream = stream
        self._started = time.monotonic()
        self._last = 0.0
        self._shown = False

    def attach(self, crawler: Crawler) -> bool:
        """Listen to the crawler's signals (only when the stream is a terminal).

        Scrapy holds signal receivers weakly: the caller keeps this object alive for the
        crawl, or the line is never drawn.
        """
        if not self.stream.isatty():
            return False
        crawler.signals.connect(self._on_response, signal=signals.response_received)
        crawler.signals.connect(self._on_close, signal=signals.spider_closed)
        return True

    def line(self) -> str:
        """The progress line as it would be drawn now."""
        sources = self.report.sources.values()
        done = sum(1 for s in sources if s.outcome != "pending")
        errors = sum(len(s.errors) for s in sources)
        counts = self.report.counts
        stored = counts["articles_stored"]
        rate = stored / max(time.monotonic() - self._started, 0.001)
        return (f"sources {done}/{len(self.report.sources)} · articles {stored} · "
                f"matches {counts['matches_new']} · errors {errors} · {rate:.1f} articles/s")

    def _on_response(self, **_: Any) -> None:
        now = time.monotonic()
        if now - self._last >= 0.1:
            self._last = now
            self.stream.write("\r\x1b[2K" + self.line())
            self.stream.flush()
            self._shown = True

    def _on_close(self, **_: Any) -> None:
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()

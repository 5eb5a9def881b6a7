"""A one-line progress display for crawls run on a terminal (silent when output is piped)."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.fetch.report import CrawlReport


class Progress:
    """Redraws `feeds 3/17 · pages 12 · stored 9` on stderr at most ten times a second."""

    def __init__(self, report: CrawlReport, stream: TextIO = sys.stderr) -> None:
        self.report = report
        self.stream = stream
        self.responses = 0
        self._last = 0.0
        self._shown = False

    def attach(self, crawler: Crawler) -> None:
        """Listen to the crawler's signals (only when the stream is a terminal)."""
        if not self.stream.isatty():
            return
        crawler.signals.connect(self._on_response, signal=signals.response_received)
        crawler.signals.connect(self._on_close, signal=signals.spider_closed)

    def _on_response(self, **_: Any) -> None:
        self.responses += 1
        now = time.monotonic()
        if now - self._last >= 0.1:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        sources = self.report.sources.values()
        done = sum(1 for s in sources if s.outcome != "pending")
        counts = self.report.counts
        line = (f"feeds {done}/{len(self.report.sources)} · responses {self.responses} · "
                f"extracted {counts['articles_extracted']} · fallback {counts['articles_fallback']}")
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self._shown = True

    def _on_close(self, **_: Any) -> None:
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()

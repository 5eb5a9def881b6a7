"""What one crawl did, per source: the outcome, the counts and every error with its reason."""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field

from crawler.errors import StorageError

log = logging.getLogger("crawler.fetch.poll")


@dataclass
class SourceReport:
    """The outcome of polling one source in one crawl."""

    name: str
    url: str
    outcome: str = "pending"  # ok | partial | not_modified | unchanged | failed | skipped
    http_status: int | None = None
    entries: int = 0
    new: int = 0
    known: int = 0
    fallback: int = 0
    refused: int = 0  # entries left out for their link (not http(s), or refused by the guard)
    errors: list[str] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    retry_after: float | None = None
    ttl_minutes: int | None = None
    max_age: float | None = None
    # Article requests scheduled but not yet stored: a crawl stopped with some outstanding
    # must not save the feed's new validators, or the next poll's 304 would hide them for good.
    outstanding: int = 0
    # New entries beyond crawl.max_articles_per_feed: not fetched, counted and shown.
    skipped: int = 0
    # When the feed was requested and when the source's last answer or article came in
    # (monotonic seconds): the poll's duration in its log line.
    started: float | None = None
    finished: float | None = None

    def touch(self) -> None:
        """Something of this source's poll has just finished (its feed or one article)."""
        self.finished = time.monotonic()

    @property
    def seconds(self) -> float | None:
        """How long the poll took, feed and articles, if it ran."""
        if self.started is None:
            return None
        return max((self.finished or time.monotonic()) - self.started, 0.0)

    @property
    def failed(self) -> bool:
        """True when the feed itself could not be read."""
        return self.outcome == "failed"


@dataclass
class CrawlReport:
    """Every source's report plus decision counters (the run's stats)."""

    sources: dict[str, SourceReport] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    run_id: int | None = None
    # The database refused a write: the crawl stopped there and fails (crawler.fetch.crawl).
    storage_error: StorageError | None = None
    # Why the spider closed: "finished", or "shutdown" when a signal (SIGTERM, Ctrl-C) stopped
    # the crawl before every source was polled.
    close_reason: str | None = None

    def spider_closed(self, reason: str, **_: object) -> None:
        """Scrapy's spider_closed signal: remember why."""
        self.close_reason = reason

    @property
    def interrupted(self) -> bool:
        """True when a signal stopped the crawl before it was done."""
        return self.close_reason == "shutdown"

    @property
    def all_failed(self) -> bool:
        """True when there were sources to poll and not one of them could be read."""
        return bool(self.sources) and all(r.failed for r in self.sources.values())

    def source(self, name: str) -> SourceReport:
        """The report of one source (created by the spider when it is scheduled)."""
        return self.sources[name]

    def errors(self) -> dict[str, list[str]]:
        """Errors by source name, for sources that had any."""
        return {n: list(r.errors) for n, r in self.sources.items() if r.errors}

    def totals(self) -> dict[str, int]:
        """The run's counters plus per-outcome source counts."""
        totals = dict(self.counts)
        for report in self.sources.values():
            key = f"sources_{report.outcome}"
            totals[key] = totals.get(key, 0) + 1
        totals["articles_new"] = sum(r.new for r in self.sources.values())
        return totals


def render_summary(report: CrawlReport) -> str:
    """A table: one line per source with outcome, counts and its first error, in full (the
    cause and the URL it names are what the reader acts on; a cut one hid both)."""
    lines = [f"{'source':<28} {'outcome':<13} {'http':>4} {'entries':>7} {'new':>4} "
             f"{'known':>5} {'fallback':>8}  errors"]
    for rep in report.sources.values():
        first = rep.errors[0] if rep.errors else ""
        more = f" (+{len(rep.errors) - 1} more)" if len(rep.errors) > 1 else ""
        if rep.skipped:
            more += (f"{'; ' if first else ''}{rep.skipped} older new entries skipped "
                     "(over crawl.max_articles_per_feed)")
        lines.append(
            f"{rep.name[:28]:<28} {rep.outcome:<13} {rep.http_status or '-':>4} {rep.entries:>7} "
            f"{rep.new:>4} {rep.known:>5} {rep.fallback:>8}  {first}{more}"
        )
    totals = report.totals()
    partial = f"{totals['sources_partial']} partial, " if totals.get("sources_partial") else ""
    refused = (f"; {totals['entries_refused']} entries refused for their link"
               if totals.get("entries_refused") else "")
    if totals.get("entries_skipped"):
        refused += (f"; {totals['entries_skipped']} older new entries skipped "
                    "(over crawl.max_articles_per_feed)")
    lines.append(
        f"{len(report.sources)} sources: {totals.get('sources_ok', 0)} ok, {partial}"
        f"{totals.get('sources_not_modified', 0) + totals.get('sources_unchanged', 0)} unchanged, "
        f"{totals.get('sources_failed', 0)} failed; {totals['articles_new']} new articles{refused}"
    )
    return "\n".join(lines)


def log_polls(report: CrawlReport) -> None:
    """One line per source poll that found something or failed; DEBUG for the rest.

    `source NAME: ok (HTTP 200), 25 items, 3 new, in 1.4s`; a failure is a WARNING with its
    first error. An unchanged feed (304, same bytes, or nothing new) is not news at INFO.
    """
    for rep in report.sources.values():
        took = f"in {rep.seconds:.1f}s" if rep.seconds is not None else "not requested"
        http = f" (HTTP {rep.http_status})" if rep.http_status else ""
        if rep.failed or rep.outcome == "pending":
            log.warning("source %s: %s%s %s: %s", rep.name, rep.outcome, http, took,
                        rep.errors[0] if rep.errors else "no answer")
            continue
        fallback = f" ({rep.fallback} from the feed only)" if rep.fallback else ""
        why = f"; {rep.errors[0]}" if rep.outcome == "partial" and rep.errors else ""
        found = rep.new > 0 or rep.outcome == "partial"
        log.log(logging.INFO if found else logging.DEBUG, "source %s: %s%s, %d items, %d new%s, %s%s",
                rep.name, rep.outcome, http, rep.entries, rep.new, fallback, took, why)

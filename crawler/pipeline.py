"""After a crawl: classify new articles, resolve incidents and queue their alerts.

The stages in order, once: what the crawl's workers left unclassified goes through the same
analysis (matching), matched articles become incidents (incidents), and each new or changed
incident's alert is queued in the same transaction (alerts, which read it back from storage).

Every step reads what is pending from the database and marks it done in the same write
transaction, so a run killed half-way is completed by the next one, and nothing is done twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from alerts import registry
from alerts.incidents import gazetteer_region_check, queue_incident
from crawler.config import Config
from crawler.fetch.report import CrawlReport
from crawler.fetch.workers import facts_in_processes
from crawler.incidents.merge import Change
from crawler.incidents.resolve import change_dict, resolve_pending
from crawler.incidents.resolver import build_resolver
from crawler.matching.store import classify_pending
from crawler.storage.store import utcnow

log = logging.getLogger(__name__)


@dataclass
class ProcessReport:
    """What post-crawl processing did."""

    classified: int = 0
    matched: int = 0
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    joined: int = 0
    alerts_queued: int = 0

    def summary(self) -> str:
        """One line for the crawl output."""
        return (f"classified {self.classified} articles: {self.matched} new matches; "
                f"incidents: {len(self.created)} new, {len(self.updated)} updated, "
                f"{self.joined} more sources; {self.alerts_queued} alerts queued")


def process_pending(db: Database, config: Config, now: datetime | None = None,
                    crawled: CrawlReport | None = None) -> ProcessReport:
    """Classify unclassified articles, resolve matched ones into incidents, queue alerts.

    `crawled`, the crawl just run, adds what its workers classified to the summary.
    """
    now = now or utcnow()
    report = ProcessReport()
    if not config.enabled_watches():
        return report
    registry.sync(db, config.subscriptions, now)
    before = db.execute("SELECT count(*) FROM matches WHERE matched = 1").fetchone()[0]
    # The workers classified what they extracted; what is left (feed-only articles, a failed
    # worker, a killed run) goes through the same analysis here.
    if db.execute("SELECT 1 FROM articles WHERE id NOT IN "
                  "(SELECT DISTINCT article_id FROM matches) LIMIT 1").fetchone():
        report.classified = classify_pending(db, config, now)
    report.matched = db.execute(
        "SELECT count(*) FROM matches WHERE matched = 1").fetchone()[0] - before
    if crawled is not None:
        report.classified += crawled.counts["articles_classified"]
        report.matched += crawled.counts["matches_new"]
    resolver = build_resolver(config)
    region_check = gazetteer_region_check(resolver.gazetteer)

    def on_change(db: Database, incident_id: int, kind: str, changes: list[Change]) -> None:
        report.alerts_queued += queue_incident(db, incident_id, kind,
                                               [change_dict(c) for c in changes], now,
                                               region_check)

    workers = config.crawl.workers
    resolved = resolve_pending(db, resolver, now, on_change,
                               lambda rows, res: facts_in_processes(rows, res, workers))
    report.created, report.updated, report.joined = (
        resolved.created, resolved.updated, resolved.joined)
    # Nothing matched and nothing changed is not news: every poll of an unchanged feed ends here.
    busy = report.matched or report.created or report.updated or report.alerts_queued
    log.log(logging.INFO if busy else logging.DEBUG, "%s", report.summary())
    return report

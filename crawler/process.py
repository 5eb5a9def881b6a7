"""After a crawl: classify new articles against the watches (then incidents and alerts)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from sqlite_utils import Database

from crawler.config import Config
from crawler.gazetteer import Gazetteer
from crawler.matcher import Matcher, compile_watches
from crawler.matchstore import classify_pending
from crawler.store import utcnow

log = logging.getLogger(__name__)


@dataclass
class ProcessReport:
    """What post-crawl processing did."""

    classified: int = 0
    matched: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def gazetteer_for(config: Config) -> Gazetteer:
    """The shipped gazetteer plus the config's own places and aliases."""
    return Gazetteer.load(config.places)


@lru_cache(maxsize=4)
def _compiled(config: Config) -> Matcher:
    return compile_watches(config.enabled_watches(), gazetteer_for(config))


def build_matcher(config: Config) -> Matcher:
    """All enabled watches compiled once into one matcher (cached per config)."""
    return _compiled(config)


def process_pending(db: Database, config: Config, now: datetime | None = None) -> ProcessReport:
    """Classify every article not yet classified; idempotent, so a killed run is resumed."""
    now = now or utcnow()
    report = ProcessReport()
    if not config.enabled_watches():
        return report
    matcher = build_matcher(config)
    before = db.execute("SELECT count(*) FROM matches WHERE matched = 1").fetchone()[0]
    report.classified = classify_pending(db, matcher, now)
    after = db.execute("SELECT count(*) FROM matches WHERE matched = 1").fetchone()[0]
    report.matched = after - before
    log.info("classified %d articles, %d new matches", report.classified, report.matched)
    return report

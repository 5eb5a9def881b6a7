"""The crawl engine's process (`python -m crawler engine`), started once by the daemon.

It reads commands from stdin and writes events to stdout, one JSON object a line:

- `{"do": "poll", "episode": false}` starts crawls of the due sources that are not busy and
  answers `{"event": "started", "sources": [...], "busy": [...]}` at once;
- each crawl, once its outcome is stored and its articles classified into incidents and
  alerts, is reported as `{"event": "finished", ...}` (crawler.fetch.engine.Finished).

stdin closing (the daemon stopping) stops the engine; the daemon dying kills it
(crawler.daemon.child). Logs go to stderr, as the daemon's do.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import threading
from typing import IO, Any

from crawler.config import Config
from crawler.errors import StorageError
from crawler.fetch.engine import CrawlEngine, Finished
from crawler.fetch.report import CrawlReport
from crawler.fetch.workers import ExtractPool, extract_options
from crawler.pipeline import process_pending
from crawler.storage.db import open_db

log = logging.getLogger(__name__)

STORAGE_EXIT = 3


class _Events:
    """JSON lines to the daemon; written from the reactor and the database thread."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self._lock = threading.Lock()

    def emit(self, event: dict[str, Any]) -> None:
        """Write one event line and flush it (the daemon reads it at once)."""
        with self._lock:
            self.stream.write(json.dumps(event) + "\n")
            self.stream.flush()


def serve(config: Config, commands: IO[str] = sys.stdin, events: IO[str] = sys.stdout) -> int:
    """Run the engine until `commands` ends; return the exit code (0)."""
    # The workers are forked before Scrapy starts a thread (crawler.fetch.workers).
    extractor = ExtractPool(extract_options(config), config.crawl.workers, config)
    out = _Events(events)

    def after(report: CrawlReport | None, finished: Finished) -> None:
        out.emit({"event": "finished", **_processed(config, report, finished).as_dict()})

    engine = CrawlEngine(config, extractor, after, config.daemon.tick_budget)

    def handle(line: str) -> None:
        command = json.loads(line)
        if command.get("do") != "poll":
            log.warning("crawl engine: unknown command %r", line.strip())
            return
        engine.quiet_storage = bool(command.get("episode"))
        answer: dict[str, Any] = {"event": "started", "sources": [], "busy": []}
        try:
            answer["sources"] = engine.poll_due()
        except StorageError as exc:
            answer.update(exit_code=STORAGE_EXIT, error=str(exc))
        answer["busy"] = sorted(engine.busy)
        out.emit(answer)

    def read() -> None:
        for line in commands:
            if line.strip():
                engine.call(handle, line)
        engine.call(engine.stop)

    threading.Thread(target=read, name="engine-commands", daemon=True).start()
    try:
        engine.run()
    finally:
        engine.close()
    return 0


def _processed(config: Config, report: CrawlReport | None, finished: Finished) -> Finished:
    """After a crawl: classify, resolve incidents and queue alerts, as `watchpost crawl`
    does; a database that refuses makes the crawl's exit code 3."""
    if report is None or finished.exit_code == STORAGE_EXIT:
        return finished
    try:
        db = open_db(config.database, migrate=False)
        try:
            process_pending(db, config, crawled=report)
        finally:
            db.close()
    except StorageError as exc:
        return dataclasses.replace(finished, outcome="failed", exit_code=STORAGE_EXIT,
                                   error=str(exc))
    except Exception:  # noqa: BLE001 - left pending: the next crawl's processing retries it
        log.exception("processing after the crawl of %s failed", ", ".join(finished.sources))
    return finished

"""Logging set-up for the CLI and daemon: plain or JSON lines, to stderr or a file, redacted.

Every record passes a redacting filter on the way out, whatever its level and logger: the
config's webhook URLs and secret values never reach a log. urllib3 logs each request target on
its own at DEBUG ('"POST /hook/TOKEN?x=1 HTTP/1.1" 200'); in watchpost it only carries webhook
calls (the crawl speaks Twisted), so every path it logs is hidden, also for webhooks the config
does not list (added from the command line).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from crawler.redact import REDACTED, Redactor


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log shippers."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record as a JSON line."""
        payload = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            # exc_text first: the redacting filter has already cleaned it.
            payload["exc"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


class IsoFormatter(logging.Formatter):
    """Plain lines stamped with an ISO 8601 time and its zone (2026-03-01T12:00:00.123+00:00)."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        """The record's time in the local zone, with its offset, to the millisecond."""
        return datetime.fromtimestamp(record.created).astimezone().isoformat(
            timespec="milliseconds")


_LIBRARIES = ("scrapy", "twisted", "trafilatura", "htmldate", "courlan", "justext", "filelock",
              "py.warnings")
# The extractors warn about every page they judge ("discarding data: <url>"): what a page gave
# is the crawl's to count and report, so below ERROR they speak only at DEBUG (-v -v).
_EXTRACTORS = ("trafilatura", "htmldate", "courlan", "justext")


class _LibraryFilter(logging.Filter):
    """Drop libraries' records below a floor, whatever level they reset their loggers to."""

    def __init__(self, floor: int) -> None:
        super().__init__()
        self.floor = floor
        self.extractor_floor = logging.DEBUG if floor <= logging.DEBUG else logging.ERROR

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record unless a library logged it below the floor."""
        if record.name.startswith(_EXTRACTORS):
            return record.levelno >= self.extractor_floor
        return record.levelno >= self.floor or not record.name.startswith(_LIBRARIES)


# In urllib3's records: a path after a space, quote, "=" or "(", and the path of a full URL.
_URLLIB3_PATH = re.compile(r"(?<=[\s'\"=(])/[^\s'\")]*|(?<=://)([^/\s'\"]+)/[^\s'\")]*")
# urllib3's and requests' exception texts, in any record's traceback or message.
_REQUEST_URL = re.compile(r"(with url: |url=')[^\s')]+")


def _hide_request_paths(text: str) -> str:
    return _URLLIB3_PATH.sub(lambda m: f"{m.group(1) or ''}/{REDACTED}", text)


class RedactFilter(logging.Filter):
    """Rewrites every record's message and traceback with the secrets taken out."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def clean(self, text: str, urllib3: bool = False) -> str:
        """`text` without known secrets or request targets."""
        text = _REQUEST_URL.sub(lambda m: f"{m.group(1)}/{REDACTED}", self.redactor(text))
        return _hide_request_paths(text) if urllib3 else text

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the record in place (every handler after this sees the clean text)."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string is the formatter's to report
            return True
        clean = self.clean(message, record.name.startswith("urllib3"))
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        return True


def setup_logging(
    level: str = "INFO", fmt: str = "plain", file: Path | None = None,
    redactor: Redactor | None = None,
) -> None:
    """Install one root handler; Scrapy's chatter is kept at WARNING unless DEBUG.

    `redactor` knows the config's secrets; without one, only request targets are hidden.
    """
    handler: logging.Handler = (
        logging.FileHandler(file, encoding="utf-8") if file else logging.StreamHandler(sys.stderr)
    )
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(IsoFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_LibraryFilter(logging.DEBUG if level == "DEBUG" else logging.WARNING))
    handler.addFilter(RedactFilter(redactor or Redactor()))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    quiet_libraries(level)


def quiet_libraries(level: str | int) -> None:
    """Keep Scrapy's and the extractors' chatter at WARNING unless DEBUG was asked for.

    Scrapy resets its loggers to DEBUG whenever a crawler process starts, so this is
    called again after that.
    """
    debug = level in ("DEBUG", logging.DEBUG)
    for name in _LIBRARIES:
        quiet = "ERROR" if name in _EXTRACTORS else "WARNING"
        logging.getLogger(name).setLevel("DEBUG" if debug else quiet)

"""Logging set-up for the CLI and daemon: plain or JSON lines, to stderr or a file."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path


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
            payload["exc"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


_LIBRARIES = ("scrapy", "twisted", "trafilatura", "htmldate", "courlan", "filelock", "py.warnings")


class _LibraryFilter(logging.Filter):
    """Drop libraries' records below a floor, whatever level they reset their loggers to."""

    def __init__(self, floor: int) -> None:
        super().__init__()
        self.floor = floor

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep the record unless a library logged it below the floor."""
        return record.levelno >= self.floor or not record.name.startswith(_LIBRARIES)


def setup_logging(level: str = "INFO", fmt: str = "plain", file: Path | None = None) -> None:
    """Install one root handler; Scrapy's chatter is kept at WARNING unless DEBUG."""
    handler: logging.Handler = (
        logging.FileHandler(file, encoding="utf-8") if file else logging.StreamHandler(sys.stderr)
    )
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_LibraryFilter(logging.DEBUG if level == "DEBUG" else logging.WARNING))
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
    noisy = "DEBUG" if level in ("DEBUG", logging.DEBUG) else "WARNING"
    for name in _LIBRARIES:
        logging.getLogger(name).setLevel(noisy)

"""Plain-text report files (seeds, fixtures) and their expected.yaml, for tests and evaluation."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from crawler.models import Document
from crawler.parse.docfile import load_document


def read_report(path: Path) -> Document:
    """A report file as a Document (see crawler.parse.docfile: date token, headline line)."""
    return replace(load_document(path), language="en", url=f"file://{path.name}")


def read_expected(path: Path) -> dict[str, dict[str, Any]]:
    """The expected.yaml beside a set of reports: file name -> stated facts."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {name: spec or {} for name, spec in data.items()}

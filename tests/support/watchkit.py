"""Watches for matcher tests: the shipped Balochistan watch's rules over other regions."""

from __future__ import annotations

from typing import Any

import yaml

from crawler.config.watches import WatchConfig
from tests.support.paths import ROOT

REFERENCE_FILE = ROOT / "seeds" / "watches" / "balochistan-attacks.yaml"
REFERENCE: dict[str, Any] = yaml.safe_load(REFERENCE_FILE.read_text(encoding="utf-8"))


def reference_watch(name: str, places: list[str], **keywords: Any) -> WatchConfig:
    """The shipped watch renamed, over `places`, with `keywords` sections replaced."""
    data = {**REFERENCE, "name": name, "places": places,
            "keywords": {**REFERENCE["keywords"], **keywords}}
    return WatchConfig.model_validate(data)

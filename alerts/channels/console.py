"""Console and JSONL channels: a readable block on a stream, or one JSON line per message."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from alerts import render
from alerts.channels import DeliveryResult
from alerts.times import utc_text
from crawler.config.subscriptions import JsonlChannel


def send_console(
    payload: Mapping[str, Any], msg_id: str, now: datetime, stream: TextIO | None = None
) -> DeliveryResult:
    """Print subject and plain-text body; `stream` defaults to stdout."""
    out = stream or sys.stdout
    rule = "=" * 72
    out.write(f"{rule}\n{render.subject(payload)}\n[{msg_id} at {utc_text(now)}]\n{rule}\n")
    out.write(render.text_body(payload) + "\n")
    out.flush()
    return DeliveryResult("delivered", None, "printed")


def send_jsonl(
    cfg: JsonlChannel, payload: Mapping[str, Any], msg_id: str, now: datetime
) -> DeliveryResult:
    """Append `{"msg_id": ..., **payload}` as one line, flushed and fsynced before success."""
    line = json.dumps({"msg_id": msg_id, **payload}, ensure_ascii=False) + "\n"
    try:
        path = Path(cfg.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # One write of a whole line in append mode: concurrent appenders do not interleave lines
        # on local file systems; a crash before mark repeats the line with the same msg_id.
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        return DeliveryResult("retry", None, f"cannot append to {cfg.path}: {exc}")
    return DeliveryResult("delivered", None, f"appended to {cfg.path}")

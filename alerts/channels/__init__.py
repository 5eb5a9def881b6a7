"""Delivery channels (webhook, email, console, jsonl) and the result every send returns.

A channel never raises for a delivery problem: it classifies it. `retry` is transient (timeout,
429, 5xx, connection refused), `permanent` will not improve by itself (3xx, other 4xx, a missing
secret), `disable` means the receiver asked us to stop (HTTP 410 Gone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Outcome = Literal["delivered", "retry", "permanent", "disable"]


@dataclass(frozen=True)
class DeliveryResult:
    """What one send attempt achieved."""

    outcome: Outcome
    status: int | None = None  # HTTP status or SMTP reply code
    detail: str = ""
    retry_after: float | None = None  # seconds, from the receiver's Retry-After

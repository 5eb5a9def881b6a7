"""Standard Webhooks signatures: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.

Secrets are either raw text (used as UTF-8 bytes) or `whsec_<base64>`, as the spec's reference
libraries accept them. During rotation a message carries one `v1,` signature per secret,
space-separated, and a receiver accepts any signature made with any of its secrets.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping, Sequence

PREFIX = "whsec_"


def secret_bytes(secret: str) -> bytes:
    """The HMAC key for a secret: base64-decoded after `whsec_`, else the text's UTF-8 bytes."""
    if secret.startswith(PREFIX):
        try:
            return base64.b64decode(secret[len(PREFIX) :], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("a whsec_ secret must be base64 after the prefix") from exc
    if not secret:
        raise ValueError("empty webhook secret")
    return secret.encode("utf-8")


def sign(msg_id: str, timestamp: int, body: bytes, secret: str) -> str:
    """One signature, `v1,<base64>`."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_bytes(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(
    msg_id: str, timestamp: int, body: bytes, secrets: str | Sequence[str]
) -> dict[str, str]:
    """The three Standard Webhooks headers, signed with every secret given (rotation)."""
    keys = [secrets] if isinstance(secrets, str) else list(secrets)
    if not keys:
        raise ValueError("at least one webhook secret is needed")
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(timestamp)),
        "webhook-signature": " ".join(sign(msg_id, timestamp, body, k) for k in keys),
    }


def verify(
    received: Mapping[str, str],
    body: bytes,
    secrets: str | Sequence[str],
    tolerance: int = 300,
    now: float | None = None,
) -> bool:
    """True when any `v1,` signature matches any secret and the timestamp is within tolerance."""
    lowered = {k.lower(): v for k, v in received.items()}
    msg_id = lowered.get("webhook-id")
    stamp = lowered.get("webhook-timestamp", "")
    sigs = lowered.get("webhook-signature", "")
    if not msg_id or not stamp.isdigit() or not sigs:
        return False
    current = time.time() if now is None else now
    # Both directions: an old timestamp is a replay, a future one a clock or forgery problem.
    if abs(current - int(stamp)) > tolerance:
        return False
    keys = [secrets] if isinstance(secrets, str) else list(secrets)
    expected = []
    for key in keys:
        try:
            expected.append(sign(msg_id, int(stamp), body, key).encode())
        except ValueError:
            continue
    offered = [s.encode() for s in sigs.split() if s.startswith("v1,")]
    found = False
    for candidate in offered:
        for good in expected:
            # No early exit: every comparison runs so timing says nothing about which failed.
            found |= hmac.compare_digest(candidate, good)
    return found

"""Webhook channel: a signed POST (Standard Webhooks), no redirects, every hop URL-guarded."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from datetime import datetime

import requests

from alerts import signing
from alerts.backoff import parse_retry_after
from alerts.channels import DeliveryResult
from alerts.render import sanitize_header
from crawler.config.secrets import SecretUnavailable, read_secret
from crawler.config.subscriptions import WebhookChannel
from crawler.errors import UnsafeURL
from crawler.net.guard import URLGuard
from crawler.net.session import guarded_session
from crawler.redact import Redactor

log = logging.getLogger(__name__)
USER_AGENT = "watchpost-webhooks/1"


def classify(
    status: int, retry_after: str | None, now: datetime, detail: str = ""
) -> DeliveryResult:
    """Map an HTTP status to an outcome: 2xx delivered, 410 disable, 408/429/5xx retry."""
    text = f"HTTP {status}" + (f": {detail}" if detail else "")
    if 200 <= status < 300:
        return DeliveryResult("delivered", status, text)
    if status == 410:
        return DeliveryResult("disable", status, f"{text} (receiver asked to stop)")
    # 408 Request Timeout is a 4xx that is transient by definition, so it retries too.
    if status in (408, 429) or status >= 500:
        return DeliveryResult("retry", status, text, parse_retry_after(retry_after, now))
    # 3xx are not followed (a redirect could point anywhere); other 4xx will not get better.
    return DeliveryResult("permanent", status, text)


def _secrets(cfg: WebhookChannel, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """(secrets, problem): the signing secrets, or why there are none (names, never values)."""
    try:
        secrets = [read_secret(name, environ) or "" for name in cfg.secret_envs]
    except SecretUnavailable as exc:
        return [], f"webhook secret: {exc}"
    missing = [name for name, value in zip(cfg.secret_envs, secrets, strict=True) if not value]
    if missing:
        return [], f"webhook secret env var(s) not set: {missing}"
    return secrets, ""


def _describe(exc: Exception, url: str) -> str:
    """An error as one line, without the URL's path and query: they may hold the token, and
    this text is stored in the outbox, logged and listed."""
    return sanitize_header(Redactor([url])(str(exc)))


def send(
    cfg: WebhookChannel,
    body: bytes,
    msg_id: str,
    now: datetime,
    *,
    guard: URLGuard,
    environ: Mapping[str, str] = os.environ,
) -> DeliveryResult:
    """POST `body` once; the same `msg_id` (webhook-id) must be passed on every retry."""
    secrets, problem = _secrets(cfg, environ)
    if problem:
        return DeliveryResult("permanent", None, problem)
    try:
        guard.check_resolved(cfg.url)
        headers = signing.headers(msg_id, int(now.timestamp()), body, secrets)
    except UnsafeURL as exc:
        return DeliveryResult("permanent", None, f"refused by URL guard: {_describe(exc, cfg.url)}")
    except ValueError as exc:
        return DeliveryResult("permanent", None, f"bad webhook secret: {exc}")
    headers.update({"content-type": "application/json", "user-agent": USER_AGENT})
    return _post(cfg, body, headers, guard, msg_id, now)


def _post(
    cfg: WebhookChannel,
    body: bytes,
    headers: dict[str, str],
    guard: URLGuard,
    msg_id: str,
    now: datetime,
) -> DeliveryResult:
    """One POST through a guarded session, no redirects followed; its outcome classified."""
    with guarded_session(guard) as session:
        try:
            response = session.post(
                cfg.url,
                data=body,
                headers=headers,
                allow_redirects=False,
                stream=True,
                timeout=(cfg.connect_timeout, cfg.timeout),
            )
        except UnsafeURL as exc:
            return DeliveryResult("permanent", None, f"refused by URL guard: {_describe(exc, cfg.url)}")
        except requests.Timeout as exc:
            return DeliveryResult("retry", None, f"timeout: {type(exc).__name__}")
        except requests.ConnectionError as exc:
            return DeliveryResult("retry", None, f"connection error: {_describe(exc, cfg.url)}")
        except requests.RequestException as exc:
            return DeliveryResult("permanent", None, f"request error: {_describe(exc, cfg.url)}")
        with response:
            result = _answer(response, now)
    log.info("webhook %s -> %s (%s)", msg_id, result.outcome, result.detail)
    return result


def _answer(response: requests.Response, now: datetime) -> DeliveryResult:
    """The receiver's answer classified, with a little of a failure's body to explain it."""
    try:
        # Never read an unbounded body: 300 bytes say enough.
        snippet = (
            response.raw.read(300, decode_content=False) if response.status_code >= 300 else b""
        )
    except Exception:  # noqa: BLE001 - the status already tells the outcome
        snippet = b""
    detail = sanitize_header(snippet.decode("utf-8", "replace"), 200)
    return classify(response.status_code, response.headers.get("retry-after"), now, detail)

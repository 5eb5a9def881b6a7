"""E-mail channel: SMTP with verified STARTTLS or SMTPS; plain text plus an HTML alternative.

`security: none` speaks clear text. It exists for tests and relays on the same host; it never
logs in, because a password over an unencrypted link is readable by anyone on the path.
"""

from __future__ import annotations

import email.policy
import logging
import os
import smtplib
import ssl
from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from alerts import render
from alerts.channels import DeliveryResult
from crawler.config.subscriptions import EmailChannel

log = logging.getLogger(__name__)


def build_message(
    cfg: EmailChannel, payload: Mapping[str, Any], msg_id: str, now: datetime
) -> EmailMessage:
    """The MIME message; Message-ID derives from msg_id so a resend is recognisably the same."""
    msg = EmailMessage(policy=email.policy.SMTP)
    # sanitize_header: a CR/LF in a feed title would make EmailMessage refuse the header, or,
    # with a laxer library, inject headers.
    msg["Subject"] = render.subject(payload)
    msg["From"] = cfg.from_addr
    msg["To"] = ", ".join(cfg.to)
    msg["Date"] = format_datetime(now)
    domain = cfg.from_addr.rsplit("@", 1)[-1] or "watchpost.invalid"
    msg["Message-ID"] = f"<{msg_id}@{domain}>"
    msg.set_content(render.text_body(payload))
    msg.add_alternative(render.html_body(payload), subtype="html")
    return msg


def _reply_outcome(code: int, detail: str) -> DeliveryResult:
    # SMTP 4xx replies are transient by definition (RFC 5321), 5xx permanent.
    return DeliveryResult("retry" if 400 <= code < 500 else "permanent", code, detail)


def send(
    cfg: EmailChannel,
    payload: Mapping[str, Any],
    msg_id: str,
    now: datetime,
    *,
    environ: Mapping[str, str] = os.environ,
    ssl_context: ssl.SSLContext | None = None,
) -> DeliveryResult:
    """Send one message; `ssl_context` defaults to ssl.create_default_context() (verifying)."""
    password = environ.get(cfg.password_env) if cfg.password_env else None
    if cfg.password_env and not password:
        return DeliveryResult(
            "permanent", None, f"SMTP password env var {cfg.password_env} not set"
        )
    if cfg.username and password is None:
        return DeliveryResult("permanent", None, "SMTP username given without password_env")
    if cfg.security == "none" and cfg.username:
        return DeliveryResult("permanent", None, "refusing to log in over unencrypted SMTP")
    msg = build_message(cfg, payload, msg_id, now)
    # Without an explicit context starttls() checks no certificate at all.
    context = ssl_context or ssl.create_default_context()
    try:
        if cfg.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                cfg.host, cfg.port, timeout=cfg.timeout, context=context
            )
        else:
            client = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        with client:
            if cfg.security == "starttls":
                client.ehlo()
                client.starttls(context=context)  # raises if not offered: never fall back to clear
                client.ehlo()
            if cfg.username and password:
                client.login(cfg.username, password)
            refused = client.send_message(msg)
    except smtplib.SMTPNotSupportedError as exc:
        return DeliveryResult("permanent", None, f"server does not support STARTTLS/AUTH: {exc}")
    except smtplib.SMTPAuthenticationError as exc:
        return DeliveryResult("permanent", exc.smtp_code, "SMTP authentication failed")
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        transient = all(400 <= code < 500 for code in codes)
        return DeliveryResult(
            "retry" if transient else "permanent",
            codes[0] if codes else None,
            f"all recipients refused: {sorted(exc.recipients)}",
        )
    except smtplib.SMTPResponseException as exc:
        return _reply_outcome(exc.smtp_code, f"SMTP {exc.smtp_code}: {exc.smtp_error!r}")
    except ssl.SSLCertVerificationError as exc:
        # Likely misconfiguration (or interception): retried for the window so it can be fixed.
        return DeliveryResult("retry", None, f"TLS certificate not verified: {exc.verify_message}")
    except (OSError, smtplib.SMTPException) as exc:
        return DeliveryResult("retry", None, f"{type(exc).__name__}: {exc}")
    detail = f"sent to {len(cfg.to) - len(refused)} recipient(s)"
    if refused:
        detail += f"; refused: {sorted(refused)}"
    log.info("email %s -> delivered (%s)", msg_id, detail)
    return DeliveryResult("delivered", 250, detail)

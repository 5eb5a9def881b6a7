"""E-mail channel: SMTP with verified STARTTLS or SMTPS; plain text plus an HTML alternative.

`security: none` speaks clear text. It exists for tests and relays on the same host; it never
logs in, because a password over an unencrypted link is readable by anyone on the path.

Headers come from feed text (the subject) and from config (addresses). Every value goes through
`render.sanitize_header` or `Address`, and the message is written with a policy that refuses a
header whose written form holds a line break: two locks on one door, because Python 3.11 before
3.11.10 writes a decoded `=?utf-8?q?...=0D=0A...?=` as a real line break (CVE-2024-6923).
"""

from __future__ import annotations

import email.policy
import logging
import os
import re
import smtplib
import ssl
from collections.abc import Mapping
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

from alerts import render
from alerts.channels import DeliveryResult, Outcome
from crawler.config.secrets import SecretUnavailable, read_secret
from crawler.config.subscriptions import EmailChannel

log = logging.getLogger(__name__)

# A line break that does not start a folded continuation line (space or tab) starts a new header.
_BARE_BREAK = re.compile(r"\r\n(?![ \t])|\r(?![\n \t])|\n(?![ \t])")


class HeaderBreak(ValueError):
    """A header would be written with a line break that starts a new header."""


class OneLineHeaders(email.policy.EmailPolicy):
    """The SMTP policy, refusing to write a header that would break into two.

    Python 3.11.10 and 3.12.5 check this themselves (`verify_generated_headers`); the 3.11
    releases before do not, so the check is made here, where every header is written.
    """

    def fold(self, name: str, value: Any) -> str:
        """Fold as the SMTP policy does, then refuse a bare line break inside the header."""
        folded = super().fold(name, value)
        _check_one_header(name, folded.removesuffix(self.linesep))
        return folded

    def fold_binary(self, name: str, value: Any) -> bytes:
        """As `fold`, for the bytes smtplib sends."""
        folded = super().fold_binary(name, value)
        text = folded.decode("ascii", "surrogateescape")
        _check_one_header(name, text.removesuffix(self.linesep))
        return folded


def _check_one_header(name: str, text: str) -> None:
    if _BARE_BREAK.search(text):
        # The value is untrusted text: name the header, never echo what it held.
        raise HeaderBreak(f"refused to write the {name} header: it would hold a line break")


POLICY = OneLineHeaders(linesep="\r\n")


def build_message(
    cfg: EmailChannel, payload: Mapping[str, Any], msg_id: str, now: datetime
) -> EmailMessage:
    """The MIME message; Message-ID derives from msg_id so a resend is recognisably the same.

    Raises HeaderBreak when a header could not be written as one header.
    """
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = render.subject(payload)  # decoded and cut to one clean line
    # Address objects, not strings: an address is parsed as an address, never as free text.
    msg["From"] = Address(addr_spec=cfg.from_addr)
    msg["To"] = [Address(addr_spec=to) for to in cfg.to]
    msg["Date"] = format_datetime(now)
    domain = cfg.from_addr.rsplit("@", 1)[-1] or "watchpost.invalid"
    msg["Message-ID"] = f"<{render.sanitize_header(msg_id)}@{domain}>"
    msg.set_content(render.text_body(payload))
    msg.add_alternative(render.html_body(payload), subtype="html")
    msg.as_bytes()  # written once here, so a bad header fails before any connection is made
    return msg


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
    password, problem = _login_password(cfg, environ)
    if problem:
        return DeliveryResult("permanent", None, problem)
    try:
        msg = build_message(cfg, payload, msg_id, now)
    except HeaderBreak as exc:
        return DeliveryResult("permanent", None, str(exc))
    # Without an explicit context starttls() checks no certificate at all.
    context = ssl_context or ssl.create_default_context()
    try:
        refused = _transmit(cfg, msg, password, context)
    except (OSError, smtplib.SMTPException) as exc:
        return _failure(exc)
    detail = f"sent to {len(cfg.to) - len(refused)} recipient(s)"
    if refused:
        detail += f"; refused: {sorted(refused)}"
    log.info("email %s -> delivered (%s)", msg_id, detail)
    return DeliveryResult("delivered", 250, detail)


def _login_password(cfg: EmailChannel, environ: Mapping[str, str]) -> tuple[str | None, str]:
    """(password, problem): what to log in with, or why this channel cannot send at all."""
    try:
        password = read_secret(cfg.password_env, environ) if cfg.password_env else None
    except SecretUnavailable as exc:
        return None, f"SMTP password: {exc}"
    if cfg.password_env and not password:
        return None, f"SMTP password env var {cfg.password_env} not set"
    if cfg.username and password is None:
        return None, "SMTP username given without password_env"
    if cfg.security == "none" and cfg.username:
        return None, "refusing to log in over unencrypted SMTP"
    return password, ""


def _transmit(
    cfg: EmailChannel, msg: EmailMessage, password: str | None, context: ssl.SSLContext
) -> dict[str, tuple[int, bytes]]:
    """Connect, secure, log in and send; return the recipients the server refused."""
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
        # The envelope is the configured addresses, never what the headers might say.
        return client.send_message(msg, from_addr=cfg.from_addr, to_addrs=list(cfg.to))


def _failure(exc: OSError | smtplib.SMTPException) -> DeliveryResult:
    """What a failed attempt means: SMTP 4xx and network trouble retry, the rest does not."""
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryResult("permanent", None, f"server does not support STARTTLS/AUTH: {exc}")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryResult("permanent", exc.smtp_code, "SMTP authentication failed")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        transient = all(400 <= code < 500 for code in codes)
        return DeliveryResult(
            "retry" if transient else "permanent",
            codes[0] if codes else None,
            f"all recipients refused: {sorted(exc.recipients)}",
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        # SMTP 4xx replies are transient by definition (RFC 5321), 5xx permanent.
        code = exc.smtp_code
        outcome: Outcome = "retry" if 400 <= code < 500 else "permanent"
        return DeliveryResult(outcome, code, f"SMTP {code}: {exc.smtp_error!r}")
    if isinstance(exc, ssl.SSLCertVerificationError):
        # Likely misconfiguration (or interception): retried for the window so it can be fixed.
        return DeliveryResult("retry", None, f"TLS certificate not verified: {exc.verify_message}")
    return DeliveryResult("retry", None, f"{type(exc).__name__}: {exc}")

"""E-mail channel against a real aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from alerts import render
from alerts.channels import email as email_channel
from tests.support.alertkit import make_alert, make_sub
from tests.support.ports import free_port
from tests.support.receivers import Inbox, start_smtp

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def _channel(port: int, **extra: Any) -> Any:
    return make_sub(
        "mail",
        {
            "type": "email",
            "to": ["ops@example.org"],
            "from_addr": "alerts@watchpost.example",
            "host": "127.0.0.1",
            "port": port,
            "security": "none",
            **extra,
        },
    ).channel


def test_mail_has_text_and_html_parts_and_stable_message_id(smtp: tuple[int, Inbox]) -> None:
    port, inbox = smtp
    payload = render.incident_payload(make_alert(), "mail", NOW)
    result = email_channel.send(_channel(port), payload, "msg_1_abc_1", NOW)
    assert result.outcome == "delivered", result
    [msg] = inbox.messages()
    assert msg["Subject"] == "Balochistan: IED kills 14 soldiers in Bolan and Kech — BLA claims"
    assert msg["Message-ID"] == "<msg_1_abc_1@watchpost.example>"
    kinds = [part.get_content_type() for part in msg.walk()]
    assert "text/plain" in kinds and "text/html" in kinds
    plain = msg.get_body(("plain",))
    assert plain is not None and "https://www.dawn.com/news/1" in plain.get_content()
    assert inbox.envelopes[0].rcpt_tos == ["ops@example.org"]


@pytest.mark.parametrize(
    "title",
    [
        "Attack\r\nBcc: attacker@evil.example\r\n\r\nInjected body",
        "x" * 2000,
        "Line one\u2028Bcc: attacker@evil.example",
        "Next line\x85Bcc: attacker@evil.example",
    ],
)
def test_hostile_titles_give_one_clean_subject_and_the_mail_is_sent(
    smtp: tuple[int, Inbox], title: str
) -> None:
    port, inbox = smtp
    alert = make_alert(title=title, event_types=[], killed=None, actors=[])  # subject = title
    payload = render.incident_payload(alert, "mail", NOW)
    result = email_channel.send(_channel(port), payload, "msg_2_abc_1", NOW)
    assert result.outcome == "delivered", result
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == ["ops@example.org"]
    raw_headers = envelope.content.split(b"\r\n\r\n", 1)[0].decode()
    # Header names are the lines that do not start with folding whitespace.
    names = [
        line.split(":", 1)[0].lower()
        for line in raw_headers.split("\r\n")
        if line and not line[0].isspace()
    ]
    assert names.count("subject") == 1
    assert "bcc" not in names
    [msg] = inbox.messages()
    subject = str(msg["Subject"])
    assert len(msg.get_all("Subject") or []) == 1
    assert subject == render.sanitize_header(title)
    assert len(subject) <= 200
    assert not any(ch in subject for ch in "\r\n\u2028\x85")


def test_starttls_is_required_when_configured(smtp: tuple[int, Inbox]) -> None:
    port, inbox = smtp
    payload = render.incident_payload(make_alert(), "mail", NOW)
    result = email_channel.send(_channel(port, security="starttls"), payload, "m", NOW)
    assert result.outcome == "permanent" and "STARTTLS" in result.detail
    assert inbox.envelopes == []


def test_missing_password_env_is_a_permanent_failure(smtp: tuple[int, Inbox]) -> None:
    port, inbox = smtp
    cfg = _channel(port, security="starttls", username="u", password_env="WP_TEST_SMTP_PW")
    payload = render.incident_payload(make_alert(), "mail", NOW)
    result = email_channel.send(cfg, payload, "m", NOW, environ={})
    assert result.outcome == "permanent" and "WP_TEST_SMTP_PW" in result.detail
    assert inbox.envelopes == []


def test_connection_refused_is_retried() -> None:
    payload = render.incident_payload(make_alert(), "mail", NOW)
    result = email_channel.send(_channel(free_port()), payload, "m", NOW)
    assert result.outcome == "retry"


@pytest.fixture
def self_signed(tmp_path: Path) -> tuple[Path, Path]:
    assert shutil.which("openssl"), "openssl (Debian's openssl package) makes the test certificate"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_starttls_verifies_the_certificate(self_signed: tuple[Path, Path]) -> None:
    cert, key = self_signed
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    controller, inbox = start_smtp(tls_context=server_ctx, require_starttls=True)
    try:
        cfg = _channel(controller.port, security="starttls")
        payload = render.incident_payload(make_alert(), "mail", NOW)
        # Default context: a self-signed certificate is not trusted, nothing is sent.
        untrusted = email_channel.send(cfg, payload, "m1", NOW)
        assert untrusted.outcome == "retry" and "certificate" in untrusted.detail
        assert inbox.envelopes == []
        trusting = ssl.create_default_context(cafile=str(cert))
        result = email_channel.send(cfg, payload, "m2", NOW, ssl_context=trusting)
        assert result.outcome == "delivered", result
        assert len(inbox.envelopes) == 1
    finally:
        controller.stop()

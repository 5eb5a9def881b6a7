"""Secrets from NAME_FILE at delivery, and webhook URLs kept out of every detail and log line.

Real parts: a webhook receiver and an SMTP server (with STARTTLS and AUTH) on 127.0.0.1, the
real logging set-up writing to a real file.
"""

from __future__ import annotations

import logging
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from alerts import render, signing
from alerts.channels import email as email_channel
from alerts.channels import webhook
from crawler.config.secrets import SecretUnavailable, read_secret
from crawler.logsetup import setup_logging
from crawler.net.guard import URLGuard
from crawler.redact import Redactor
from tests.support.alertkit import make_alert, make_sub
from tests.support.ports import free_port
from tests.support.receivers import Inbox, Receiver

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
# Slack-, Discord- and query-style tokens: what must never be shown.
TOKEN = "T0KEN9xQzB7pL2mN4vR8sW1y"
SIG = "s1GnAtUrE8kJ3hF6"
SECRET = "whsec_c2VjcmV0LWtleS1mcm9tLWEtZmlsZQ=="


def _hook(url: str, env: str = "WP_HOOK") -> Any:
    return make_sub("ops", {"type": "webhook", "url": url, "secret_env": env, "timeout": 5}).channel


def _secret_file(tmp_path: Path, content: str, name: str = "hook_secret") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    path.chmod(0o600)
    return path


# read_secret: NAME, NAME_FILE, and what is wrong with them.


def test_name_wins_when_only_name_is_set() -> None:
    assert read_secret("WP_X", {"WP_X": "value-1"}) == "value-1"
    assert read_secret("WP_X", {}) is None
    assert read_secret("WP_X", {"WP_X": ""}) is None  # empty counts as unset


@pytest.mark.parametrize(("content", "expected"), [
    ("s3cret\n", "s3cret"), ("s3cret\r\n", "s3cret"), ("s3cret", "s3cret"),
    ("two words\n\n", "two words"), (" padded \n", " padded "),
])
def test_name_file_content_is_the_secret_without_its_trailing_newline(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = _secret_file(tmp_path, content)
    assert read_secret("WP_X", {"WP_X_FILE": str(path)}) == expected


def test_unreadable_or_unfit_files_are_errors_naming_the_file(tmp_path: Path) -> None:
    cases = {
        "missing": tmp_path / "nope",
        "empty": _secret_file(tmp_path, "\n", "empty"),
        "directory": tmp_path,
        "huge": _secret_file(tmp_path, "x" * 70_000, "huge"),
    }
    for label, path in cases.items():
        with pytest.raises(SecretUnavailable) as caught:
            read_secret("WP_X", {"WP_X_FILE": str(path)})
        assert str(path) in str(caught.value) and "WP_X_FILE" in str(caught.value), label
    with pytest.raises(SecretUnavailable, match="both WP_X and WP_X_FILE"):
        read_secret("WP_X", {"WP_X": "a", "WP_X_FILE": str(cases["empty"])})


# Delivery with secrets from files.


def test_webhook_is_signed_with_the_secret_from_name_file(
    receiver: Receiver, tmp_path: Path
) -> None:
    url = receiver.on("/filed", (200, {}))
    environ = {"WP_HOOK_FILE": str(_secret_file(tmp_path, SECRET + "\n"))}
    result = webhook.send(_hook(url), b'{"a":1}', "msg_f", NOW, guard=URLGuard(["127.0.0.1"]),
                          environ=environ)
    assert result.outcome == "delivered", result
    [hit] = receiver.hits("/filed")
    assert signing.verify(hit.headers, hit.body, SECRET, now=int(hit.headers["webhook-timestamp"]))


def test_webhook_with_an_unreadable_secret_file_fails_naming_it(
    receiver: Receiver, tmp_path: Path
) -> None:
    url = receiver.on("/never", (200, {}))
    missing = tmp_path / "gone"
    result = webhook.send(_hook(url), b"{}", "m", NOW, guard=URLGuard(["127.0.0.1"]),
                          environ={"WP_HOOK_FILE": str(missing)})
    assert result.outcome == "permanent" and str(missing) in result.detail
    assert receiver.hits("/never") == []


class Logins:
    """aiosmtpd authenticator recording each (user, password) and accepting one pair."""

    def __init__(self, password: str) -> None:
        self.password = password
        self.seen: list[tuple[str, str]] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        pair = (auth_data.login.decode(), auth_data.password.decode())
        self.seen.append(pair)
        return AuthResult(success=pair[1] == self.password)


@pytest.fixture
def tls_files(tmp_path: Path) -> tuple[Path, Path]:
    assert shutil.which("openssl"), "openssl (Debian's openssl package) makes the test certificate"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key),
         "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def test_smtp_logs_in_with_the_password_from_name_file(
    tls_files: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, key = tls_files
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    logins, inbox = Logins("pa55-from-file"), Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=server_ctx,
                            require_starttls=True, authenticator=logins, auth_require_tls=True)
    controller.start()
    try:
        cfg = make_sub("mail", {"type": "email", "to": ["ops@example.org"],
                                "from_addr": "alerts@example.org", "host": "127.0.0.1",
                                "port": controller.port, "security": "starttls",
                                "username": "alerts", "password_env": "WP_SMTP_PW"}).channel
        environ = {"WP_SMTP_PW_FILE": str(_secret_file(tmp_path, "pa55-from-file\n", "pw"))}
        result = email_channel.send(cfg, render.incident_payload(make_alert(), "mail", NOW), "m",
                                    NOW, environ=environ,
                                    ssl_context=ssl.create_default_context(cafile=str(cert)))
    finally:
        controller.stop()
    assert result.outcome == "delivered", result
    assert logins.seen == [("alerts", "pa55-from-file")]
    assert len(inbox.envelopes) == 1


# Webhook URLs in details (stored in the outbox, logged, listed) and in logs.


def test_failure_details_never_hold_the_url_path_or_query() -> None:
    url = f"http://127.0.0.1:{free_port()}/services/{TOKEN}?sig={SIG}"
    environ = {"WP_HOOK": SECRET}
    refused = webhook.send(_hook(url), b"{}", "m", NOW, guard=URLGuard(["127.0.0.1"]),
                           environ=environ)  # nothing listens: connection refused
    guarded = webhook.send(_hook(url), b"{}", "m", NOW, guard=URLGuard(), environ=environ)
    assert refused.outcome == "retry" and "connection error" in refused.detail
    assert guarded.outcome == "permanent" and "refused by URL guard" in guarded.detail
    for result in (refused, guarded):
        assert TOKEN not in result.detail and SIG not in result.detail, result.detail
        assert "<redacted>" in result.detail


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The real logging set-up writing to a file; the root logger restored afterwards."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    yield tmp_path / "watchpost.log"
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


def _read_log(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_debug_logs_of_a_webhook_call_hide_its_path_and_query(
    receiver: Receiver, log_file: Path, fmt: str
) -> None:
    url = receiver.on(f"/services/{TOKEN}?sig={SIG}", (200, {}))
    setup_logging("DEBUG", fmt, log_file, Redactor([url], [SECRET]))
    result = webhook.send(_hook(url), b"{}", "msg_l", NOW, guard=URLGuard(["127.0.0.1"]),
                          environ={"WP_HOOK": SECRET})
    assert result.outcome == "delivered", result
    logging.getLogger("watchpost.test").warning("configured %s with %s", url, SECRET)
    text = _read_log(log_file)
    assert "Starting new HTTP connection" in text  # urllib3's DEBUG lines were written
    assert "POST /<redacted> HTTP/1.1" in text
    assert f"configured http://127.0.0.1:{urlsplit(url).port}/<redacted>" in text
    for secret in (TOKEN, SIG, SECRET):
        assert secret not in text


def test_urllib3_paths_are_hidden_for_webhooks_the_config_does_not_list(
    receiver: Receiver, log_file: Path
) -> None:
    # A subscription added from the command line: its URL is unknown when logging starts.
    url = receiver.on(f"/adhoc/{TOKEN}", (200, {}))
    setup_logging("DEBUG", "plain", log_file)
    webhook.send(_hook(url), b"{}", "m", NOW, guard=URLGuard(["127.0.0.1"]),
                 environ={"WP_HOOK": SECRET})
    text = _read_log(log_file)
    assert "POST /<redacted> HTTP/1.1" in text and TOKEN not in text


@pytest.mark.parametrize("fmt", ["plain", "json"])
def test_tracebacks_are_redacted_too(log_file: Path, fmt: str) -> None:
    url = f"http://127.0.0.1:{free_port()}/services/{TOKEN}?sig={SIG}"
    setup_logging("INFO", fmt, log_file, Redactor([url]))
    try:
        requests.post(url, timeout=2)
    except requests.ConnectionError:
        logging.getLogger("watchpost.test").exception("delivery blew up")
    text = _read_log(log_file)
    assert "delivery blew up" in text and "Traceback" in text
    assert TOKEN not in text and SIG not in text

"""Mail header injection (CVE-2024-6923 and kin): hostile feed titles against a real aiosmtpd.

Python 3.11 before 3.11.10 decodes an RFC 2047 encoded word in a header value and writes what
it decoded, CR LF included, as a real line break: `=?utf-8?q?x=0D=0ABcc:_evil@example.org?=`
became a `Bcc:` header. Every case here is sent, received, and parsed back.
"""

from __future__ import annotations

import base64
import email
import email.policy
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from pydantic import ValidationError

from alerts import render
from alerts.channels import email as email_channel
from alerts.channels import webhook
from crawler.net.guard import URLGuard
from tests.support.alertkit import make_alert, make_sub
from tests.support.ports import free_port
from tests.support.receivers import Inbox

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
TO = ["ops@example.org", "desk@example.org"]
# The headers watchpost writes; anything else in a received mail was injected.
OURS = {"subject", "from", "to", "date", "message-id", "content-type", "mime-version"}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# (title, the subject it must arrive as). Many spellings of one attack: q and b encodings, upper
# and lower case, other charsets, CR or LF alone, several headers, text around the word, and an
# encoded word hidden inside another.
HOSTILE = [
    ("=?utf-8?q?x=0D=0ABcc:_evil@example.org?=", "x Bcc: evil@example.org"),
    ("=?UTF-8?Q?x=0D=0ABCC:_evil@example.org?=", "x BCC: evil@example.org"),
    (f"=?utf-8?b?{_b64('x' + chr(13) + chr(10) + 'Bcc: evil@example.org')}?=",
     "x Bcc: evil@example.org"),
    ("=?iso-8859-1?q?Quetta=0ACc:_evil@example.org?=", "Quetta Cc: evil@example.org"),
    ("=?utf-8?q?Turbat=0DReply-To:_evil@example.org?=", "Turbat Reply-To: evil@example.org"),
    ("Blast in Quetta =?utf-8?q?kills_5=0D=0ABcc:_evil@example.org=0D=0A=0D=0Abody?= today",
     "Blast in Quetta kills 5 Bcc: evil@example.org body today"),
    ("=?utf-8?q?a=0D=0ATo:_evil@example.org=0D=0ABcc:_evil2@example.org?=",
     "a To: evil@example.org Bcc: evil2@example.org"),
    ("=?utf-8?q?=3D=3Futf-8=3Fq=3Fx=3D0D=3D0ABcc:_evil@example.org=3F=3D?=",
     "x Bcc: evil@example.org"),
]


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def _mail_channel(port: int) -> Any:
    return make_sub("mail", {"type": "email", "to": TO, "from_addr": "alerts@watchpost.example",
                             "host": "127.0.0.1", "port": port, "security": "none"}).channel


def _header_names(raw: bytes) -> list[str]:
    """Every header name in a received message, in order (continuation lines skipped)."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
    return [line.split(":", 1)[0].strip().lower()
            for line in head.split("\r\n") if line and not line[0].isspace()]


@pytest.mark.parametrize(("title", "subject"), HOSTILE, ids=[f"case{i}" for i in range(len(HOSTILE))])
def test_encoded_line_breaks_in_a_title_never_become_headers(
    smtp: tuple[int, Inbox], title: str, subject: str
) -> None:
    port, inbox = smtp
    alert = make_alert(title=title, event_types=[], killed=None, actors=[])  # subject = title
    result = email_channel.send(_mail_channel(port), render.incident_payload(alert, "mail", NOW),
                                "msg_9_abc_1", NOW)
    assert result.outcome == "delivered", result
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == TO  # exactly the configured recipients
    names = _header_names(envelope.content)
    assert sorted(names) == sorted(OURS), names  # each once, nothing injected
    msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert msg["Bcc"] is None and msg["Cc"] is None and msg["Reply-To"] is None
    assert msg["To"] == ", ".join(TO)
    assert str(msg["Subject"]) == subject


def test_control_characters_leave_the_words_of_a_subject(smtp: tuple[int, Inbox]) -> None:
    port, inbox = smtp
    title = "Blast\x00 in\x1b[31m Quetta\u202e kills\u200b 5\r\n\x85\u2028"
    alert = make_alert(title=title, event_types=[], killed=None, actors=[])
    result = email_channel.send(_mail_channel(port), render.incident_payload(alert, "mail", NOW),
                                "m", NOW)
    assert result.outcome == "delivered", result
    msg = email.message_from_bytes(inbox.envelopes[0].content, policy=email.policy.default)
    assert str(msg["Subject"]) == "Blast in [31m Quetta kills 5"


@pytest.mark.parametrize("text", [
    "ZWNJ spells Persian and Urdu words: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    "ZWJ joins emoji and Indic conjuncts: \u0915\u094d\u200d\u0937",
])
def test_joiners_that_spell_words_are_kept(text: str) -> None:
    assert render.sanitize_header(text) == text


def test_the_message_policy_refuses_a_header_that_would_break_in_two() -> None:
    # Past the sanitiser (a header set directly): the policy is the second lock.
    msg = EmailMessage(policy=email_channel.POLICY)
    msg["X-Feed"] = "=?utf-8?q?a=0D=0ABcc:_evil@example.org?="
    with pytest.raises(email_channel.HeaderBreak, match="X-Feed"):
        msg.as_bytes()


@pytest.mark.parametrize("address", [
    "=?utf-8?q?a=0D=0ABcc:_evil@example.org?=@example.org",
    "=?UTF-8?B?QQ0KQmNjOiBldmlsQGV4YW1wbGUub3Jn?=@example.org",
    "ops@example.org\u2028",
    "ops\x00@example.org",
])
def test_addresses_holding_encoded_words_or_controls_are_config_errors(address: str) -> None:
    with pytest.raises(ValidationError, match="plain e-mail address"):
        make_sub("mail", {"type": "email", "to": [address], "from_addr": "a@example.org",
                          "host": "127.0.0.1"})


@pytest.fixture
def answering_400() -> Iterator[str]:
    """A webhook receiver that refuses with a body holding an encoded line break."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            self.rfile.read(int(self.headers.get("content-length", "0")))
            body = b"=?utf-8?q?bad=0D=0AX-Injected:_1?="
            self.send_response(400)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


def test_webhook_details_go_through_the_same_sanitiser(answering_400: str) -> None:
    cfg = make_sub("ops", {"type": "webhook", "url": answering_400, "secret_env": "S"}).channel
    result = webhook.send(cfg, b"{}", "msg_1", NOW, guard=URLGuard(["127.0.0.1"]),
                          environ={"S": "a-secret-value"})
    assert result.outcome == "permanent" and result.status == 400
    assert result.detail == "HTTP 400: bad X-Injected: 1"

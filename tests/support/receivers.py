"""Real receivers on 127.0.0.1: a webhook endpoint and an SMTP inbox (aiosmtpd).

The webhook `Receiver` records every POST and answers from a per-path script, so a test can
make an endpoint fail, throttle or hang on cue; the SMTP `Inbox` keeps every envelope.
"""

from __future__ import annotations

import email
import email.policy
import json
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

from tests.support.ports import free_port


@dataclass
class Received:
    """One POST: its path, headers (lower-case names), body and monotonic arrival time."""

    path: str
    headers: dict[str, str]
    body: bytes
    at: float


class Receiver:
    """A webhook receiver on 127.0.0.1: per-path scripts of (status, headers) or callables.

    Unscripted paths (and scripts run dry) answer `default`. A script step that is a callable
    is called first (it may block, to make the sender time out) and returns (status, headers).
    """

    def __init__(self) -> None:
        """Start listening on a free port."""
        self.requests: list[Received] = []
        self.scripts: dict[str, list[Any]] = {}
        self.default: tuple[int, dict[str, str]] = (200, {})
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def on(self, path: str, *responses: Any) -> str:
        """Script the answers at `path`; return its URL."""
        self.scripts[path] = list(responses)
        return self.url + path

    def hits(self, path: str) -> list[Received]:
        """The POSTs to `path`, oldest first."""
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def about(self, text: str) -> list[Received]:
        """The POSTs whose JSON payload mentions `text` (e.g. an article's path)."""
        with self._lock:
            return [r for r in self.requests if text in json.dumps(payload_of(r))]

    def close(self) -> None:
        """Stop listening."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Receiver:
        """The running receiver."""
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Stop on leaving the `with` block."""
        self.close()

    def _receive(self, received: Received) -> Any:
        """Record a POST and take the next step of its path's script."""
        with self._lock:
            self.requests.append(received)
            script = self.scripts.get(received.path)
            return script.pop(0) if script else self.default


def payload_of(received: Received) -> dict[str, Any]:
    """A POST's JSON body."""
    return json.loads(received.body or b"{}")


def settled(receiver: Receiver, seconds: float = 2.0) -> bool:
    """True once nothing has arrived for `seconds` (a backlog has been sent)."""
    with receiver._lock:
        last = receiver.requests[-1].at if receiver.requests else 0.0
    return time.monotonic() - last >= seconds


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one receiver."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            step = receiver._receive(Received(self.path, headers, body, time.monotonic()))
            if callable(step):
                step = step()
            status, extra = step
            self.send_response(status)
            for key, value in extra.items():
                self.send_header(key, value)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet."""

    return Handler


class _Server(ThreadingHTTPServer):
    """Serves each POST in its own thread; quiet about clients that left."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A hanging handler answers after the client timed out and left: expected."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Inbox:
    """aiosmtpd handler keeping every envelope."""

    def __init__(self) -> None:
        """Nothing received yet."""
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        """Keep the envelope and accept it."""
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[email.message.EmailMessage]:
        """Every message received, parsed."""
        return [email.message_from_bytes(e.content, policy=email.policy.default)
                for e in self.envelopes]


def start_smtp(**kwargs: Any) -> tuple[Controller, Inbox]:
    """An SMTP server on 127.0.0.1 delivering into a new Inbox (kwargs go to the Controller)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    return controller, inbox

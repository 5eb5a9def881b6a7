"""Helpers and fixtures for alerts tests: WAL database, injected clock, real local receivers."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlite_utils import Database

from alerts.model import IncidentAlert
from crawler.config.subscriptions import SubscriptionConfig
from crawler.net.guard import URLGuard
from crawler.storage.db import open_db


class Clock:
    """A settable clock: tests move time instead of sleeping."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 3, 1, 12, 0, tzinfo=UTC))


@pytest.fixture
def db(tmp_path: Any) -> Iterator[Database]:
    database = open_db(tmp_path / "watchpost.db")
    yield database
    database.close()


@pytest.fixture
def guard() -> URLGuard:
    return URLGuard(allow=["127.0.0.1"])


def make_alert(incident_id: int = 1, revision: int = 1, **overrides: Any) -> IncidentAlert:
    """A realistic Balochistan incident; override any field."""
    fields: dict[str, Any] = dict(
        incident_id=incident_id,
        revision=revision,
        kind="created" if revision == 1 else "updated",
        title="Militants attack convoy in Bolan; 14 soldiers martyred",
        event_date="2025-03-01",
        published="2025-03-01T09:30:00+00:00",
        places=["Bolan", "Kech", "Balochistan", "Pakistan"],
        primary_place={
            "name": "Bolan",
            "district": "Kachhi",
            "province": "Balochistan",
            "country": "Pakistan",
            "lat": 29.5,
            "lon": 67.6,
        },
        actors=[{"name": "BLA", "unit": "STOS", "responsibility": "claimed"}],
        event_types=["ied"],
        targets=["soldiers"],
        killed=14,
        injured=3,
        sources=[
            {
                "outlet": "Dawn",
                "url": "https://www.dawn.com/news/1",
                "title": "14 soldiers",
                "published": "2025-03-01T09:30:00+00:00",
            }
        ],
        watches=[{"name": "balochistan-attacks", "terms": ["IED", "Bolan"]}],
    )
    fields.update(overrides)
    return IncidentAlert(**fields)


def make_sub(name: str, channel: dict[str, Any], **overrides: Any) -> SubscriptionConfig:
    return SubscriptionConfig.model_validate({"name": name, "channel": channel, **overrides})


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1: per-path scripts of (status, headers) or callables."""

    url: str
    requests: list[Received] = field(default_factory=list)
    scripts: dict[str, list[Any]] = field(default_factory=dict)
    default: tuple[int, dict[str, str]] = (200, {})

    def on(self, path: str, *responses: Any) -> str:
        self.scripts[path] = list(responses)
        return self.url + path

    def hits(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with lock:
                state.requests.append(
                    Received(
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        body,
                        time.monotonic(),
                    )
                )
                script = state.scripts.get(self.path)
                step = script.pop(0) if script else state.default
            if callable(step):
                step = step()
            status, headers = step
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            # A hanging handler answers after the client timed out and left: expected.
            if not isinstance(sys.exc_info()[1], ConnectionError):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll with a deadline (no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met before the deadline")
        time.sleep(0.01)


def payload_of(received: Received) -> dict[str, Any]:
    return json.loads(received.body)

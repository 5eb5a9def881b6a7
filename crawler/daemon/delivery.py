"""The daemon's delivery: each subscription on its own thread, one delivery at a time each;
and its default hooks into the outbox (alerts, source-health messages).

A receiver that hangs (up to its channel's timeout) or fails (then backs off) holds only its
own subscription's alerts: the others are sent by their own threads meanwhile, and the next
delivery run skips only the subscription whose previous delivery is still running.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager
from datetime import datetime

from sqlite_utils import Database

from crawler.config import Config
from crawler.daemon.health import HealthEvent
from crawler.daemon.storagewatch import StorageWatch
from crawler.errors import StorageError
from crawler.storage.store import utcnow

log = logging.getLogger(__name__)

DeliverHook = Callable[[Database, Config, datetime, Collection[str] | None], None]

_SENDERS = 8  # subscriptions delivered at once


def default_deliver(db: Database, config: Config, now: datetime,
                    subscriptions: Collection[str] | None = None) -> None:
    """Send due outbox rows and fire digests (of the named subscriptions; None: all)."""
    # The channels (requests, smtplib) load in the daemon only, not for `watchpost status`.
    from alerts.dispatch import deliver  # noqa: PLC0415

    deliver(db, config.crawl.allow_hosts, now, only=subscriptions)


def log_health(db: Database, config: Config, events: Sequence[HealthEvent], now: datetime
               ) -> None:
    """The default health hook: the daemon has logged and recorded the events; operators
    named in `daemon.health.notify` get a `source.health` message through the outbox."""
    from alerts.health import queue_health  # noqa: PLC0415 - as in default_deliver

    queue_health(db, config.daemon.health.notify, events, now)


def enabled_subscriptions(db: Database) -> list[str]:
    """The names of the subscriptions delivery sends to."""
    from alerts.registry import load_enabled  # noqa: PLC0415 - as in default_deliver

    return sorted(load_enabled(db))


class Delivery:
    """The daemon's delivery runs: every subscription's due alerts, each on its own thread.

    While the database refuses writes, delivery backs off: an alert whose sending cannot be
    recorded is not sent (its claim is a write first), so nothing is marked sent that the
    database did not store.
    """

    def __init__(self, config: Config, hook: DeliverHook,
                 connect: Callable[[], AbstractContextManager[Database]],
                 storage: StorageWatch) -> None:
        self.config = config
        self.hook = hook
        self.connect = connect
        self.storage = storage
        self.senders = Senders(self._one)

    def run(self, wait_for_them: bool = False) -> None:
        """Start a delivery for each subscription that has none running; `wait_for_them`
        until they end (the final flush)."""
        if not self.storage.may_try("deliver"):
            return
        try:
            with self.connect() as db:
                names = enabled_subscriptions(db)
        except StorageError as exc:
            self.storage.failed("deliver", exc)
            return
        started = self.senders.start(names)
        if wait_for_them and started:
            wait(started)

    def _one(self, name: str) -> None:
        """Run the delivery hook for one subscription; failures are logged, never fatal."""
        try:
            with self.connect() as db:
                self.hook(db, self.config, utcnow(), [name])
                self.storage.succeeded("deliver")
                self.storage.record(db)
        except StorageError as exc:
            self.storage.failed("deliver", exc)
        except Exception:
            log.exception("delivery to %s failed; retried on the next run", name)


class Senders:
    """Runs `send(name)` on a thread per subscription, never two at once for one name."""

    def __init__(self, send: Callable[[str], None], threads: int = _SENDERS) -> None:
        self.send = send
        self._running: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="deliver")

    def start(self, names: Iterable[str]) -> list[Future[None]]:
        """Start a delivery for each name that has none running; the ones started."""
        started: list[Future[None]] = []
        with self._lock:
            for name in names:
                running = self._running.get(name)
                if running is not None and not running.done():
                    continue  # still sending (or waiting on its receiver): it goes on alone
                future = self._pool.submit(self.send, name)
                self._running[name] = future
                started.append(future)
        return started

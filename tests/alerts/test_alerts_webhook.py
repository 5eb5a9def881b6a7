"""Webhook delivery through the outbox against a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from alerts import dispatch, outbox, registry, signing
from alerts.channels import webhook
from alerts.dispatch import Delivery
from crawler.errors import UnsafeURL
from crawler.net.guard import URLGuard
from crawler.net.session import guarded_session
from tests.support.alertkit import Clock, make_alert, make_sub
from tests.support.receivers import payload_of

ENV = {"WP_HOOK_SECRET": "whsec_" + "c2VjcmV0LWtleS0xMjM0NTY3ODkw", "WP_OLD": "old-secret"}


def hook(name: str, url: str, **extra: Any) -> Any:
    return make_sub(
        name, {"type": "webhook", "url": url, "secret_env": "WP_HOOK_SECRET", "timeout": 5, **extra}
    )


def deliver(
    db: Any, subs: dict, clock: Clock, guard: URLGuard, **kw: Any
) -> dispatch.DispatchReport:
    return dispatch.deliver_due(db, subs, clock, guard=guard, environ=ENV, **kw)


def test_503_twice_then_200_same_webhook_id_then_delivered(db, clock, guard, receiver) -> None:
    url = receiver.on("/flaky", (503, {}), (503, {"Retry-After": "60"}), (200, {}))
    subs = {"ops": hook("ops", url)}
    assert outbox.enqueue(db, make_alert(), subs, clock()) == 1
    outcomes = []
    for _ in range(3):
        report = deliver(db, subs, clock, guard)
        outcomes += [d.outcome for d in report.deliveries]
        clock.advance(hours=1)  # past any backoff
    assert outcomes == ["retry", "retry", "delivered"]
    hits = receiver.hits("/flaky")
    assert len(hits) == 3
    assert len({h.headers["webhook-id"] for h in hits}) == 1
    assert len({h.body for h in hits}) == 1  # byte-identical body on every retry
    for hit in hits:
        assert signing.verify(
            hit.headers, hit.body, ENV["WP_HOOK_SECRET"], now=int(hit.headers["webhook-timestamp"])
        )
    [row] = outbox.list_rows(db)
    assert (
        row.status == "delivered"
        and row.attempts == 3
        and row.msg_id == hits[0].headers["webhook-id"]
    )
    assert payload_of(hits[0])["type"] == "incident.created"


def test_retry_after_is_honoured(db, clock, guard, receiver) -> None:
    url = receiver.on("/busy", (429, {"Retry-After": "900"}))
    subs = {"ops": hook("ops", url)}
    outbox.enqueue(db, make_alert(), subs, clock())
    deliver(db, subs, clock, guard)
    [row] = outbox.list_rows(db)
    assert row.status == "pending" and row.last_status == 429
    assert (row.next_attempt_at - clock()).total_seconds() >= 900


def test_410_disables_the_subscription_with_a_reason(db, clock, guard, receiver) -> None:
    url = receiver.on("/gone", (410, {}))
    subs = {"ops": hook("ops", url)}
    outbox.enqueue(db, make_alert(1), subs, clock())
    outbox.enqueue(db, make_alert(2), subs, clock())
    report = deliver(db, subs, clock, guard)
    assert "ops" in report.disabled
    assert [d.outcome for d in report.deliveries] == ["disabled", "failed"]
    [stored] = registry.list_subscriptions(db)
    assert not stored.enabled and "410" in (stored.disabled_reason or "")
    assert {r.status for r in outbox.list_rows(db)} == {"failed"}
    assert len(receiver.hits("/gone")) == 1  # the second row was not sent
    # Nothing more is enqueued or delivered for it.
    assert outbox.enqueue(db, make_alert(3), subs, clock()) == 0
    assert deliver(db, subs, clock.advance(hours=1) and clock, guard).deliveries == []


def test_a_hanging_receiver_does_not_delay_another_subscription(db, clock, guard, receiver) -> None:
    release = threading.Event()

    def hang() -> tuple[int, dict]:
        release.wait(10)  # held until the other subscription's delivery is recorded
        return 200, {}

    subs = {
        "slow": hook("slow", receiver.on("/slow", hang)),
        "fast": hook("fast", receiver.on("/fast", (200, {}))),
    }
    outbox.enqueue(db, make_alert(), subs, clock())
    order: list[str] = []

    def seen(delivery: Delivery) -> None:
        order.append(f"{delivery.subscription}:{delivery.outcome}")
        if delivery.subscription == "fast":
            release.set()

    report = deliver(db, subs, clock, guard, on_result=seen)
    release.set()
    # With sequential delivery "slow" would finish first (by timing out, then retrying).
    assert order == ["fast:delivered", "slow:delivered"]
    assert report.counts["delivered"] == 2


def test_a_timeout_is_retried_while_others_are_delivered(db, clock, guard, receiver) -> None:
    stop = threading.Event()

    def hang() -> tuple[int, dict]:
        stop.wait(10)
        return 200, {}

    subs = {
        "stuck": hook("stuck", receiver.on("/stuck", hang), timeout=0.3),
        "fine": hook("fine", receiver.on("/fine", (200, {}))),
    }
    outbox.enqueue(db, make_alert(), subs, clock())
    try:
        report = deliver(db, subs, clock, guard)
    finally:
        stop.set()
    by_sub = {d.subscription: d for d in report.deliveries}
    assert by_sub["fine"].outcome == "delivered"
    assert by_sub["stuck"].outcome == "retry" and "timeout" in by_sub["stuck"].detail
    assert [d.subscription for d in report.deliveries] == ["fine", "stuck"]


def test_redirects_are_not_followed(db, clock, guard, receiver) -> None:
    url = receiver.on("/moved", (302, {"Location": receiver.url + "/target"}))
    subs = {"ops": hook("ops", url)}
    outbox.enqueue(db, make_alert(), subs, clock())
    [delivery] = deliver(db, subs, clock, guard).deliveries
    assert delivery.outcome == "failed" and delivery.status == 302
    assert receiver.hits("/target") == []


@pytest.mark.parametrize(
    "status,outcome",
    [
        (200, "delivered"),
        (204, "delivered"),
        (400, "permanent"),
        (404, "permanent"),
        (408, "retry"),
        (429, "retry"),
        (500, "retry"),
        (503, "retry"),
        (410, "disable"),
        (301, "permanent"),
    ],
)
def test_status_classification(clock, status: int, outcome: str) -> None:
    assert webhook.classify(status, None, clock()).outcome == outcome


def test_private_address_refused_without_allow_list(db, clock, receiver) -> None:
    subs = {"ops": hook("ops", receiver.on("/x", (200, {})))}
    outbox.enqueue(db, make_alert(), subs, clock())
    [delivery] = deliver(db, subs, clock, URLGuard()).deliveries
    assert delivery.outcome == "failed" and "URL guard" in delivery.detail
    assert receiver.requests == []


def test_connected_address_is_checked(receiver) -> None:
    # A name the guard trusted could resolve elsewhere later (DNS rebinding): the socket's peer
    # is checked too.
    with guarded_session(URLGuard()) as session:
        with pytest.raises(UnsafeURL):
            session.post(receiver.on("/peer", (200, {})), data=b"{}", timeout=5)
    assert receiver.requests == []


def test_allow_listed_host_name_is_delivered(db, clock, receiver) -> None:
    url = receiver.on("/named", (200, {})).replace("127.0.0.1", "localhost")
    subs = {"ops": hook("ops", url)}
    outbox.enqueue(db, make_alert(), subs, clock())
    [delivery] = deliver(db, subs, clock, URLGuard(allow=["localhost"])).deliveries
    assert delivery.outcome == "delivered", delivery


def test_missing_secret_is_a_permanent_failure(db, clock, guard, receiver) -> None:
    subs = {"ops": hook("ops", receiver.on("/s", (200, {})), secret_env="WP_NOT_SET")}
    outbox.enqueue(db, make_alert(), subs, clock())
    [delivery] = dispatch.deliver_due(db, subs, clock, guard=guard, environ={}).deliveries
    assert delivery.outcome == "failed" and "WP_NOT_SET" in delivery.detail
    assert receiver.requests == []


def test_rotation_sends_one_signature_per_secret(db, clock, guard, receiver) -> None:
    subs = {
        "ops": hook("ops", receiver.on("/rot", (200, {})), secret_env=["WP_HOOK_SECRET", "WP_OLD"])
    }
    outbox.enqueue(db, make_alert(), subs, clock())
    deliver(db, subs, clock, guard)
    [hit] = receiver.hits("/rot")
    assert len(hit.headers["webhook-signature"].split()) == 2
    stamp = int(hit.headers["webhook-timestamp"])
    assert signing.verify(hit.headers, hit.body, "old-secret", now=stamp)


def test_a_name_rebinding_into_an_allow_listed_network_is_refused_at_connect(
    receiver, monkeypatch
) -> None:
    # The guard allows the address 127.0.0.1 (as tests do); a made-up name answers a public
    # address when checked, then loopback when requests connects. The peer check must judge
    # the name's answer without the allow-list, as the crawler does.
    answers = iter(["93.184.216.34"])
    real = socket.getaddrinfo

    def rebinding(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "hook.rebind.test":
            return real(host, port, *args, **kwargs)
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    port = receiver.url.rsplit(":", 1)[1]
    receiver.on("/rebind", (200, {}))
    cfg = hook("ops", f"http://hook.rebind.test:{port}/rebind").channel
    result = webhook.send(cfg, b"{}", "msg_1", datetime.now(UTC),
                          guard=URLGuard(["127.0.0.1"]), environ=ENV)
    assert result.outcome != "delivered" and "not public" in (result.detail or "")
    assert receiver.hits("/rebind") == []

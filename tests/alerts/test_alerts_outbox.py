"""Outbox: idempotent enqueueing, revisions, crash windows, dead rows and replay."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from alerts import dispatch, outbox, registry
from alerts.model import IncidentAlert
from crawler.storage.db import open_db
from tests.support.alertkit import make_alert, make_sub

ENV = {"WP_HOOK_SECRET": "k"}


def hook(name: str, url: str, **extra: Any) -> Any:
    return make_sub(
        name, {"type": "webhook", "url": url, "secret_env": "WP_HOOK_SECRET", "timeout": 5}, **extra
    )


def deliver(db: Database, subs: dict, clock: Any, guard: Any) -> dispatch.DispatchReport:
    return dispatch.deliver_due(db, subs, clock, guard=guard, environ=ENV)


def test_enqueue_twice_gives_one_row(db, clock) -> None:
    subs = {"ops": hook("ops", "http://127.0.0.1:9/x")}
    assert outbox.enqueue(db, make_alert(), subs, clock()) == 1
    assert outbox.enqueue(db, make_alert(), subs, clock.advance(minutes=5)) == 0
    [row] = outbox.list_rows(db)
    assert row.msg_id == outbox.message_id(1, "ops", 1) and row.status == "pending"


def test_new_revision_gives_a_new_row_and_supersedes_the_unsent_one(db, clock) -> None:
    subs = {"ops": hook("ops", "http://127.0.0.1:9/x")}
    outbox.enqueue(db, make_alert(revision=1, killed=10), subs, clock())
    outbox.enqueue(db, make_alert(revision=2, killed=14), subs, clock())
    rows = {r.revision: r for r in outbox.list_rows(db)}
    assert rows[1].status == "superseded" and rows[2].status == "pending"
    assert rows[1].msg_id != rows[2].msg_id
    # Never received: the newer revision goes out as "created" with all the facts.
    assert rows[2].payload["type"] == "incident.created"
    assert rows[2].payload["data"]["killed"] == 14
    # A late replay of revision 1 adds nothing.
    assert outbox.enqueue(db, make_alert(revision=1), subs, clock()) == 0


def test_updates_after_delivery_respect_the_updates_switch(db, clock) -> None:
    subs = {
        "all": hook("all", "http://127.0.0.1:9/a"),
        "firsts": hook("firsts", "http://127.0.0.1:9/b", updates=False),
    }
    outbox.enqueue(db, make_alert(revision=1), subs, clock())
    for row in outbox.list_rows(db):
        outbox.mark(db, row.id, "delivered", clock())
    update = make_alert(revision=2, changes=[{"field": "killed", "old": 10, "new": 14}])
    assert outbox.enqueue(db, update, subs, clock()) == 1
    [row] = outbox.list_rows(db, status="pending")
    assert row.subscription == "all" and row.payload["type"] == "incident.updated"
    assert row.payload["data"]["changes"] == [{"field": "killed", "old": 10, "new": 14}]


def test_filters_choose_subscriptions(db, clock) -> None:
    calls: list[list[str]] = []

    def gazetteer(alert: IncidentAlert, regions: list[str]) -> bool:
        calls.append(regions)
        return "Kech" in regions

    subs = {
        "kech": hook("kech", "http://127.0.0.1:9/k", filter={"regions": ["Kech"]}),
        "sindh": hook("sindh", "http://127.0.0.1:9/s", filter={"regions": ["Sindh"]}),
        "big": hook("big", "http://127.0.0.1:9/b", filter={"min_killed": 20}),
        "ied": hook(
            "ied", "http://127.0.0.1:9/i", filter={"event_types": ["IED"], "keywords": ["convoy"]}
        ),
        "other": hook("other", "http://127.0.0.1:9/o", filter={"watches": ["kp-attacks"]}),
    }
    assert outbox.enqueue(db, make_alert(), subs, clock(), region_check=gazetteer) == 2
    assert {r.subscription for r in outbox.list_rows(db)} == {"kech", "ied"}
    assert sorted(calls) == [["Kech"], ["Sindh"]]


def test_a_stored_but_unsent_alert_is_sent_after_a_restart(
    tmp_path, clock, guard, receiver
) -> None:
    path = tmp_path / "restart.db"
    subs = {"ops": hook("ops", receiver.on("/r", (200, {})))}
    first = open_db(path)
    outbox.enqueue(first, make_alert(), subs, clock())
    first.close()  # the process dies here, before any delivery
    second = open_db(path)
    assert [d.outcome for d in deliver(second, subs, clock, guard).deliveries] == ["delivered"]
    second.close()


def test_crash_after_send_before_mark_resends_once_with_the_same_id(
    db, clock, guard, receiver
) -> None:
    subs = {"ops": hook("ops", receiver.on("/c", (200, {}), (200, {})))}
    outbox.enqueue(db, make_alert(), subs, clock())
    # A dispatcher claims the row and sends it, then dies before marking it.
    [row] = outbox.claim(db, clock(), ["ops"])
    ctx = dispatch.SendContext(guard, ENV)
    assert dispatch.send_row(subs["ops"], row, clock(), ctx).outcome == "delivered"
    # The lease keeps a concurrent dispatcher off it ...
    assert deliver(db, subs, clock, guard).deliveries == []
    # ... and when it expires the row goes out once more, with the same webhook-id.
    clock.advance(minutes=16)
    assert [d.outcome for d in deliver(db, subs, clock, guard).deliveries] == ["delivered"]
    clock.advance(hours=2)
    assert deliver(db, subs, clock, guard).deliveries == []
    hits = receiver.hits("/c")
    assert len(hits) == 2 and hits[0].headers["webhook-id"] == hits[1].headers["webhook-id"]


def test_dead_after_24_hours_then_replayed(db, clock, guard, receiver) -> None:
    receiver.on("/down", *[(503, {})] * 100)
    subs = {"ops": hook("ops", receiver.url + "/down")}
    outbox.enqueue(db, make_alert(), subs, clock())
    start = clock()
    outcomes = []
    while clock() - start < timedelta(hours=30):
        outcomes += [d.outcome for d in deliver(db, subs, clock, guard).deliveries]
        if outcomes and outcomes[-1] == "dead":
            break
        clock.advance(hours=1)
    assert outcomes[-1] == "dead" and set(outcomes[:-1]) == {"retry"}
    assert clock() - start >= timedelta(hours=23)
    [row] = outbox.list_rows(db, status="dead")
    assert row.attempts == len(outcomes) and row.last_status == 503
    # The operator fixes the endpoint and replays the dead row: same msg_id.
    receiver.scripts["/down"] = [(200, {})]
    assert outbox.retry(db, clock(), all_dead=True) == 1
    assert [d.outcome for d in deliver(db, subs, clock, guard).deliveries] == ["delivered"]
    hits = receiver.hits("/down")
    assert {h.headers["webhook-id"] for h in hits} == {row.msg_id}
    assert outbox.counts(db) == {"delivered": 1}


def test_retry_one_failed_row_by_id(db, clock) -> None:
    subs = {"ops": hook("ops", "http://127.0.0.1:9/x")}
    outbox.enqueue(db, make_alert(), subs, clock())
    [row] = outbox.list_rows(db)
    outbox.mark(db, row.id, "failed", clock(), error="HTTP 400", http_status=400)
    assert outbox.retry(db, clock(), row_id=row.id) == 1
    again = outbox.get(db, row.id)
    assert again is not None and again.status == "pending" and again.attempts == 0
    assert outbox.retry(db, clock(), row_id=row.id) == 0  # only dead/failed rows replay


def test_concurrent_writers_do_not_fail_locked(tmp_path, clock) -> None:
    path = tmp_path / "busy.db"
    subs = {"ops": hook("ops", "http://127.0.0.1:9/x")}
    setup = open_db(path)
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        conn = Database(path)
        conn.conn.execute("PRAGMA busy_timeout=10000")
        try:
            for i in range(30):
                outbox.enqueue(conn, make_alert(offset + i), subs, clock())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(n * 1000,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert outbox.counts(setup) == {"pending": 120}
    setup.close()


def test_disabled_subscriptions_get_nothing(db, clock) -> None:
    sub = hook("ops", "http://127.0.0.1:9/x")
    registry.upsert(db, [sub], clock())
    registry.disable(db, "ops", "operator", clock())
    assert outbox.enqueue(db, make_alert(), {"ops": sub}, clock()) == 0


def test_enqueue_joins_the_callers_transaction(db, clock) -> None:
    # The crawler stores an incident and enqueues its alerts in one transaction: both or neither.
    subs = {"ops": hook("ops", "http://127.0.0.1:9/x")}
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("INSERT INTO incidents (id) VALUES (1)")
    assert outbox.enqueue(db, make_alert(), subs, clock()) == 1
    db.conn.execute("ROLLBACK")  # the process died before committing
    assert outbox.counts(db) == {}
    assert db.execute("SELECT COUNT(*) FROM incidents").fetchone() == (0,)
    db.conn.execute("BEGIN IMMEDIATE")
    db.conn.execute("INSERT INTO incidents (id) VALUES (1)")
    outbox.enqueue(db, make_alert(), subs, clock())
    db.conn.execute("COMMIT")
    assert outbox.counts(db) == {"pending": 1}

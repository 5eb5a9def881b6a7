"""Digests at their scheduled local time (injected clock) and quiet hours."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from alerts import dispatch, outbox
from alerts.digest import last_scheduled, run_digests
from crawler.config.subscriptions import DigestConfig
from tests.support.alertkit import Clock, make_alert, make_sub

KARACHI_7 = DigestConfig(every="daily", at="07:00", timezone="Asia/Karachi")  # 02:00 UTC


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def test_schedule_arithmetic() -> None:
    assert last_scheduled(KARACHI_7, utc(2025, 3, 2, 1, 59)) == utc(2025, 3, 1, 2, 0)
    assert last_scheduled(KARACHI_7, utc(2025, 3, 2, 2, 0)) == utc(2025, 3, 2, 2, 0)
    hourly = DigestConfig(every="hourly", at="00:15", timezone="Asia/Kolkata")  # +05:30
    assert last_scheduled(hourly, utc(2025, 3, 2, 10, 40)) == utc(2025, 3, 2, 9, 45)
    # A zone with DST: 07:00 local stays 07:00 local across the change.
    berlin = DigestConfig(every="daily", at="07:00", timezone="Europe/Berlin")
    assert last_scheduled(berlin, utc(2025, 3, 29, 12, 0)) == utc(2025, 3, 29, 6, 0)
    assert last_scheduled(berlin, utc(2025, 3, 30, 12, 0)) == utc(2025, 3, 30, 5, 0)


def test_period_incidents_become_one_message_at_07_00_karachi(db, guard, tmp_path: Path) -> None:
    clock = Clock(utc(2025, 3, 1, 12, 0))
    out = tmp_path / "digest.jsonl"
    sub = make_sub(
        "morning", {"type": "jsonl", "path": str(out)}, mode="digest", digest=KARACHI_7.model_dump()
    )
    subs = {"morning": sub}
    assert run_digests(db, subs, clock()) == []  # first run only records the schedule
    outbox.enqueue(db, make_alert(1), subs, clock.advance(hours=6))  # 18:00 UTC
    outbox.enqueue(db, make_alert(2), subs, clock.advance(hours=3))  # 21:00 UTC
    outbox.enqueue(db, make_alert(2, revision=2, killed=16), subs, clock())  # rising toll
    assert dispatch.deliver_due(db, subs, clock, guard=guard).deliveries == []  # held
    clock.current = utc(2025, 3, 2, 1, 59)  # 06:59 in Karachi
    assert run_digests(db, subs, clock()) == []
    clock.current = utc(2025, 3, 2, 2, 0, 10)
    outbox.enqueue(db, make_alert(3), subs, clock())  # after 07:00: next period
    [digest_id] = run_digests(db, subs, clock())
    assert run_digests(db, subs, clock.advance(minutes=5)) == []  # fires once per period
    report = dispatch.deliver_due(db, subs, clock, guard=guard)
    assert [d.row_id for d in report.deliveries] == [digest_id]
    [line] = out.read_text().splitlines()
    message = json.loads(line)
    assert message["type"] == "digest"
    assert message["data"]["count"] == 2
    assert message["data"]["period"]["end"] == "2025-03-02T02:00:00.000000+00:00"
    by_id = {i["incident_id"]: i for i in message["data"]["incidents"]}
    assert set(by_id) == {1, 2} and by_id[2]["killed"] == 16
    assert message["msg_id"] == outbox.digest_message_id("morning", utc(2025, 3, 2, 2, 0))
    # Incident 3 goes out the next morning.
    clock.current = utc(2025, 3, 3, 2, 0)
    run_digests(db, subs, clock())
    dispatch.deliver_due(db, subs, clock, guard=guard)
    second = json.loads(out.read_text().splitlines()[1])
    assert [i["incident_id"] for i in second["data"]["incidents"]] == [3]
    assert outbox.counts(db) == {"delivered": 2, "digested": 3, "superseded": 1}


def test_quiet_hours_hold_delivery_until_the_window_ends(db, guard, tmp_path: Path) -> None:
    out = tmp_path / "quiet.jsonl"
    sub = make_sub(
        "night",
        {"type": "jsonl", "path": str(out)},
        quiet_hours={"start": "22:00", "end": "07:00", "timezone": "Asia/Karachi"},
    )
    subs = {"night": sub}
    clock = Clock(utc(2025, 3, 1, 20, 0))  # 01:00 in Karachi
    outbox.enqueue(db, make_alert(), subs, clock())
    report = dispatch.deliver_due(db, subs, clock, guard=guard)
    assert report.deliveries == [] and report.counts["quiet"] == 1
    clock.current = utc(2025, 3, 2, 2, 0)  # 07:00 in Karachi
    assert [d.outcome for d in dispatch.deliver_due(db, subs, clock, guard=guard).deliveries] == [
        "delivered"
    ]
    assert len(out.read_text().splitlines()) == 1

"""Incident resolution on a real SQLite file: non-events stay apart and never lower a toll;
follow-ups weeks later join; a later mention never lowers the toll."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.config import Config, load_config
from crawler.pipeline import process_pending
from crawler.storage.db import db_table, open_db, write

ROOT = Path(__file__).resolve().parents[2]
WATCH = yaml.safe_load((ROOT / "seeds" / "watches" / "balochistan-attacks.yaml").read_text())

ATTACK = ("2025-03-04", "Gunmen kill four Levies men in Kalat",
          "KALAT: Four Levies personnel were killed and two injured when gunmen attacked their "
          "checkpost in Kalat town on Monday night, officials said. The Baloch Liberation Army "
          "claimed responsibility for the attack.")
VERDICT = ("2025-03-05", "Court sentences two over Kalat checkpost attack",
           "QUETTA: An anti-terrorism court on Wednesday sentenced two men to life imprisonment "
           "for the attack on a Levies checkpost in Kalat in which one person was killed. The "
           "court acquitted a third accused.")
DRILL = ("2025-03-05", "Levies hold mock drill at Kalat checkpost",
         "KALAT: Levies personnel held a mock drill at a checkpost in Kalat town on Wednesday, "
         "simulating an attack by gunmen. Two volunteers played the injured.")
MENTION = ("2025-03-05", "Suspects held over Kalat killings",
           "KALAT: Police said on Wednesday they had arrested three suspects over the killing "
           "of two Levies men at a checkpost in Kalat town on Monday night. The Baloch "
           "Liberation Army had claimed the attack.")
FOLLOW_UP = ("2025-03-29", "Kalat checkpost attack toll rises to six",
             "KALAT: The death toll from this month's attack on a Levies checkpost in Kalat town "
             "rose to six on Friday after two injured personnel succumbed to their wounds, "
             "officials said. The Baloch Liberation Army had claimed the attack.")


def config(tmp_path: Path, **keywords: Any) -> Config:
    watch = {**WATCH, "keywords": {**WATCH["keywords"], **keywords}}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump({"database": "w.db", "watches": [watch]}), encoding="utf-8")
    return load_config(path)


def ingest(cfg: Config, *reports: tuple[str, str, str]) -> Any:
    db = open_db(cfg.database)
    with write(db):
        for published, title, text in reports:
            db_table(db, "articles").insert({
                "url": f"https://example.org/{title.replace(' ', '-')}", "source": "t",
                "entry_id": title, "title": title, "text": text,
                "published": f"{published}T09:00:00+00:00", "language": "en",
                "fetched_at": datetime.now(UTC).isoformat(), "status": "extracted"})
    for _ in reports:  # one at a time, oldest first, as a crawl would bring them
        process_pending(db, cfg)
    return db


def incidents(db: Any) -> dict[str, dict[str, Any]]:
    """Each article title -> its incident row."""
    rows = db.query("SELECT s.title AS article, i.* FROM incident_sources s "
                    "JOIN incidents i ON i.id = s.incident_id")
    return {row["article"]: row for row in rows}


@pytest.mark.parametrize("report", [VERDICT, DRILL], ids=["verdict", "drill"])
def test_non_event_let_through_stays_apart_and_keeps_the_toll(tmp_path: Path,
                                                               report: tuple) -> None:
    db = ingest(config(tmp_path, new_incidents=False), ATTACK, report)
    found = incidents(db)
    attack, other = found[ATTACK[1]], found[report[1]]
    assert attack["id"] != other["id"]
    assert attack["killed"] == 4
    keys = {r["incident_id"] for r in db.query("SELECT incident_id FROM incident_keys")}
    assert attack["id"] in keys and other["id"] not in keys  # never a candidate
    reason = next(db.query("SELECT reason FROM incident_sources WHERE title = ?", [report[1]]))
    assert reason["reason"].startswith("not a new incident")


@pytest.mark.parametrize("report", [VERDICT, DRILL], ids=["verdict", "drill"])
def test_non_event_does_not_match_by_default(tmp_path: Path, report: tuple) -> None:
    db = ingest(config(tmp_path), ATTACK, report)
    assert set(incidents(db)) == {ATTACK[1]}


def test_later_mention_never_lowers_and_follow_up_weeks_later_raises(tmp_path: Path) -> None:
    db = ingest(config(tmp_path), ATTACK, MENTION, FOLLOW_UP)
    found = incidents(db)
    assert len({row["id"] for row in found.values()}) == 1, {
        k: (v["id"], v["killed"]) for k, v in found.items()}
    final = db_table(db, "incidents").get(found[ATTACK[1]]["id"])
    assert final["killed"] == 6
    history = [yaml.safe_load(r["changes"]) for r in
               db.query("SELECT changes FROM incident_revisions ORDER BY revision")]
    killed = [(c["old"], c["new"]) for changes in history for c in changes
              if c["field"] == "killed"]
    assert killed == [(4, 6)]  # 2 from the later mention never applied

"""Districts and villages the gazetteer lacks, through the real pipeline on a real SQLite file:
the watch on their region matches the reports that name only them, and two reports of one
event there (one filed in the capital, in upper case) become one incident placed there."""

from __future__ import annotations

import json
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

EVENTS = [
    # (region watched, first report, second report of the same event, district as placed)
    ("Cabo Delgado",
     ("2025-11-04", "Insurgents kill six in Mecufi district",
      "PEMBA, Nov 4 (Lusa) - Suspected insurgents killed six people in an attack on a village "
      "in Mecufi district on Monday, local authorities said."),
     ("2025-11-04", "",
      "MAPUTO, 4 NOV 25 (AIM) -- SIX CIVILIANS WERE KILLED ON MONDAY WHEN ARMED INSURGENTS "
      "RAIDED A SETTLEMENT IN MECUFI DISTRICT, THE DISTRICT ADMINISTRATOR SAID."),
     "Mecufi, Cabo Delgado, Mozambique"),
    ("Kandahar",
     ("2025-11-04", "Gunmen kill three police in Zhari district",
      "KABUL, Nov 4 (Reuters) - Gunmen killed three policemen in an attack on a checkpoint in "
      "Zhari district of Kandahar province on Monday night, officials said."),
     ("2025-11-04", "",
      "KANDAHAR, 4 NOV 25 (PAJHWOK) -- THREE POLICEMEN WERE KILLED IN AN ATTACK ON A "
      "CHECKPOINT IN ZHARI DISTRICT ON MONDAY NIGHT, THE PROVINCIAL POLICE SAID."),
     "Zhari, Kandahār, Afghanistan"),
]


def config(tmp_path: Path, region: str) -> Config:
    path = tmp_path / "config.yaml"
    watch = {**WATCH, "name": "region-attacks", "places": [region]}
    path.write_text(yaml.safe_dump({"database": "w.db", "watches": [watch]}), encoding="utf-8")
    return load_config(path)


def ingest(cfg: Config, *reports: tuple[str, str, str]) -> Any:
    db = open_db(cfg.database)
    with write(db):
        for number, (published, title, text) in enumerate(reports):
            db_table(db, "articles").insert({
                "url": f"https://example.org/report-{number}", "source": "t",
                "entry_id": str(number), "title": title, "text": text,
                "published": f"{published}T09:00:00+00:00", "language": "en",
                "fetched_at": datetime.now(UTC).isoformat(), "status": "extracted"})
    for _ in reports:
        process_pending(db, cfg)
    return db


@pytest.mark.parametrize(("region", "first", "second", "place"), EVENTS)
def test_two_reports_of_one_event_in_an_unlisted_district_are_one_incident(
        tmp_path: Path, region: str, first: tuple[str, str, str], second: tuple[str, str, str],
        place: str) -> None:
    cfg = config(tmp_path, region)
    db = ingest(cfg, first, second)
    try:
        matched = [r["matched"] for r in db.query("SELECT matched FROM matches")]
        incidents = list(db.query("SELECT id, facts FROM incidents"))
        sources = [r["n"] for r in db.query(
            "SELECT count(*) AS n FROM incident_sources GROUP BY incident_id")]
    finally:
        db.close()
    assert matched == [1, 1]
    assert len(incidents) == 1 and sources == [2]
    primary = json.loads(incidents[0]["facts"])["primary_place"]
    places = {p["id"]: p for p in json.loads(incidents[0]["facts"])["places"]}
    chain, current = [primary["name"]], primary
    while current["parent_id"] in places:
        current = places[current["parent_id"]]
        chain.append(current["name"])
    assert ", ".join(chain) == place

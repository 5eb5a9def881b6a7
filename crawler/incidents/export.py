"""Incident queries and exports: JSON, CSV and GeoJSON for weekly reports and maps."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from sqlite_utils import Database

CSV_COLUMNS = (
    "id", "event_date", "published", "primary_place", "district", "province", "country", "lat",
    "lon", "actors", "event_types", "targets", "killed", "injured", "militants_killed",
    "abducted", "title", "sources", "revision", "updated_at",
)


def list_incidents(db: Database, since: str | None = None, region: str | None = None,
                   watch: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Incidents newest first, filtered by date, region name (any level) or watch."""
    where, params = ["1=1"], []
    if since:
        where.append("coalesce(event_date, published, substr(created_at, 1, 10)) >= ?")
        params.append(since)
    if region:
        where.append("(lower(primary_place) = lower(?) OR lower(district) = lower(?) OR "
                     "lower(province) = lower(?) OR lower(country) = lower(?) OR "
                     "exists (SELECT 1 FROM json_each(incidents.places) WHERE "
                     "lower(json_each.value) = lower(?)))")
        params += [region] * 5
    if watch:
        where.append("exists (SELECT 1 FROM json_each(incidents.watches) WHERE json_each.value = ?)")
        params.append(watch)
    # Abducted people are a fact of the record (facts JSON), not a column of their own.
    sql = (f"SELECT *, json_extract(facts, '$.abducted') AS abducted, "
           f"(SELECT count(*) FROM incident_sources s WHERE s.incident_id = "
           f"incidents.id) AS source_count FROM incidents WHERE {' AND '.join(where)} "
           f"ORDER BY coalesce(event_date, published) DESC, id DESC")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [decode(row) for row in db.query(sql, params)]


def decode(row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns as Python values."""
    out = dict(row)
    for key in ("places", "actors", "event_types", "targets", "watches"):
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key])
    out.pop("facts", None)
    return out


def sources_of(db: Database, incident_id: int) -> list[dict[str, Any]]:
    """An incident's sources in publication order."""
    return list(db.query(
        "SELECT s.*, a.status FROM incident_sources s JOIN articles a ON a.id = s.article_id "
        "WHERE s.incident_id = ? ORDER BY coalesce(s.published, s.added_at), s.id", [incident_id]))


def actor_label(actor: dict[str, Any]) -> str:
    """'Baloch Liberation Army (BLA), STOS — claimed'."""
    name = actor["name"] + (f" ({actor['short']})" if actor.get("short") else "")
    unit = f", {actor['unit']}" if actor.get("unit") else ""
    return f"{name}{unit} — {actor['responsibility']}"


def export_json(db: Database, rows: list[dict[str, Any]]) -> str:
    """Incidents with their sources, as a JSON array."""
    for row in rows:
        row["sources"] = [{k: s[k] for k in ("source", "url", "title", "published")}
                          for s in sources_of(db, row["id"])]
    return json.dumps(rows, indent=2, ensure_ascii=False)


def export_csv(db: Database, rows: list[dict[str, Any]]) -> str:
    """One line per incident; lists joined with '; ' (spreadsheet-friendly)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        flat = dict(row)
        flat["actors"] = "; ".join(actor_label(a) for a in row["actors"])
        flat["event_types"] = "; ".join(row["event_types"])
        flat["targets"] = "; ".join(row["targets"])
        flat["sources"] = "; ".join(s["url"] for s in sources_of(db, row["id"]))
        writer.writerow(flat)
    return buffer.getvalue()


def export_geojson(db: Database, rows: list[dict[str, Any]]) -> str:
    """A FeatureCollection: one Point per incident at its primary place (gazetteer coordinates)."""
    features = []
    for row in rows:
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        props["sources"] = [s["url"] for s in sources_of(db, row["id"])]
        geometry = ({"type": "Point", "coordinates": [row["lon"], row["lat"]]}
                    if row.get("lat") is not None and row.get("lon") is not None else None)
        features.append({"type": "Feature", "id": row["id"], "geometry": geometry,
                         "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": features}, indent=2,
                      ensure_ascii=False)


EXPORTERS = {"json": export_json, "csv": export_csv, "geojson": export_geojson}

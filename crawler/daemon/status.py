"""`watchpost status`, from the database alone: daemon liveness, sources, outbox, recent runs,
and storage problems (a disk that filled up, a read-only file).

The same document is served as JSON by `watchpost run --health-port N` for a supervisor, with
the daemon's live storage episode added: the one thing it may not have been able to write down.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler.clock import duration_words, shown_time
from crawler.config.durations import say_every
from crawler.daemon.health import open_problems
from crawler.errors import StorageError
from crawler.parse.textnorm import printable
from crawler.storage.db import open_db, table_exists
from crawler.storage.problems import storage_status
from crawler.storage.store import iso, utcnow

log = logging.getLogger(__name__)

# A heartbeat older than this many intervals means the daemon is gone or stuck.
STALE_BEATS = 3
RECENT = 5
_NAMES_SHOWN = 6  # source names per schedule line; the rest are counted


def collect_status(db: Database, now: datetime | None = None) -> dict[str, Any]:
    """Everything `watchpost status` shows, as plain JSON-ready data."""
    now = now or utcnow()
    return {
        "now": iso(now),
        "daemon": daemon_status(db, now),
        "sources": source_status(db, now),
        "health": open_problems(db) if table_exists(db, "source_health") else [],
        "outbox": outbox_status(db, now),
        "runs": recent_runs(db),
        "ticks": recent_ticks(db),
        "storage": storage_status(db),
    }


def daemon_status(db: Database, now: datetime) -> dict[str, Any]:
    """The heartbeat row with a verdict: running, stale (died or stuck), stopped or never."""
    if not table_exists(db, "daemon_heartbeat"):
        return {"state": "never"}
    rows = list(db.query("SELECT * FROM daemon_heartbeat WHERE id = 1"))
    if not rows:
        return {"state": "never"}
    row = dict(rows[0])
    row.pop("id", None)
    beat = row.get("heartbeat_at")
    age = (now - datetime.fromisoformat(beat)).total_seconds() if beat else None
    row["heartbeat_age_s"] = round(age, 1) if age is not None else None
    if row.get("state") in ("running", "stopping"):
        every = float(row.get("heartbeat_every") or 5.0)
        if age is None or age > STALE_BEATS * every + 2:
            row["state"] = "stale"
    return row


def source_status(db: Database, now: datetime) -> dict[str, Any]:
    """Enabled sources: how many, how many due, the failing ones with their last error, and
    the partial ones (last poll read only part of the feed) with the reason."""
    if not table_exists(db, "sources"):
        return {"enabled": 0, "due": 0, "failing": [], "partial": []}
    # A database the daemon has not migrated yet has no effective interval: the configured one.
    known = "poll_every" in db.table("feed_state").columns_dict
    rows = list(db.query(
        "SELECT s.name, s.interval_s, f.next_due_at, f.failures, f.last_error, "
        "f.last_success_at, f.last_polled_at, f.last_http_status, f.last_status, "
        + ("f.poll_every, f.poll_why " if known else "NULL AS poll_every, NULL AS poll_why ")
        + "FROM sources s LEFT JOIN feed_state f ON f.source = s.name WHERE s.enabled = 1 "
        "ORDER BY s.name"))
    due = sum(1 for r in rows
              if not r["next_due_at"] or datetime.fromisoformat(r["next_due_at"]) <= now)
    failing = [
        {"name": r["name"], "failures": r["failures"], "last_error": r["last_error"],
         "last_http_status": r["last_http_status"], "last_success_at": r["last_success_at"],
         "next_due_at": r["next_due_at"]}
        for r in rows if r["failures"]
    ]
    partial = [{"name": r["name"], "detail": r["last_error"], "polled_at": r["last_polled_at"]}
               for r in rows if r["last_status"] == "partial" and not r["failures"]]
    upcoming = [r["next_due_at"] for r in rows if r["next_due_at"]]
    return {"enabled": len(rows), "due": due, "failing": failing, "partial": partial,
            "never_polled": sum(1 for r in rows if not r["last_polled_at"]),
            "schedule": schedule(rows),
            "next_due_at": min(upcoming, key=datetime.fromisoformat) if upcoming else None}


def schedule(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Sources grouped by effective poll interval and its reason, shortest first: the
    configured interval unless a feed's TTL, max-age, Retry-After, a failure back-off or the
    adaptive schedule made it longer."""
    groups: dict[tuple[float, str], list[str]] = {}
    for r in rows:
        every = float(r["poll_every"] or r["interval_s"] or 0)
        groups.setdefault((every, r["poll_why"] or ""), []).append(r["name"])
    return [{"every_s": every, "why": why or None, "every": say_every(every, why),
             "sources": names} for (every, why), names in sorted(groups.items())]


def outbox_status(db: Database, now: datetime) -> dict[str, Any] | None:
    """Outbox rows by status, how many are due now and the oldest waiting; None without alerts."""
    if not table_exists(db, "outbox"):
        return None
    by_status = dict(db.execute("SELECT status, count(*) FROM outbox GROUP BY status").fetchall())
    # Stored times are fixed-width UTC ISO text, so they compare as strings.
    moment = now.astimezone(UTC).isoformat(timespec="microseconds")
    due, oldest = db.execute(
        "SELECT sum(next_attempt_at IS NULL OR next_attempt_at <= ?), min(created_at) "
        "FROM outbox WHERE status = 'pending'", [moment]).fetchone()
    return {"by_status": by_status, "backlog": by_status.get("pending", 0),
            "due_now": due or 0, "oldest_pending_at": oldest}


def recent_runs(db: Database, limit: int = RECENT) -> list[dict[str, Any]]:
    """The last crawl runs (daemon ticks and manual crawls) with their main counts."""
    if not table_exists(db, "crawl_runs"):
        return []
    runs = []
    for row in db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit]):
        counts = json.loads(row["counts"] or "{}")
        runs.append({
            "id": row["id"], "started_at": row["started_at"], "finished_at": row["finished_at"],
            "status": row["status"], "sources": row["sources"],
            "articles_new": counts.get("articles_new", 0),
            "feeds_failed": counts.get("feeds_failed", 0),
            "not_modified": counts.get("feeds_not_modified", 0),
            "entries_skipped": counts.get("entries_skipped", 0),
        })
    return runs


def recent_ticks(db: Database, limit: int = RECENT) -> list[dict[str, Any]]:
    """The daemon's last ticks: when, how long, and how they ended."""
    if not table_exists(db, "daemon_ticks"):
        return []
    return list(db.query(
        "SELECT started_at, outcome, exit_code, round(seconds, 2) AS seconds, due "
        "FROM daemon_ticks ORDER BY id DESC LIMIT ?", [limit]))


def healthy(status: dict[str, Any]) -> bool:
    """What a supervisor should act on: the heartbeat is fresh and the database takes writes."""
    storage = status.get("storage") or {}
    return bool(status["daemon"].get("state") == "running" and not storage.get("open")
                and not storage.get("daemon"))


def render_status(status: dict[str, Any]) -> str:
    """The status as text for a terminal."""
    d = status["daemon"]
    lines = []
    if d["state"] == "never":
        lines.append("daemon:   never started on this database")
    else:
        lines.append(
            f"daemon:   {d['state']} (pid {d.get('pid')} on {d.get('host')}, started "
            f"{_short(d.get('started_at'))}, last heartbeat {_short(d.get('heartbeat_at'))}, "
            f"{_ago(d.get('heartbeat_age_s'))})")
        lines.append(
            f"ticks:    {d.get('ticks') or 0} ({d.get('ticks_failed') or 0} not ok); last "
            f"{d.get('last_tick_outcome') or '-'} at {_short(d.get('last_tick_started_at'))} "
            f"in {d.get('last_tick_seconds') or 0:.1f}s")
    s = status["sources"]
    partial = s.get("partial", [])
    lines.append(
        f"sources:  {s['enabled']} enabled, {s['due']} due now, {len(s['failing'])} failing, "
        f"{len(partial)} partial, next due {_short(s.get('next_due_at'))}")
    for group in s.get("schedule", []):
        names = group["sources"]
        shown = ", ".join(names[:_NAMES_SHOWN]) + (
            f" and {len(names) - _NAMES_SHOWN} more" if len(names) > _NAMES_SHOWN else "")
        lines.append(f"  {group['every']}: {shown}")
    for f in s["failing"]:
        lines.append(f"  failing {f['name']}: {f['failures']}x, retry {_short(f['next_due_at'])}"
                     f", last error: {printable(f['last_error'] or '-')}")
    for p in partial:
        lines.append(f"  partial {p['name']}: polled {_short(p['polled_at'])}, only part of the "
                     f"feed was read: {printable(p['detail'] or '-')}")
    for h in status["health"]:
        lines.append(f"  health  {h['source']}: {h['problem']} since {_short(h['since'])}: "
                     f"{h['detail']}")
    lines.extend(_storage_lines(status.get("storage") or {}))
    o = status["outbox"]
    if o is None:
        lines.append("outbox:   (no alerts tables yet)")
    else:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(o["by_status"].items())) or "empty"
        lines.append(f"outbox:   {o['backlog']} waiting ({o['due_now']} due now, oldest "
                     f"{_short(o['oldest_pending_at'])}); {parts}")
    lines.append("last runs:")
    for r in status["runs"] or [{"id": None}]:
        if r["id"] is None:
            lines.append("  (none)")
            continue
        lines.append(
            f"  #{r['id']} {_short(r['started_at'])} {r['status']}: {r['sources']} sources, "
            f"{r['articles_new']} new articles, {r['feeds_failed']} failed feeds, "
            f"{r['not_modified']} not modified" + (
                f", {r['entries_skipped']} entries skipped (over max_articles_per_feed)"
                if r.get("entries_skipped") else ""))
    return "\n".join(lines)


def _storage_lines(storage: dict[str, Any]) -> list[str]:
    """One line per open storage problem, else the last one that ended (if any)."""
    lines = [f"database: {p['kind'].upper()} since {_short(p['since'])} ({p['origin']}, last "
             f"seen {_short(p['last_seen_at'])}): {p['detail']}" for p in storage.get("open", [])]
    live = storage.get("daemon")
    if live:
        lines.append(f"database: {live['kind'].upper()} since {_short(live['since'])} (daemon, "
                     f"{live['failed_attempts']} failed attempts): {live['error']}")
    last = storage.get("last_resolved")
    if not lines and last:
        lines.append(f"database: ok; last problem {last['kind']} from {_short(last['since'])} "
                     f"to {_short(last['resolved_at'])} ({last['origin']}): {last['detail']}")
    return lines


def _ago(seconds: float | None) -> str:
    return "-" if seconds is None else f"{duration_words(seconds)} ago"


def _short(stamp: str | None) -> str:
    """A stored time as `YYYY-MM-DD HH:MM:SS UTC`: with its zone, never a bare clock time."""
    return shown_time(stamp)


def serve_status(db_path: Path, port: int,
                 live: Callable[[], dict[str, Any] | None] = lambda: None) -> ThreadingHTTPServer:
    """Serve the status JSON on 127.0.0.1:port in a daemon thread (200 healthy, 503 not).

    `live` gives the daemon's open storage episode (None: none), added as `storage.daemon`.
    """

    class Handler(BaseHTTPRequestHandler):
        """GET / or /status: the status document."""

        def do_GET(self) -> None:  # noqa: N802
            """Answer with a fresh status read from the database."""
            if self.path.split("?")[0] not in ("/", "/status", "/health"):
                self.send_error(404)
                return
            status = _read_status(db_path)
            status.setdefault("storage", {})["daemon"] = live()
            body = json.dumps(status, indent=2).encode("utf-8")
            self.send_response(200 if healthy(status) else 503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: a supervisor polling every few seconds is not news."""

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="health-http", daemon=True).start()
    return server


def _read_status(db_path: Path) -> dict[str, Any]:
    """The status document, or as much as can be said when the database cannot be read."""
    try:
        # A connection per request: SQLite connections belong to one thread.
        db = open_db(db_path, migrate=False)
        try:
            return collect_status(db)
        finally:
            db.close()
    except (StorageError, sqlite3.Error) as exc:
        return {"now": iso(utcnow()), "daemon": {"state": "unknown"},
                "storage": {"open": [], "read_error": str(exc)}}

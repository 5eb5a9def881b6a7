"""Alert rendering: the webhook JSON payload, e-mail subject, plain-text and HTML bodies.

Payload schema (stable; new keys may be added, none removed or retyped)::

    {
      "type": "incident.created" | "incident.updated" | "digest",
      "timestamp": "2025-03-01T07:00:00+00:00",      # when the message was built (UTC)
      "data": <incident data> | <digest data>
    }

    <incident data> = {
      "ref": "watchpost:incident:123",               # link-back id (`watchpost incidents show 123`)
      "link": "https://..." | null,                  # when a public base URL is configured
      "subscription": "ops-webhook",
      "headline": "Balochistan: IED kills 14 soldiers in Bolan and Kech — BLA claims",
      "incident_id": 123, "revision": 2, "kind": "created" | "updated",
      "title": str, "event_date": "YYYY-MM-DD" | null, "published": ISO 8601 | null,
      "places": [str, ...],                           # most specific first
      "primary_place": {"name", "district", "province", "country", "lat", "lon"} | null,
      "actors": [{"name", "unit", "responsibility"}, ...],
      "event_types": [str, ...], "targets": [str, ...],
      "killed": int | null, "injured": int | null, "militants_killed": int | null,
      "sources": [{"outlet", "url", "title", "published"}, ...],
      "watches": [{"name", "terms": [str, ...]}, ...],   # matched watches and terms
      "changes": [{"field", "old", "new"}, ...],          # for incident.updated
      "created_at": str | null, "updated_at": str | null, "extra": {...}
    }

    <digest data> = {
      "subscription": str, "period": {"start": ISO 8601, "end": ISO 8601},
      "count": int, "incidents": [<incident data>, ...]
    }

The HTTP body is `payload_bytes(payload)`: compact UTF-8 JSON, stored once in the outbox and
sent byte-for-byte on every retry, so a signature made at any attempt covers the same body.
"""

from __future__ import annotations

import email.policy
import html
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from alerts.model import Actor, IncidentAlert, WatchHit
from alerts.times import utc_text

_LABELS = {
    "ied": "IED",
    "vbied": "VBIED",
    "suicide_attack": "Suicide attack",
    "armed_assault": "Armed assault",
    "grenade_attack": "Grenade attack",
    "rocket_attack": "Rocket attack",
    "targeted_killing": "Targeted killing",
}
# Zl/Zp are U+2028/U+2029; Cc covers \r \n \v \f \x85 and NUL; Cf covers bidi overrides and
# zero-width characters that hide text; Cs (lone surrogates) cannot be encoded at all.
_BREAKING = {"Cc", "Cf", "Cs", "Zl", "Zp", "Zs"}
# The zero-width (non-)joiners are Cf but spell words in Persian, Urdu and Indic scripts.
_JOINERS = {"\u200c", "\u200d"}
# Text that still parses as an encoded word after this many decodings is hostile, not a title.
_MAX_DECODINGS = 4


def sanitize_header(text: str, limit: int = 200) -> str:
    """One clean line for a mail or HTTP header, from untrusted text.

    RFC 2047 encoded words are decoded first, the way the mail library would decode them when
    it writes the header: `=?utf-8?q?x=0D=0ABcc:...?=` must not turn into a real line break
    later (CVE-2024-6923). Then every line break, control and format character becomes one
    space, runs of spaces become one, and the line is cut to `limit` characters.
    """
    line = _one_line(text, limit)
    for _ in range(_MAX_DECODINGS):
        decoded = _as_mail_reads(line)
        if decoded == line:
            return line
        line = _one_line(decoded, limit)
    # Still decoding: break every "=?" so no encoded word is left for the mail library.
    return line.replace("=?", "= ?")


def _one_line(text: str, limit: int) -> str:
    cleaned = "".join(
        " " if unicodedata.category(ch) in _BREAKING and ch not in _JOINERS else ch
        for ch in text
    )
    line = " ".join(cleaned.split())
    if len(line) > limit:
        line = line[: max(limit - 1, 0)].rstrip() + "…"
    return line


def _as_mail_reads(text: str) -> str:
    """The header value the mail library sees in `text` (its encoded words decoded)."""
    return str(email.policy.SMTP.header_factory("subject", text))


def event_label(event_type: str) -> str:
    """'suicide_attack' -> 'Suicide attack', 'ied' -> 'IED'; other spellings kept."""
    known = _LABELS.get(event_type.casefold().replace("-", "_").replace(" ", "_"))
    if known:
        return known
    words = event_type.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words.islower() else words


def _join(items: Sequence[str], most: int = 3) -> str:
    shown = list(items[:most])
    if len(items) > most:
        shown.append(f"{len(items) - most} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


# Most telling first: "IED kills 14 soldiers" says more than "Coordinated attacks kill 14".
_KIND_ORDER = ("suicide attack", "ied", "remote explosive", "grenade", "rocket",
               "attack on military camp", "attack on convoy", "attack on checkpoint", "ambush",
               "targeted killing", "kidnapping", "armed assault", "coordinated attacks", "bombing")
_TARGET_NOUNS = {"military": ("soldier", "soldiers"), "police": ("policeman", "police"),
                 "civilians": ("civilian", "civilians"), "security forces": (
                     "security official", "security personnel")}
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z-]{1,12})\)$")


def _main_kind(event_types: Sequence[str]) -> str | None:
    ranked = sorted(event_types, key=lambda t: _rank(t.casefold().replace("_", " ")))
    return event_label(ranked[0]) if ranked else None


def _rank(kind: str) -> int:
    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)


def _noun(target: str, count: int) -> str:
    singular, plural = _TARGET_NOUNS.get(target.casefold(), ("", ""))
    if singular:
        return singular if count == 1 else plural
    if target in ("infrastructure", ""):
        return "person" if count == 1 else "people"
    # "1 soldiers" reads badly; a crude singular is enough for a subject line.
    if count == 1 and target.endswith("s") and not target.endswith("ss"):
        return target[:-1]
    return target


def _short(actor_name: str) -> str:
    """'Baloch Liberation Army (BLA)' -> 'BLA' for the subject line."""
    found = _ACRONYM.search(actor_name)
    return found.group(1) if found else actor_name


def headline(alert: IncidentAlert) -> str:
    """Facts first: '<province>: <event> kills N <target> in <places> — <actor> claims'."""
    place = alert.primary_place
    region = (place.province or place.country) if place else None
    kind = _main_kind(alert.event_types)
    target = alert.targets[0] if alert.targets else ""
    if kind is None and not alert.killed:
        # Too few facts: the report's own title says more.
        return ("Update: " + alert.title) if alert.kind == "updated" else alert.title
    kind = kind or "Attack"
    plural = kind.endswith("s") and not kind.endswith("ss")
    if alert.killed:
        verb = "kill" if plural else "kills"
        core = f"{kind} {verb} {alert.killed} {_noun(target, alert.killed)}".rstrip()
    elif alert.injured:
        verb = "injure" if plural else "injures"
        core = f"{kind} {verb} {alert.injured} {_noun(target, alert.injured)}".rstrip()
    else:
        core = f"{kind} on {target}" if target else kind
    # The region already leads the line; repeating province or country in "in ..." is noise.
    skip = {v.casefold() for v in (region, place.country if place else None) if v}
    # Districts read best ("in Bolan and Kech"); else the places, each name once.
    names = list(alert.extra.get("districts") or alert.places)
    where = [p for p in dict.fromkeys(names) if p.casefold() not in skip]
    if where:
        core += f" in {_join(where)}"
    for actor in alert.actors:
        duty = (actor.responsibility or "").casefold()
        if duty.startswith("claim"):
            core += f" — {_short(actor.name)} claims"
            break
        if duty in ("suspected", "blamed", "attributed"):
            core += f" — {_short(actor.name)} suspected"
            break
    text = f"{region}: {core}" if region and not core.startswith(region) else core
    return ("Update: " + text) if alert.kind == "updated" else text


def subject(payload: Mapping[str, Any], limit: int = 200) -> str:
    """The e-mail subject for a payload, sanitised to one line."""
    data = payload["data"]
    if payload["type"] == "digest":
        text = f"watchpost digest ({data['subscription']}): {data['count']} incident(s)"
    else:
        text = data.get("headline") or data.get("title") or f"Incident {data['incident_id']}"
    return sanitize_header(text, limit)


def incident_data(
    alert: IncidentAlert, subscription: str, link: str | None = None
) -> dict[str, Any]:
    """The `data` of an incident message (also each item of a digest)."""
    return {
        "ref": f"watchpost:incident:{alert.incident_id}",
        "link": link,
        "subscription": subscription,
        "headline": headline(alert),
        **alert.to_dict(),
    }


def incident_payload(
    alert: IncidentAlert, subscription: str, now: datetime, link: str | None = None
) -> dict[str, Any]:
    """A full `incident.created` / `incident.updated` message."""
    return {
        "type": f"incident.{alert.kind}",
        "timestamp": utc_text(now),
        "data": incident_data(alert, subscription, link),
    }


def digest_payload(
    items: Sequence[Mapping[str, Any]],
    subscription: str,
    start: datetime | None,
    end: datetime,
    now: datetime,
) -> dict[str, Any]:
    """One `digest` message gathering several incidents' data."""
    return {
        "type": "digest",
        "timestamp": utc_text(now),
        "data": {
            "subscription": subscription,
            "period": {"start": utc_text(start) if start else None, "end": utc_text(end)},
            "count": len(items),
            "incidents": list(items),
        },
    }


def payload_bytes(payload: Mapping[str, Any]) -> bytes:
    """The exact HTTP body: compact UTF-8 JSON."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _facts(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The labelled facts of an incident, in reading order; unknown ones left out."""
    alert = IncidentAlert.from_dict(data)
    rows = [("Title", alert.title), ("Event date", alert.event_date or "unknown")]
    if alert.places:
        rows.append(("Where", ", ".join(alert.places)))
    if alert.primary_place and alert.primary_place.lat is not None:
        rows.append(("Coordinates", f"{alert.primary_place.lat}, {alert.primary_place.lon}"))
    if alert.actors:
        rows.append(("Actors", "; ".join(_actor_text(a) for a in alert.actors)))
    if alert.event_types:
        rows.append(("Event type", ", ".join(event_label(e) for e in alert.event_types)))
    if alert.targets:
        rows.append(("Targets", ", ".join(alert.targets)))
    counts = (("Killed", alert.killed), ("Injured", alert.injured),
              ("Militants killed", alert.militants_killed))
    rows += [(label, str(value)) for label, value in counts if value is not None]
    if alert.changes:
        rows.append(("Changes", "; ".join(f"{c.field}: {c.old} → {c.new}" for c in alert.changes)))
    if alert.watches:
        rows.append(("Matched", "; ".join(_watch_text(w) for w in alert.watches)))
    rows.append(("Reference", f"{data.get('ref')} revision {alert.revision}"))
    return rows


def _actor_text(actor: Actor) -> str:
    """'Baloch Liberation Army (BLA) (STOS) (claimed)': the unit and responsibility when known."""
    return actor.name + "".join(f" ({x})" for x in (actor.unit, actor.responsibility) if x)


def _watch_text(watch: WatchHit) -> str:
    """'balochistan-attacks (attack, IED)': the watch and the terms that matched."""
    return watch.name + (f" ({', '.join(watch.terms)})" if watch.terms else "")


def _incident_text(data: Mapping[str, Any]) -> str:
    lines = [data.get("headline") or data.get("title", ""), ""]
    lines += [f"{label}: {value}" for label, value in _facts(data)]
    if data.get("link"):
        lines.append(f"Link: {data['link']}")
    lines.append("Sources:")
    for src in data.get("sources", []):
        lines.append(f"  - {src.get('outlet', '')}: {src.get('title', '')}".rstrip(": "))
        lines.append(f"    {src.get('url', '')}")
    return "\n".join(lines)


def _health_text(data: Mapping[str, Any]) -> str:
    """A source health notice for operators."""
    return "\n".join([data["headline"], "", f"Source: {data['source']}",
                      f"Problem: {data['problem']} ({data['state']})",
                      f"Since: {data.get('since') or '-'}", f"Detail: {data.get('detail') or '-'}"])


def text_body(payload: Mapping[str, Any]) -> str:
    """Plain-text body listing the facts and every source link."""
    data = payload["data"]
    if payload["type"] == "source.health":
        return _health_text(data) + "\n"
    if payload["type"] != "digest":
        return _incident_text(data) + "\n"
    head = f"{data['count']} incident(s) for {data['subscription']}, up to {data['period']['end']}"
    return "\n\n".join([head] + [_incident_text(d) for d in data["incidents"]]) + "\n"


def _href(url: str) -> str | None:
    # Feeds are untrusted: a javascript: or data: URL must never become a clickable link.
    return url if urlsplit(url).scheme.lower() in ("http", "https") else None


def _incident_html(data: Mapping[str, Any]) -> str:
    esc = html.escape
    out = [f"<h2>{esc(data.get('headline') or data.get('title', ''))}</h2>", "<table>"]
    out += [f'<tr><th align="left">{esc(k)}</th><td>{esc(v)}</td></tr>' for k, v in _facts(data)]
    out.append("</table>")
    if data.get("link") and _href(data["link"]):
        out.append(f'<p><a href="{esc(data["link"])}">Open incident</a></p>')
    out.append("<p>Sources:</p><ul>")
    for src in data.get("sources", []):
        url, label = src.get("url", ""), f"{src.get('outlet', '')}: {src.get('title', '')}"
        link = _href(url)
        anchor = f'<a href="{esc(link)}">{esc(url)}</a>' if link else esc(url)
        out.append(f"<li>{esc(label)}<br>{anchor}</li>")
    out.append("</ul>")
    return "\n".join(out)


def html_body(payload: Mapping[str, Any]) -> str:
    """HTML body; every value from a feed is escaped."""
    data = payload["data"]
    if payload["type"] == "source.health":
        lines = html.escape(_health_text(data)).replace("\n", "<br>\n")
        parts = [f"<p>{lines}</p>"]
    elif payload["type"] != "digest":
        parts = [_incident_html(data)]
    else:
        head = f"{data['count']} incident(s) for {data['subscription']}"
        parts = [f"<h1>{html.escape(head)}</h1>"] + [_incident_html(d) for d in data["incidents"]]
    return "<!DOCTYPE html>\n<html><body>\n" + "\n<hr>\n".join(parts) + "\n</body></html>\n"

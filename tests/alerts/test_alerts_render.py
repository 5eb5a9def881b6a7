"""Rendering: facts-first subjects, header sanitising, escaped HTML, a stable payload."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from alerts import render
from alerts.model import IncidentAlert
from tests.support.alertkit import make_alert

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_headline_from_facts() -> None:
    assert render.headline(make_alert()) == (
        "Balochistan: IED kills 14 soldiers in Bolan and Kech — BLA claims"
    )


def test_headline_variants() -> None:
    one = make_alert(killed=1, event_types=["suicide_attack"], actors=[])
    assert render.headline(one) == "Balochistan: Suicide attack kills 1 soldier in Bolan and Kech"
    injured = make_alert(
        killed=None,
        injured=5,
        places=["Turbat", "Kech", "Gwadar", "Panjgur"],
        actors=[{"name": "BLF", "responsibility": "suspected"}],
    )
    assert render.headline(injured) == (
        "Balochistan: IED injures 5 soldiers in Turbat, Kech, Gwadar and 1 more — BLF suspected"
    )
    update = make_alert(revision=2, changes=[{"field": "killed", "old": 10, "new": 14}])
    assert render.headline(update).startswith("Update: Balochistan: IED kills 14")


def test_headline_falls_back_to_title_without_facts() -> None:
    bare = make_alert(event_types=[], killed=None, actors=[], primary_place=None)
    assert render.headline(bare) == bare.title


@pytest.mark.parametrize(
    "hostile",
    [
        "Blast\r\nBcc: victim@example.org",
        "Line\u2028separator\u2029para",
        "Next\x85line\x0bvertical\x0cfeed\x00nul",
        "bidi\u202eoverride zero\u200bwidth",
    ],
)
def test_sanitize_header_leaves_one_clean_line(hostile: str) -> None:
    clean = render.sanitize_header(hostile)
    assert clean == " ".join(clean.split())
    assert not any(ch in clean for ch in "\r\n\u2028\u2029\x85\x0b\x0c\x00\u202e\u200b")
    assert clean.splitlines() == [clean]


def test_sanitize_header_truncates_with_ellipsis() -> None:
    clean = render.sanitize_header("x" * 2000, limit=200)
    assert len(clean) == 200 and clean.endswith("…")
    assert render.sanitize_header("  short  ") == "short"


def test_payload_schema_and_round_trip() -> None:
    alert = make_alert()
    payload = render.incident_payload(alert, "ops", NOW, link="https://wp.example/i/1")
    assert payload["type"] == "incident.created"
    assert payload["timestamp"] == "2025-03-01T12:00:00.000000+00:00"
    data = payload["data"]
    assert data["ref"] == "watchpost:incident:1"
    assert data["subscription"] == "ops"
    assert data["sources"][0]["url"] == "https://www.dawn.com/news/1"
    assert data["watches"] == [{"name": "balochistan-attacks", "terms": ["IED", "Bolan"]}]
    assert data["primary_place"]["province"] == "Balochistan"
    decoded = json.loads(render.payload_bytes(payload))
    assert decoded == payload
    assert IncidentAlert.from_dict(decoded["data"]) == alert


def test_bodies_list_facts_and_sources_and_escape_html() -> None:
    alert = make_alert(
        title="<script>alert(1)</script> & more",
        sources=[
            {"outlet": "Evil <b>", "url": "javascript:alert(1)", "title": "x"},
            {"outlet": "Dawn", "url": "https://www.dawn.com/a?b=1&c=<2>", "title": "y"},
        ],
    )
    payload = render.incident_payload(alert, "ops", NOW)
    text = render.text_body(payload)
    assert "Killed: 14" in text and "https://www.dawn.com/a?b=1&c=<2>" in text
    assert "javascript:alert(1)" in text  # shown as text in plain mail, harmless
    page = render.html_body(payload)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Evil &lt;b&gt;" in page
    assert 'href="javascript:' not in page
    assert 'href="https://www.dawn.com/a?b=1&amp;c=&lt;2&gt;"' in page


def test_digest_payload_and_bodies() -> None:
    items = [render.incident_data(make_alert(i), "daily") for i in (1, 2)]
    payload = render.digest_payload(items, "daily", None, NOW, NOW)
    assert payload["type"] == "digest"
    assert payload["data"]["count"] == 2
    assert render.subject(payload) == "watchpost digest (daily): 2 incident(s)"
    assert render.text_body(payload).count("https://www.dawn.com/news/1") == 2
    assert render.html_body(payload).count("<h2>") == 2

"""The demo news site (crawler/demo/) and the tests' site built on it (tests/support/newssite.py).

Real HTTP on 127.0.0.1."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import requests
import trafilatura
from trafilatura.settings import use_config

from crawler.demo.manifest import ManifestError, load_manifest
from crawler.demo.render import AD_TEXT, COMMENTS, COOKIE_TEXT
from crawler.demo.site import DEMO_DIR, DemoSite
from tests.support.newssite import NewsSite
from tests.support.paths import ROOT

TEST_MANIFEST = ROOT / "tests" / "site" / "site.yaml"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
FEEDPARSER_VERSIONS = {"rss2": "rss20", "rss1": "rss10", "atom": "atom10"}
# One sentence per seed report that extraction must keep.
KEY_SENTENCES = {
    "seed-000-quetta-ied": "Liberation Army (BLA) has claimed responsibility for a deadly",
    "seed-001-bla-claims-14": "the BLA’s elite Special Tactical Operations Squad (STOS)",
    "seed-002-coordinated-attacks": "neutralizing 37 militants",
    "seed-003-kalat": "attacked the main camp of Pakistan military in Shah Mardan area of Kalat",
    "seed-004-bolan-kech": "Bomb Disposal Squad in the Kulag Tigran area of Kech",
}
BOILERPLATE = [text for _, text in COMMENTS] + [
    COOKIE_TEXT[:40], AD_TEXT[:30], "Related stories", "Post comment", "Share on Facebook",
    "Manage preferences", "E-paper", "All rights reserved",
]


def _extract(body: bytes) -> str:
    """Extract as the crawler does: explicit size floors, readers' comments excluded."""
    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "200")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "50")
    return trafilatura.extract(body, favor_precision=False, include_comments=False,
                               config=config) or ""


def _parse_xml(response: requests.Response, url: str) -> feedparser.FeedParserDict:
    """Parse feed bytes with the response's headers, as the crawler does."""
    headers = {"content-type": response.headers["Content-Type"], "content-location": url}
    return feedparser.parse(io.BytesIO(response.content), response_headers=headers)


def _strip(url: str) -> str:
    """A URL without query and fragment."""
    return urlsplit(url)._replace(query="", fragment="").geturl()


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSite]:
    """The bundled demo site, shared by read-only tests."""
    with DemoSite() as site:
        yield site


@pytest.fixture
def site() -> Iterator[NewsSite]:
    """A fresh test-fixture site per test (behaviours are mutated)."""
    with NewsSite(TEST_MANIFEST) as running:
        yield running


# -- content -----------------------------------------------------------------------------------


def test_demo_manifest_has_outlets_seeds_negatives_and_every_format() -> None:
    manifest = load_manifest(DEMO_DIR / "site.yaml")
    assert len(manifest.outlets) >= 3
    reports = sorted(p.name for p in (DEMO_DIR / "reports").glob("*.txt"))
    assert len(reports) == 5
    seeds = [a for a in manifest.articles.values() if a.id.startswith("seed-")]
    assert len(seeds) == 5
    assert {a.outlet for a in seeds} == set(manifest.outlets)
    others = [a for a in manifest.articles.values() if not a.id.startswith("seed-")]
    assert len(others) >= 18
    for article in others:
        words = len(" ".join(article.paragraphs).split())
        assert 150 <= words <= 500, (article.id, words)
    assert {f.format for f in manifest.feeds.values()} == {"rss2", "rss1", "atom", "jsonfeed"}
    assert 4 <= len(manifest.feeds) <= 6
    assert all(any(f.outlet == o for f in manifest.feeds.values()) for o in manifest.outlets)
    for article in manifest.articles.values():
        assert article.published.tzinfo is not None
        assert not article.paragraphs[0].lstrip().startswith("date ")


def test_demo_reports_are_exact_copies_of_the_shared_seeds() -> None:
    # CI and every developer machine have ../shared beside the repository.
    assert SHARED_SEEDS.is_dir(), f"{SHARED_SEEDS} is missing"
    for original in [*SHARED_SEEDS.glob("*.txt"), SHARED_SEEDS / "expected.yaml"]:
        assert (DEMO_DIR / "reports" / original.name).read_bytes() == original.read_bytes()


def test_seed_publication_dates_agree_with_expected() -> None:
    manifest = load_manifest(DEMO_DIR / "site.yaml")
    dates = {a.id: a.published.date().isoformat() for a in manifest.articles.values()}
    assert dates["seed-000-quetta-ied"] == "2025-07-20"
    assert dates["seed-001-bla-claims-14"] == "2025-05-08"
    assert dates["seed-003-kalat"] == "2024-11-16"
    assert dates["seed-004-bolan-kech"] == "2025-05-08"
    assert manifest.articles["seed-002-coordinated-attacks"].published.strftime("%A") == "Sunday"


def test_manifest_rejects_unknown_keys(tmp_path: Path) -> None:
    bad = tmp_path / "site.yaml"
    bad.write_text("outlets: []\narticles: []\nfeeds: []\nfeeed: []\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="feeed"):
        load_manifest(bad)


# -- feeds -------------------------------------------------------------------------------------


def test_every_demo_feed_parses_with_absolute_links(demo: DemoSite) -> None:
    for info in demo.feeds():
        feed = demo.manifest.feeds[info.name]
        response = requests.get(info.url, timeout=5)
        assert response.status_code == 200
        expected_titles = [demo.manifest.articles[e.article].title for e in feed.entries]
        if info.format == "jsonfeed":
            assert response.headers["Content-Type"].startswith("application/feed+json")
            doc = json.loads(response.content)
            assert doc["version"] == "https://jsonfeed.org/version/1.1"
            items = doc["items"]
            assert [i["title"] for i in items] == expected_titles
            for item in items:
                assert item["url"].startswith(demo.url + "/")
                assert item["id"] and item["summary"] and item["date_published"]
                assert item["authors"][0]["name"]
            continue
        parsed = _parse_xml(response, info.url)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == FEEDPARSER_VERSIONS[info.format]
        assert [e.title for e in parsed.entries] == expected_titles
        for entry in parsed.entries:
            assert entry.link.startswith(demo.url + "/")
            assert entry.get("id") and entry.get("summary") and entry.get("author")
            assert entry.get("published_parsed") or entry.get("updated_parsed")


def test_same_story_in_two_feeds_once_with_tracking_parameters(demo: DemoSite) -> None:
    urls = {f.name: f.url for f in demo.feeds()}
    latest = _parse_xml(requests.get(urls["courier-latest"], timeout=5), urls["courier-latest"])
    rdf = _parse_xml(requests.get(urls["courier-balochistan"], timeout=5),
                     urls["courier-balochistan"])
    title = demo.manifest.articles["seed-000-quetta-ied"].title
    plain = next(e.link for e in latest.entries if e.title == title)
    tracked = next(e.link for e in rdf.entries if e.title == title)
    assert "?" not in plain and tracked.endswith("?utm_source=rss&utm_medium=feed#top")
    assert _strip(tracked) == plain == demo.article_url("seed-000-quetta-ied")
    assert requests.get(tracked, timeout=5).status_code == 200


def test_feed_conditional_get_answers_304(site: NewsSite) -> None:
    url = site.url + "/courier/rss.xml"
    first = requests.get(url, timeout=5)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert modified == "Tue, 05 Aug 2025 05:20:00 GMT"  # the newest item, 10:20 +05:00
    assert requests.get(url, headers={"If-None-Match": etag}, timeout=5).status_code == 304
    assert requests.get(url, headers={"If-Modified-Since": modified}, timeout=5).status_code == 304
    older = "Mon, 04 Aug 2025 00:00:00 GMT"
    assert requests.get(url, headers={"If-Modified-Since": older}, timeout=5).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110): a stale tag means a full answer.
    both = {"If-None-Match": '"stale"', "If-Modified-Since": modified}
    assert requests.get(url, headers=both, timeout=5).status_code == 200
    site.ignore_conditional("/courier/rss.xml")
    again = requests.get(url, headers={"If-None-Match": etag}, timeout=5)
    assert again.status_code == 200 and again.content == first.content


def test_articles_send_last_modified_and_html(site: NewsSite) -> None:
    response = requests.get(site.article_url("kalat"), timeout=5)
    assert response.status_code == 200
    assert response.headers["Last-Modified"] == "Sat, 16 Nov 2024 09:25:00 GMT"
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    html = response.text
    for marker in ('<html lang="en">', '<meta charset="utf-8">', 'property="og:title"',
                   'property="article:published_time" content="2024-11-16T14:25:00+05:00"',
                   'name="author" content="Frontier Wire Agency Desk"', "<article",
                   '<time datetime="2024-11-16T14:25:00+05:00"', 'id="cookie-consent"',
                   'class="related-stories"', 'class="comment-list"', "<footer"):
        assert marker in html, marker


def test_robots_txt_and_unknown_path(site: NewsSite) -> None:
    robots = requests.get(site.url + "/robots.txt", timeout=5)
    assert robots.status_code == 200
    assert robots.text == "User-agent: *\nDisallow: /private/\n"
    missing = requests.get(site.url + "/no/such/page.html", timeout=5)
    assert missing.status_code == 404 and "text/html" in missing.headers["Content-Type"]


def test_head_has_headers_but_no_body(site: NewsSite) -> None:
    response = requests.head(site.url + "/wire/feed.json", timeout=5)
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["Content-Length"]) > 100 and response.headers["ETag"]


# -- behaviours --------------------------------------------------------------------------------


def test_fail_a_few_times_then_recover(site: NewsSite) -> None:
    url = site.url + "/wire/atom.xml"
    site.fail("/wire/atom.xml", status=503, times=2, headers={"Retry-After": "120"})
    first, second = requests.get(url, timeout=5), requests.get(url, timeout=5)
    assert (first.status_code, second.status_code) == (503, 503)
    assert first.headers["Retry-After"] == "120"
    assert requests.get(url, timeout=5).status_code == 200


def test_fail_for_ever_until_cleared_and_prefix_rules(site: NewsSite) -> None:
    site.fail("/wire/*", status=429, headers={"Retry-After": "30"})
    for _ in range(3):
        assert requests.get(site.article_url("kalat"), timeout=5).status_code == 429
    assert requests.get(site.url + "/courier/rss.xml", timeout=5).status_code == 200
    site.clear("/wire/*")
    assert requests.get(site.article_url("kalat"), timeout=5).status_code == 200


def test_hang_does_not_block_other_requests_and_stops_promptly() -> None:
    site = NewsSite(TEST_MANIFEST)
    site.start()
    site.hang("/courier/rss.xml", 60)
    outcome: list[object] = []

    def slow() -> None:
        try:
            outcome.append(requests.get(site.url + "/courier/rss.xml", timeout=30).status_code)
        except requests.RequestException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=slow, daemon=True)
    thread.start()
    # A client with a short timeout gives up on the hanging path; the server still holds it.
    with pytest.raises(requests.Timeout):
        requests.get(site.url + "/courier/rss.xml", timeout=0.3)
    started = time.monotonic()
    assert requests.get(site.url + "/wire/atom.xml", timeout=5).status_code == 200
    assert time.monotonic() - started < 2
    started = time.monotonic()
    site.stop()
    thread.join(timeout=5)
    assert not thread.is_alive() and time.monotonic() - started < 5
    assert outcome and isinstance(outcome[0], requests.RequestException)


def test_redirects_from_manifest_and_runtime(site: NewsSite) -> None:
    hop = requests.get(site.url + "/wire/go/1001", allow_redirects=False, timeout=5)
    assert hop.status_code == 301
    assert hop.headers["Location"] == site.article_url("twin-attacks")
    site.redirect("/old/kalat", "/wire/2024/11/16/kalat-camp-attack.html")
    followed = requests.get(site.url + "/old/kalat", timeout=5)
    assert followed.status_code == 200 and followed.url == site.article_url("kalat")
    assert [r.status for r in site.requests[-2:]] == [302, 200]


def test_serve_raw_bytes_anywhere(site: NewsSite) -> None:
    body = b"\xef\xbb\xbf<?xml version='1.0'?><rss><channel><title>x</title></rss>\x00"
    site.serve_raw("/feeds/odd.xml", body, "application/xml")
    response = requests.get(site.url + "/feeds/odd.xml", timeout=5)
    assert response.content == body and response.headers["Content-Type"] == "application/xml"


def test_publish_changes_feed_etag_and_last_modified(site: NewsSite) -> None:
    url = site.url + "/courier/rss.xml"
    before = requests.get(url, timeout=5)
    path = site.publish("courier-rss", {
        "title": "Levies post attacked in Washuk",
        "paragraphs": ["Gunmen attacked a Levies post in Washuk district of Balochistan on "
                       "Monday night, killing one personnel, officials said. " * 3],
    })
    after = requests.get(url, headers={"If-None-Match": before.headers["ETag"]}, timeout=5)
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.headers["Last-Modified"] != before.headers["Last-Modified"]
    parsed = _parse_xml(after, url)
    assert parsed.entries[0].title == "Levies post attacked in Washuk"
    assert parsed.entries[0].link == site.url + path
    assert len(parsed.entries) == len(_parse_xml(before, url).entries) + 1
    page = requests.get(site.url + path, timeout=5)
    assert page.status_code == 200 and "Levies post in Washuk" in _extract(page.content)


def test_publish_a_seed_report_and_reset(site: NewsSite) -> None:
    path = site.publish("wire-json", {"id": "herof", "title": "Coordinated attacks",
                                      "report": "002_9dd2a45c3307a1bf.txt",
                                      "published": "2026-02-01T09:15:00+05:00"})
    doc = requests.get(site.url + "/wire/feed.json", timeout=5).json()
    assert doc["items"][0]["url"] == site.url + path
    assert path.startswith("/wire/2026/02/01/")
    site.reset()
    assert requests.get(site.url + path, timeout=5).status_code == 404
    assert len(requests.get(site.url + "/wire/feed.json", timeout=5).json()["items"]) == 2
    assert site.count("/") == 2  # reset cleared the log: only the two requests after it


def test_request_log_records_validators_and_counts(site: NewsSite) -> None:
    headers = {"User-Agent": "watchpost-test/1.0", "If-None-Match": '"abc"',
               "If-Modified-Since": "Sat, 01 Mar 2025 00:00:00 GMT"}
    requests.get(site.url + "/wire/feed.json?x=1", headers=headers, timeout=5)
    requests.get(site.url + "/wire/atom.xml", timeout=5)
    requests.get(site.url + "/missing", timeout=5)
    record = site.requests[0]
    assert (record.method, record.path, record.status) == ("GET", "/wire/feed.json?x=1", 200)
    assert record.headers["If-None-Match"] == '"abc"'
    assert record.headers["User-Agent"] == "watchpost-test/1.0"
    assert record.headers["If-Modified-Since"] == headers["If-Modified-Since"]
    assert site.count("/wire/") == 2 and site.count("/missing") == 1
    assert [r.status for r in site.requests] == [200, 200, 404]
    assert site.wait_for("/wire/", count=2, timeout=1)
    assert not site.wait_for("/never", timeout=0.05)
    site.clear_log()
    assert site.requests == [] and site.count() == 0


# -- the fixture site's tricky paths -----------------------------------------------------------


def test_fixture_site_tricky_entries(site: NewsSite) -> None:
    feeds = {f.name: f for f in site.feeds()}
    assert {"broken", "html-feed", "entities"} <= {n for n, f in feeds.items() if f.raw}
    rss = _parse_xml(requests.get(feeds["courier-rss"].url, timeout=5), feeds["courier-rss"].url)
    by_title = {e.title: e for e in rss.entries}
    missing = by_title["Gunmen kill four labourers in Kech"]
    assert "Balochistan Liberation Front" in missing.summary
    assert requests.get(missing.link, timeout=5).status_code == 404
    private = by_title["Embargoed draft, not for publication"]
    assert urlsplit(private.link).path.startswith("/private/")
    atom_raw = requests.get(feeds["wire-atom"].url, timeout=5)
    assert b'href="2025/05/08/separatists-claim-two-attacks.html"' in atom_raw.content
    atom = _parse_xml(atom_raw, feeds["wire-atom"].url)
    assert atom.entries[1].link == site.article_url("bolan-kech")
    assert requests.get(atom.entries[1].link, timeout=5).status_code == 200
    assert atom.entries[0].link == site.url + "/wire/go/1001"
    breaking = requests.get(site.article_url("breaking"), timeout=5).content
    text = _extract(breaking)
    assert "killing two soldiers" in text and "search operation" in text
    assert 350 <= len(text) <= 450


def test_fixture_site_broken_feeds(site: NewsSite) -> None:
    feeds = {f.name: f for f in site.feeds()}
    broken = requests.get(feeds["broken"].url, timeout=5)
    assert _parse_xml(broken, feeds["broken"].url).bozo
    html = requests.get(feeds["html-feed"].url, timeout=5)
    assert html.headers["Content-Type"].startswith("text/html")
    assert not _parse_xml(html, feeds["html-feed"].url).entries
    entities = requests.get(feeds["entities"].url, timeout=5).content
    assert b"<!DOCTYPE rss [" in entities and b"<!ENTITY" in entities


# -- extraction from rendered pages ------------------------------------------------------------


@pytest.mark.parametrize("article_id", sorted(KEY_SENTENCES))
def test_trafilatura_extracts_seed_pages_without_boilerplate(demo: DemoSite,
                                                             article_id: str) -> None:
    body = requests.get(demo.article_url(article_id), timeout=5).content
    text = _extract(body)
    assert "Baloch Liberation Army" in text
    assert KEY_SENTENCES[article_id] in text
    article = demo.manifest.articles[article_id]
    assert article.paragraphs[-1][:60] in text
    for noise in BOILERPLATE:
        assert noise not in text, noise


def test_windows_1252_page_decodes_from_bytes(demo: DemoSite) -> None:
    response = requests.get(demo.article_url("courier-budget"), timeout=5)
    # The charset is named only in <meta>, so a client must decode from the bytes.
    assert response.headers["Content-Type"] == "text/html"
    assert b'<meta charset="windows-1252">' in response.content
    assert "Rs 5 lakh—per student".encode("cp1252") in response.content
    text = _extract(response.content)
    assert "Rs 5 lakh—per student, per degree—for" in text
    assert "“No child in Awaran or Washuk" in text
    seed = _extract(requests.get(demo.article_url("seed-001-bla-claims-14"), timeout=5).content)
    assert "“Operation Sindoor”" in seed


# -- control API in another process ------------------------------------------------------------


def _control(base: str, action: str, payload: dict[str, object] | None = None) -> object:
    """POST one control action and return its JSON answer."""
    response = requests.post(f"{base}/_control/{action}", json=payload or {}, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def test_control_api_drives_a_site_in_a_subprocess() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.newssite", "--control", "--manifest", str(TEST_MANIFEST)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:"), proc.stderr.read() if proc.stderr else ""
        feeds = _control(base, "feeds")
        assert isinstance(feeds, list) and {f["format"] for f in feeds} >= {"rss2", "jsonfeed"}
        _control(base, "fail", {"path": "/courier/rss.xml", "status": 503, "times": 1,
                                "headers": {"Retry-After": "5"}})
        assert requests.get(base + "/courier/rss.xml", timeout=5).status_code == 503
        assert requests.get(base + "/courier/rss.xml", timeout=5).status_code == 200
        published = _control(base, "publish", {"feed": "courier-rss", "article": {
            "title": "Breaking: blast in Quetta", "body": "A blast was heard in Quetta. " * 20}})
        assert isinstance(published, dict)
        assert requests.get(base + published["path"], timeout=5).status_code == 200
        _control(base, "serve_raw", {"path": "/x.bin", "body_b64": "AAEC",
                                     "content_type": "application/octet-stream"})
        assert requests.get(base + "/x.bin", timeout=5).content == b"\x00\x01\x02"
        assert _control(base, "count", {"prefix": "/courier/"}) == {"count": 3}
        log = _control(base, "requests")
        assert isinstance(log, list) and [r["status"] for r in log[:2]] == [503, 200]
        bad = requests.post(base + "/_control/fail", json={}, timeout=5)
        assert bad.status_code == 400
        assert requests.post(base + "/_control/nope", json={}, timeout=5).status_code == 404
        _control(base, "reset")
        assert _control(base, "count", {"prefix": "/"}) == {"count": 0}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert proc.returncode == 0
    assert proc.stderr is not None and proc.stderr.read() == ""


def test_control_api_is_off_by_default(site: NewsSite) -> None:
    assert requests.post(site.url + "/_control/reset", json={}, timeout=5).status_code == 405
    assert requests.get(site.url + "/_control/requests", timeout=5).status_code == 404

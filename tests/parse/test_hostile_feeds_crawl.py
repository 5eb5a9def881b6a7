"""A careless and hostile feed site on 127.0.0.1, crawled once by the real `watchpost crawl`.

Links that are not web addresses, charsets that lie or are missing on short real-language
pages and feeds, impossible and future dates, a feed cut short, and control characters in
titles. Each test reads what the crawl stored in its database, and what it and the CLI printed.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.cli import run_cli

Body = bytes | Callable[[], bytes]


@dataclass(frozen=True)
class Route:
    """What one path answers: status, headers and body (a callable is rendered per request)."""

    body: Body
    content_type: str | None = "text/html"
    status: int = 200
    location: str | None = None


class HostileSite:
    """A real HTTP server on 127.0.0.1 (port 0) answering from a route table; 404 otherwise."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                route = site.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                body = route.body() if callable(route.body) else route.body
                self.send_response(route.status)
                if route.content_type is not None:
                    self.send_header("Content-Type", route.content_type)
                if route.location:
                    self.send_header("Location", route.location)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> HostileSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- short real-language pages ------------------------------------------------------------------
# (slug, source language, headline, paragraphs, bytes' encoding, Content-Type, <meta charset>).
# The legacy-encoded ones are short on purpose: detection on a line or two is where pages came
# out as "naďve", "Sch³sse" or "“еракт" (capitals of Cyrillic turned into other letters).
PageCase = tuple[str, str | None, str, tuple[str, ...], str, str, str | None]
PAGES: tuple[PageCase, ...] = (
    ("ru-1251-labelled-utf8", "ru", "Теракт", ("Теракт в Белуджистане. Трое погибших.",),
     "cp1251", "text/html; charset=utf-8", None),
    ("ru-1251-unlabelled", "ru", "Теракт", ("Теракт в Турбате. Трое погибших.",), "cp1251",
     "text/html", None),
    ("ru-1251-meta", "ru", "Теракт в Турбате", ("Трое погибших.",), "cp1251", "text/html",
     "windows-1251"),
    ("ru-1251-labelled", "ru", "Обстрел в Мастунге", ("Ранены два сотрудника Левис.",),
     "cp1251", "text/html; charset=windows-1251", None),
    ("ru-1251-capitals", "ru", "ВЗРЫВ НА РЫНКЕ В КВЕТТЕ",
     ("ЕЩЁ ПЯТЬ ЧЕЛОВЕК РАНЕНЫ.", "Об этом сообщили в полиции провинции."), "cp1251",
     "text/html", None),
    ("ru-utf8-labelled-1251", "ru", "Армия освобождения Белуджистана",
     ("Группировка взяла ответственность за нападение в Кеч.",), "utf-8",
     "text/html; charset=windows-1251", None),
    ("fr-1252-labelled-utf8", "fr", "Trêve", ("Une trêve naïve : le cessez-le-feu n'a pas tenu.",),
     "cp1252", "text/html; charset=utf-8", None),
    ("fr-1252-unlabelled", "fr", "Élection",
     ("Élection : où en est la coalition ? « Rien n'est décidé »",), "cp1252", "text/html",
     None),
    ("fr-1252-labelled-latin1", "fr", "Embuscade", ("Embuscade près de Turbat.",), "cp1252",
     "text/html; charset=ISO-8859-1", None),
    ("fr-utf8-labelled-latin1", "fr", "Embuscade près de Turbat",
     ("Deux soldats blessés ; l'armée a bouclé le secteur à l'aube.",), "utf-8",
     "text/html; charset=iso-8859-1", None),
    ("de-1252-labelled-utf8", "de", "Quetta",
     ("Schüsse auf Polizeiposten in Quetta – drei Tote.",), "cp1252",
     "text/html; charset=utf-8", None),
    ("de-1252-unlabelled", "de", "Schüsse", ("Schüsse in Quetta. Drei Tote.",), "cp1252",
     "text/html", None),
    ("de-utf8-meta-1252", "de", "Überfall in Kalat",
     ("Bewaffnete stürmten nachts eine Polizeiwache.",), "utf-8", "text/html",
     "windows-1252"),
    ("it-1252-unlabelled", "it", "Attacco", ("Tre poliziotti uccisi, più di cinque feriti.",),
     "cp1252", "text/html", None),
    ("ur-utf8-unlabelled", "ur", "کوئٹہ میں دھماکہ",
     ("تین پولیس اہلکار ہلاک ہو گئے۔", "زخمیوں کو سول اسپتال منتقل کر دیا گیا۔"), "utf-8",
     "text/html", None),
    ("ur-utf8-labelled-1256", "ur", "تربت میں فائرنگ",
     ("دو سپاہی زخمی ہوئے۔",), "utf-8", "text/html; charset=windows-1256", None),
    ("ur-utf8-labelled-latin1", "ur", "مستونگ میں حملہ",
     ("لیویز کے دو اہلکار زخمی ہو گئے۔",), "utf-8", "text/html; charset=iso-8859-1", None),
    # No language anywhere (no lang attribute, none in config, an IP address for a host).
    ("any-ru-1251-unlabelled", None, "Теракт", ("Теракт в Белуджистане. Трое погибших.",),
     "cp1251", "text/html", None),
    ("any-fr-1252-unlabelled", None, "Trêve", ("L'idée naïve d'une trêve.",), "cp1252",
     "text/html", None),
    ("any-de-1252-labelled-utf8", None, "Schüsse", ("Schüsse in Quetta.",), "cp1252",
     "text/html; charset=utf-8", None),
)

# (source, language, title, bytes' encoding, Content-Type, XML declaration's encoding)
FeedCase = tuple[str, str | None, str, str, str, str | None]
FEED_CHARSETS: tuple[FeedCase, ...] = (
    ("feed-ru-utf8-labelled-1251", "ru", "Взрыв в Кветте: трое погибших", "utf-8",
     "application/rss+xml; charset=windows-1251", None),
    ("feed-ru-utf8-declared-1251", "ru", "Нападение на конвой в Турбате", "utf-8",
     "application/rss+xml", "windows-1251"),
    ("feed-ru-1251-unlabelled", "ru", "ТЕРАКТ В БЕЛУДЖИСТАНЕ", "cp1251",
     "application/rss+xml", None),
    ("feed-ru-1251-labelled-utf8", "ru", "Обстрел в Мастунге", "cp1251",
     "text/xml; charset=utf-8", None),
    ("feed-fr-1252-labelled-utf8", "fr", "Naïve trêve à Quetta", "cp1252",
     "application/rss+xml; charset=utf-8", None),
    ("feed-ur-utf8-labelled-latin1", "ur", "کوئٹہ میں دھماکہ", "utf-8",
     "application/rss+xml; charset=iso-8859-1", None),
)

# Feed links that must never be stored, linked or sent.
BAD_LINKS = (
    "data:text/html;base64,PGgxPkJsYXN0IGluIFF1ZXR0YTwvaDE+",
    "file:///etc/passwd",
    "ftp://127.0.0.1/pub/report.txt",
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "VBScript:msgbox(1)",
)
CONTROL_TITLE = "Blast\x00 in Quetta \x1b[2J\x1b[31mkills three\x01"


def _page(headline: str, paragraphs: tuple[str, ...], meta: str | None) -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head>{head}<title>{headline}</title></head><body>"
            f"<article><h1>{headline}</h1>{body}</article></body></html>")


def _rss(items: list[tuple[str, str, str | None]], declared: str | None = None,
         title: str = "feed") -> str:
    """An RSS 2.0 feed of (title, link, pubDate) items; no summaries (a fallback shows the title)."""
    decl = f'<?xml version="1.0" encoding="{declared}"?>' if declared else '<?xml version="1.0"?>'
    parts = []
    for item_title, link, date in items:
        when = f"<pubDate>{date}</pubDate>" if date else ""
        parts.append(f"<item><title>{item_title}</title><link>{_xml(link)}</link>{when}</item>")
    return (f'{decl}<rss version="2.0"><channel><title>{title}</title><link>http://x/</link>'
            + "".join(parts) + "</channel></rss>")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _serve_pages(site: HostileSite) -> list[dict[str, Any]]:
    sources = []
    by_source: dict[str | None, list[PageCase]] = {}
    for case in PAGES:
        by_source.setdefault(case[1], []).append(case)
    for language, cases in by_source.items():
        items = []
        for slug, _, headline, paragraphs, encoding, content_type, meta in cases:
            path = f"/pages/{slug}.html"
            site.routes[path] = Route(_page(headline, paragraphs, meta).encode(encoding),
                                      content_type)
            items.append((f"page {slug}", site.url + path, None))
        name = f"pages-{language or 'any'}"
        site.routes[f"/{name}.xml"] = Route(_rss(items).encode(), "application/rss+xml")
        sources.append({"name": name, "url": f"{site.url}/{name}.xml", "language": language})
    for name, language, title, encoding, content_type, declared in FEED_CHARSETS:
        body = _rss([(title, f"{site.url}/gone/{name}", None)], declared).encode(encoding)
        site.routes[f"/{name}.xml"] = Route(body, content_type)
        sources.append({"name": name, "url": f"{site.url}/{name}.xml", "language": language})
    return sources


def _serve_links(site: HostileSite) -> list[dict[str, Any]]:
    good = site.url + "/links/good.html"
    site.routes["/links/good.html"] = Route(_page("Good link", ("A page that is fine.",), None)
                                            .encode())
    site.routes["/links/to-file"] = Route(b"", status=302, location="file:///etc/passwd")
    site.routes["/links/to-private"] = Route(
        b"", status=302, location=f"http://127.0.0.2:{site.port}/links/good.html")
    items = [(f"bad link {i}", link, None) for i, link in enumerate(BAD_LINKS)]
    items += [("private literal", f"http://127.0.0.2:{site.port}/x", None),
              ("redirect to file", site.url + "/links/to-file", None),
              ("redirect to private", site.url + "/links/to-private", None),
              ("good link", good, None)]
    site.routes["/links.xml"] = Route(_rss(items).encode(), "application/rss+xml")
    atom = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>a</title>'
            '<entry><title>atom data</title><id>urn:1</id>'
            '<link href="data:text/html,&lt;b&gt;x&lt;/b&gt;"/></entry>'
            f'<entry><title>atom good</title><id>urn:2</id><link href="{good}?via=atom"/></entry>'
            "</feed>")
    site.routes["/links.atom"] = Route(atom.encode(), "application/atom+xml")
    items_json = [
        {"id": "1", "title": "json javascript", "url": "javascript:alert(1)"},
        {"id": "2", "title": "json external file", "external_url": "file:///etc/shadow"},
        {"id": "3", "title": "json external ok", "external_url": good + "?via=json"},
    ]
    site.routes["/links.json"] = Route(json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "j", "items": items_json}
    ).encode(), "application/feed+json")
    return [{"name": "links-rss", "url": site.url + "/links.xml"},
            {"name": "links-atom", "url": site.url + "/links.atom"},
            {"name": "links-json", "url": site.url + "/links.json"}]


DATES = {
    "impossible-iso": "2024-13-45T25:61:00Z",
    "offset-2500": "Mon, 06 Jan 2025 10:00:00 +2500",
    "hour-25-iso": "2025-01-06T25:00:00Z",
    "feb-30": "Sun, 30 Feb 2025 10:00:00 GMT",
    "india": "Mon, 06 Jan 2025 10:00:00 +0530",
}


def _serve_dates(site: HostileSite) -> list[dict[str, Any]]:
    def feed() -> bytes:
        now = datetime.now(UTC)
        items = [(slug, f"{site.url}/gone/dates/{slug}", raw) for slug, raw in DATES.items()]
        items.append(("future-30h", f"{site.url}/gone/dates/future-30h",
                      format_datetime(now + timedelta(hours=30), usegmt=True)))
        items.append(("future-1h", f"{site.url}/gone/dates/future-1h",
                      format_datetime(now + timedelta(hours=1), usegmt=True)))
        return _rss(items).encode()

    site.routes["/dates.xml"] = Route(feed, "application/rss+xml")
    return [{"name": "dates", "url": site.url + "/dates.xml"}]


def _serve_partial_and_controls(site: HostileSite) -> list[dict[str, Any]]:
    whole = _rss([(f"kept {i}", f"{site.url}/gone/partial/{i}", None) for i in range(3)]
                 + [("cut here and never closed", f"{site.url}/gone/partial/3", None)])
    cut = whole[: whole.index("cut here") + len("cut here")]
    site.routes["/partial.xml"] = Route(cut.encode(), "application/rss+xml")
    controls = {"version": "https://jsonfeed.org/version/1.1", "title": "c", "items": [
        {"id": "c1", "url": f"{site.url}/gone/controls/1", "title": CONTROL_TITLE,
         "summary": "Three\x1b[8m hidden\x07 killed\x00 near\x9b the market in Quetta.",
         "authors": [{"name": "Desk\x1b]0;owned\x07"}]},
    ]}
    site.routes["/controls.json"] = Route(json.dumps(controls).encode(), "application/feed+json")
    return [{"name": "partial", "url": site.url + "/partial.xml"},
            {"name": "controls", "url": site.url + "/controls.json"}]


@dataclass
class Crawled:
    """The crawl's database and output, and the config that ran it."""

    db: Path
    config: Path
    stdout: str
    stderr: str
    started: datetime
    finished: datetime
    site: HostileSite

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        conn = sqlite3.connect(self.db)
        conn.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in conn.execute(sql, params)]
        finally:
            conn.close()

    def article(self, path: str) -> dict[str, Any]:
        found = self.rows("SELECT * FROM articles WHERE url = ?", (self.site.url + path,))
        assert len(found) == 1, f"{path}: {len(found)} rows"
        return found[0]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    directory = tmp_path_factory.mktemp("hostile")
    with HostileSite() as site:
        sources = (_serve_pages(site) + _serve_links(site) + _serve_dates(site)
                   + _serve_partial_and_controls(site))
        config = {
            "database": "watchpost.db",
            "sources": [{k: v for k, v in s.items() if v is not None} for s in sources],
            "crawl": {"delay": 0, "timeout": 5, "retries": 0, "allow_hosts": ["127.0.0.1"],
                      "concurrency_per_domain": 8, "workers": 1,
                      "extract": {"min_extracted_size": 10, "min_output_size": 10}},
            "logging": {"level": "INFO"},
        }
        path = directory / "config.yaml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        started = datetime.now(UTC)
        run = run_cli("crawl", "--config", str(path), "--no-alerts", timeout=240)
        finished = datetime.now(UTC)
        assert run.returncode == 0, run.stderr
        yield Crawled(directory / "watchpost.db", path, run.stdout, run.stderr, started,
                      finished, site)


# -- charsets -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", PAGES, ids=[c[0] for c in PAGES])
def test_short_pages_are_decoded_as_their_bytes_say(crawled: Crawled, case: PageCase) -> None:
    slug, _, _, paragraphs, _, _, _ = case
    row = crawled.article(f"/pages/{slug}.html")
    assert row["status"] == "extracted", row["status_detail"]
    for paragraph in paragraphs:
        assert paragraph in row["text"], row["text"]


@pytest.mark.parametrize("case", FEED_CHARSETS, ids=[c[0] for c in FEED_CHARSETS])
def test_feeds_are_decoded_as_their_bytes_say(crawled: Crawled, case: FeedCase) -> None:
    name, _, title, _, _, _ = case
    row = crawled.article(f"/gone/{name}")
    assert row["title"] == title


# -- links --------------------------------------------------------------------------------------


def test_only_web_links_are_stored(crawled: Crawled) -> None:
    urls = [r["url"] for r in crawled.rows("SELECT url FROM articles WHERE source LIKE 'links-%'")]
    assert sorted(urls) == sorted(crawled.site.url + p for p in (
        "/links/good.html", "/links/good.html?via=atom", "/links/good.html?via=json"))
    every = crawled.rows("SELECT url, final_url FROM articles")
    assert all(r["url"].startswith(crawled.site.url + "/") for r in every)
    assert all(r["final_url"] is None or r["final_url"].startswith(crawled.site.url + "/")
               for r in every)


def test_refused_links_are_counted_and_reported_with_source_and_reason(crawled: Crawled) -> None:
    run = crawled.rows("SELECT counts, errors FROM crawl_runs")[-1]
    counts, errors = json.loads(run["counts"]), json.loads(run["errors"])
    # Six schemes and one private literal in RSS, redirects to file: and to a private
    # address, one Atom data: link, two JSON Feed items.
    assert counts["entries_refused"] == len(BAD_LINKS) + 1 + 2 + 1 + 2
    rss = " | ".join(errors["links-rss"])
    for scheme in ("data", "file", "ftp", "javascript", "vbscript"):
        assert f"scheme '{scheme}'" in rss
    assert "127.0.0.2" in rss and "not public" in rss
    assert "scheme 'data'" in " ".join(errors["links-atom"])
    json_errors = " ".join(errors["links-json"])
    assert "scheme 'javascript'" in json_errors and "scheme 'file'" in json_errors
    assert "links-rss: feed entry refused" in crawled.stderr
    assert "entries refused for their link" in crawled.stdout


# -- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["impossible-iso", "offset-2500", "hour-25-iso", "feb-30"])
def test_an_impossible_date_is_null_with_the_raw_string_kept(crawled: Crawled, slug: str) -> None:
    row = crawled.article(f"/gone/dates/{slug}")
    assert row["published"] is None
    assert row["published_raw"] == DATES[slug]
    assert row["published_flag"] == "impossible"


def test_a_possible_date_is_kept_exactly(crawled: Crawled) -> None:
    row = crawled.article("/gone/dates/india")
    assert row["published"] == "2025-01-06T04:30:00+00:00"
    assert row["published_raw"] == DATES["india"] and row["published_flag"] is None


def test_a_date_hours_ahead_is_clamped_to_the_fetch_and_flagged(crawled: Crawled) -> None:
    row = crawled.article("/gone/dates/future-30h")
    published = datetime.fromisoformat(row["published"])
    assert crawled.started - timedelta(seconds=1) <= published <= crawled.finished
    assert row["published_flag"] == "future" and row["published_raw"].endswith("GMT")
    near = crawled.article("/gone/dates/future-1h")  # within clock-skew slack: kept
    assert datetime.fromisoformat(near["published"]) > crawled.finished
    assert near["published_flag"] is None


# -- a feed cut short ---------------------------------------------------------------------------


def test_a_truncated_feed_keeps_what_parsed_and_is_recorded_partial(crawled: Crawled) -> None:
    kept = crawled.rows("SELECT url FROM articles WHERE source = 'partial'")
    assert {r["url"] for r in kept} >= {f"{crawled.site.url}/gone/partial/{i}" for i in range(3)}
    state = crawled.rows("SELECT * FROM feed_state WHERE source = 'partial'")[0]
    assert state["last_status"] == "partial"
    assert "cut short" in state["last_error"]
    # Its validators are not saved: the next poll reads the feed whole again.
    assert state["body_hash"] is None and state["failures"] == 0
    status = run_cli("status", "--config", str(crawled.config))
    assert status.returncode == 0, status.stderr
    assert "1 partial" in status.stdout
    assert "partial partial: " in status.stdout and "cut short" in status.stdout


# -- control characters -------------------------------------------------------------------------


def test_control_characters_are_stripped_at_ingest(crawled: Crawled) -> None:
    row = crawled.article("/gone/controls/1")
    assert row["title"] == "Blast in Quetta [2J[31mkills three"
    assert row["summary"] == "Three[8m hidden killed near the market in Quetta."
    assert row["author"] == "Desk]0;owned"
    for value in (row["title"], row["summary"], row["text"], row["author"]):
        assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in value)


def test_search_output_carries_no_control_characters(crawled: Crawled) -> None:
    found = run_cli("search", "--config", str(crawled.config), "Quetta")
    assert found.returncode == 0, found.stderr
    assert "kills three" in found.stdout
    assert not any(c in found.stdout for c in "\x00\x01\x07\x1b\x9b")

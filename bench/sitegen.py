"""Benchmark data: a reproducible news site of N article pages over F feeds, rendered in memory.

Stories are built from the demo site's five real seed reports and 21 off-topic stories, grown to
1,000-3,000 words with paragraphs of other stories, and rendered by the demo site's own page
renderer (nav, cookie banner, ads, related links, readers' comments, footer) under four outlets
that live on one host by path. Same seed, same bytes.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from bench.chrome import add_chrome
from crawler.demo.manifest import Article, Entry, Feed, Outlet, load_manifest
from crawler.demo.render import FeedItem, render_article, render_feed
from crawler.demo.site import DEFAULT_MANIFEST

SEED = 20260307
FORMATS = ("rss2", "atom", "jsonfeed", "rss1")
OUTLETS = (
    Outlet("courier", "Quetta Courier", "/courier/", "Balochistan's morning paper"),
    Outlet("frontier", "Frontier Wire", "/frontier/", "Fast news from the frontier"),
    Outlet("indus", "Indus Daily", "/indus/", "Business, world and sport from Karachi"),
    Outlet("desert", "Desert Post", "/desert/", "Western Pakistan and the border regions"),
)
# The share of pages that are security reports (the rest: politics, business, sport, weather).
REPORT_SHARE = 0.25
BASE_DAY = datetime(2026, 2, 1, 6, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    """One served body with its media type and strong validator."""

    body: bytes
    content_type: str
    etag: str


@lru_cache(maxsize=1)
def _stories() -> tuple[tuple[Article, ...], tuple[Article, ...]]:
    """The demo site's (seed reports, off-topic stories)."""
    articles = [a for a in load_manifest(DEFAULT_MANIFEST).articles.values() if a.serve]
    reports = tuple(a for a in articles if a.id.startswith("seed-"))
    others = tuple(a for a in articles if not a.id.startswith("seed-"))
    return reports, others


def make_article(index: int, seed: int = SEED) -> tuple[Article, int]:
    """Article `index` of the site and how many leading paragraphs are the base story's."""
    rng = random.Random(f"{seed}:{index}")
    reports, others = _stories()
    base = rng.choice(reports) if rng.random() < REPORT_SHARE else rng.choice(others)
    paragraphs = list(base.paragraphs)
    own = len(paragraphs)
    target = rng.randint(1000, 3000)
    words = sum(len(p.split()) for p in paragraphs)
    pool = [p for a in others for p in a.paragraphs if len(p) > 80]
    while words < target:
        extra = rng.choice(pool)
        paragraphs.append(extra)
        words += len(extra.split())
    outlet = OUTLETS[index % len(OUTLETS)]
    published = BASE_DAY + timedelta(days=rng.randint(0, 59), minutes=rng.randint(0, 1439))
    article = replace(
        base,
        id=f"bench-{index}",
        outlet=outlet.id,
        path=f"{outlet.prefix}{published:%Y/%m/%d}/story-{index}.html",
        published=published,
        paragraphs=tuple(paragraphs),
        encoding="utf-8",
    )
    return article, own


def article_page(index: int, base_url: str, seed: int = SEED, pages: int = 1) -> Page:
    """The rendered page of article `index`, with five related links (real pages have them)."""
    article, _ = make_article(index, seed)
    outlet = OUTLETS[index % len(OUTLETS)]
    related = [(f"Related story {j}", f"{base_url}{outlet.prefix}related/{j}.html")
               for j in ((index + k * 7919) % max(pages, 1) for k in range(1, 6))]
    rendered = render_article(article, outlet, base_url + article.path, related, ())
    return _page(add_chrome(rendered.body, f"{seed}:{index}", outlet.prefix),
                 rendered.content_type)


def feed_path(feed: int) -> str:
    """The path of feed number `feed`."""
    outlet = OUTLETS[feed % len(OUTLETS)]
    return f"{outlet.prefix}feeds/{feed}.{'json' if FORMATS[feed % 4] == 'jsonfeed' else 'xml'}"


def feed_page(feed: int, article_ids: list[int], base_url: str, seed: int = SEED) -> Page:
    """Feed number `feed` listing the given articles, newest first, in its rotating format."""
    outlet = OUTLETS[feed % len(OUTLETS)]
    articles = sorted((make_article(i, seed)[0] for i in article_ids),
                      key=lambda a: a.published, reverse=True)
    spec = Feed(f"feed-{feed}", outlet.id, feed_path(feed), FORMATS[feed % 4],
                f"{outlet.name} feed {feed}", f"Stories of {outlet.name}",
                tuple(Entry(a.id) for a in articles))
    items = [FeedItem(a, base_url + a.path, a.id) for a in articles]
    updated = max((a.published for a in articles), default=BASE_DAY)
    rendered = render_feed(spec, outlet, items, base_url + spec.path,
                           base_url + outlet.prefix, updated)
    return _page(rendered.body, rendered.content_type)


def feed_assignment(pages: int, feeds: int) -> dict[int, list[int]]:
    """Article ids of each feed: round robin, so every feed has its share."""
    assignment: dict[int, list[int]] = {f: [] for f in range(feeds)}
    for index in range(pages):
        assignment[index % feeds].append(index)
    return assignment


def site(pages: int, feeds: int, base_url: str, seed: int = SEED) -> Iterator[tuple[str, Page]]:
    """Every (path, page) of the site: feeds, article pages and robots.txt."""
    yield "/robots.txt", _page(b"User-agent: *\nAllow: /\n", "text/plain")
    for feed, ids in feed_assignment(pages, feeds).items():
        yield feed_path(feed), feed_page(feed, ids, base_url, seed)
    for index in range(pages):
        article, _ = make_article(index, seed)
        yield article.path, article_page(index, base_url, seed, pages)


def article_bodies(pages: int, base_url: str, seed: int = SEED) -> Iterator[bytes]:
    """The article page bodies alone, as the crawl will download them."""
    for index in range(pages):
        yield article_page(index, base_url, seed, pages).body


def _page(body: bytes, content_type: str) -> Page:
    return Page(body, content_type, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')

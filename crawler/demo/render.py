"""Rendering for the offline news site: article pages with real-page clutter, four feed formats."""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

from crawler.demo.manifest import Article, Feed, Outlet

# Readers' comments: real pages carry them next to the story; extraction must leave them out.
COMMENTS = (
    ("Farid K.", "Same old story every year. Who is going to answer for the roads in my district?"),
    ("Saira", "Thank you for the detailed coverage, please keep following this up next month."),
    ("observer_2020", "The comment section here is more informative than the TV channels tonight."),
    ("Hamid Baloch", "My cousin lives nearby and says it is calm now, stay safe everyone."),
    ("Rukhsana", "Why does this paper never report the good news from our province?"),
    ("Tariq M.", "Please fix the app, it keeps logging me out whenever I open a story."),
)
NAV_SECTIONS = ("Home", "Pakistan", "Balochistan", "World", "Business", "Sport", "Opinion",
                "Technology", "Culture", "Weather", "Videos", "Podcasts", "E-paper", "Archive")
COOKIE_TEXT = ("We use cookies and similar technologies to personalise content and advertising, "
               "to provide social media features and to analyse our traffic. Accept all cookies "
               "or manage your preferences.")
AD_TEXT = "Advertisement. Subscribe for ad-free reading: first month for Rs 99 only."
FOOTER_TEXT = ("About us · Contact · Advertise · Careers · Privacy policy · Terms of use. "
               "All rights reserved. Reproduction without permission is prohibited.")


@dataclass(frozen=True)
class Rendered:
    """A response body with its media type."""

    body: bytes
    content_type: str


def http_date(when: datetime) -> str:
    """An RFC 9110 HTTP-date (IMF-fixdate) for a header."""
    return format_datetime(when.astimezone(UTC), usegmt=True)


def is_heading(paragraph: str) -> bool:
    """Seed reports carry sub-headings as short lines with no closing punctuation."""
    return len(paragraph) < 80 and not paragraph.rstrip().endswith(
        (".", "!", "?", ":", '"', "”", "’", "'", ")")
    )


def render_article(
    article: Article, outlet: Outlet, url: str, related: Sequence[tuple[str, str]],
    feed_links: Sequence[tuple[str, str, str]],
) -> Rendered:
    """An article page: head metadata, nav, cookie banner, ad, story, related, comments, footer."""
    page = f"""<!DOCTYPE html>
<html lang="en">
{_article_head(article, outlet, url, feed_links)}
<body class="article-page">
{_cookie_banner()}
{_masthead(outlet)}
<div class="ad ad-leaderboard" id="ad-top"><span class="ad-label">{AD_TEXT}</span></div>
<main id="content">
{_story(article, outlet)}
{_related(related)}
{_comments(article.id)}
</main>
<div class="ad ad-sidebar" id="ad-side"><span class="ad-label">{AD_TEXT}</span></div>
{_footer(outlet)}
</body>
</html>
"""
    charset = article.encoding.lower()
    # A legacy page names its charset only in <meta>: the client must sniff it from the bytes.
    ctype = "text/html; charset=utf-8" if charset == "utf-8" else "text/html"
    return Rendered(page.encode(article.encoding, errors="xmlcharrefreplace"), ctype)


def _article_head(article: Article, outlet: Outlet, url: str,
                  feed_links: Sequence[tuple[str, str, str]]) -> str:
    """The <head>: charset, Open Graph and article metadata, feed links, JSON-LD."""
    iso = article.published.isoformat()
    alternates = "\n".join(
        f'<link rel="alternate" type="{escape(ctype)}" title="{escape(title)}" '
        f'href="{escape(href)}">'
        for title, href, ctype in feed_links
    )
    return f"""<head>
<meta charset="{escape(article.encoding)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(article.title)} | {escape(outlet.name)}</title>
<meta name="description" content="{escape(article.summary)}">
<meta name="author" content="{escape(article.author)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(article.title)}">
<meta property="og:url" content="{escape(url)}">
<meta property="og:site_name" content="{escape(outlet.name)}">
<meta property="article:published_time" content="{iso}">
<meta property="article:section" content="{escape(article.section)}">
<link rel="canonical" href="{escape(url)}">
{alternates}
<script type="application/ld+json">{_json_ld(article, outlet, url)}</script>
<style>body{{font-family:Georgia,serif;margin:0}} .ad{{background:#eee}}</style>
</head>"""


def _json_ld(article: Article, outlet: Outlet, url: str) -> str:
    """schema.org NewsArticle metadata, safe inside a <script> element."""
    return json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
        "datePublished": article.published.isoformat(),
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": outlet.name}, "mainEntityOfPage": url,
    }, ensure_ascii=False).replace("</", "<\\/")


def _story(article: Article, outlet: Outlet) -> str:
    """The <article>: kicker, headline, byline, paragraphs and sub-headings, share links."""
    iso = article.published.isoformat()
    body_html = "\n".join(
        f"<h2>{escape(p)}</h2>" if is_heading(p) else f"<p>{escape(p)}</p>"
        for p in article.paragraphs
    )
    return f"""<article class="story" itemscope itemtype="https://schema.org/NewsArticle">
<header class="story-header">
<p class="kicker"><a href="{escape(outlet.prefix)}section/{escape(article.section.lower())}">
{escape(article.section)}</a></p>
<h1 itemprop="headline">{escape(article.title)}</h1>
<p class="byline">By <span class="author" itemprop="author">{escape(article.author)}</span>
 | <time datetime="{iso}" itemprop="datePublished">{article.published:%d %B %Y, %H:%M}</time></p>
</header>
<div class="story-body" itemprop="articleBody">
{body_html}
</div>
<div class="share"><a href="#">Share on X</a> <a href="#">Share on Facebook</a>
<a href="#">WhatsApp</a></div>
</article>"""


def render_index(title: str, links: Sequence[tuple[str, str]], outlet: Outlet | None) -> Rendered:
    """A front page listing stories (or outlets) as links."""
    items = "\n".join(
        f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for text, href in links
    )
    head = _masthead(outlet) if outlet else ""
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title></head><body>{head}<main><h1>{escape(title)}</h1>"
            f'<ul class="stories">{items}</ul></main></body></html>\n')
    return Rendered(page.encode("utf-8"), "text/html; charset=utf-8")


def render_status_page(status: int, message: str) -> Rendered:
    """A small HTML error page (404, 500, ...)."""
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{status} '
            f"{escape(message)}</title></head><body><h1>{status} {escape(message)}</h1>"
            "<p>The page you asked for is not available.</p></body></html>\n")
    return Rendered(page.encode("utf-8"), "text/html; charset=utf-8")


@dataclass(frozen=True)
class FeedItem:
    """One rendered feed entry: the article plus the link to print for it."""

    article: Article
    link: str
    guid: str


def render_feed(feed: Feed, outlet: Outlet, items: Sequence[FeedItem], feed_url: str,
                home_url: str, updated: datetime) -> Rendered:
    """The feed in its declared format."""
    renderer = {"rss2": _rss2, "rss1": _rss1, "atom": _atom, "jsonfeed": _jsonfeed}[feed.format]
    return renderer(feed, outlet, items, feed_url, home_url, updated)


def _rss2(feed: Feed, outlet: Outlet, items: Sequence[FeedItem], feed_url: str, home: str,
          updated: datetime) -> Rendered:
    """RSS 2.0 with dc:creator (RSS's own <author> wants an e-mail address)."""
    entries = "".join(
        f"""
  <item>
    <title>{escape(i.article.title)}</title>
    <link>{escape(i.link)}</link>
    <guid isPermaLink="false">{escape(i.guid)}</guid>
    <pubDate>{format_datetime(i.article.published)}</pubDate>
    <dc:creator>{escape(i.article.author)}</dc:creator>
    <category>{escape(i.article.section)}</category>
    <description>{escape(i.article.summary)}</description>
  </item>""" for i in items)
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>{escape(feed.title)}</title>
  <link>{escape(home)}</link>
  <description>{escape(feed.description)}</description>
  <language>en</language>
  <lastBuildDate>{format_datetime(updated)}</lastBuildDate>
  <atom:link href="{escape(feed_url)}" rel="self" type="application/rss+xml"/>{entries}
</channel>
</rss>
"""
    return Rendered(xml.encode("utf-8"), "application/rss+xml; charset=utf-8")


def _rss1(feed: Feed, outlet: Outlet, items: Sequence[FeedItem], feed_url: str, home: str,
          updated: datetime) -> Rendered:
    """RSS 1.0 (RDF) with Dublin Core dates, creators and identifiers."""
    seq = "".join(f'\n      <rdf:li rdf:resource="{escape(i.link)}"/>' for i in items)
    entries = "".join(
        f"""
<item rdf:about="{escape(i.link)}">
  <title>{escape(i.article.title)}</title>
  <link>{escape(i.link)}</link>
  <description>{escape(i.article.summary)}</description>
  <dc:date>{i.article.published.isoformat()}</dc:date>
  <dc:creator>{escape(i.article.author)}</dc:creator>
  <dc:identifier>{escape(i.guid)}</dc:identifier>
  <dc:subject>{escape(i.article.section)}</dc:subject>
</item>""" for i in items)
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{escape(feed_url)}">
  <title>{escape(feed.title)}</title>
  <link>{escape(home)}</link>
  <description>{escape(feed.description)}</description>
  <dc:date>{updated.isoformat()}</dc:date>
  <dc:language>en</dc:language>
  <items>
    <rdf:Seq>{seq}
    </rdf:Seq>
  </items>
</channel>{entries}
</rdf:RDF>
"""
    return Rendered(xml.encode("utf-8"), "application/rdf+xml; charset=utf-8")


def _atom(feed: Feed, outlet: Outlet, items: Sequence[FeedItem], feed_url: str, home: str,
          updated: datetime) -> Rendered:
    """Atom 1.0 with published/updated, author and a text summary per entry."""
    entries = "".join(
        f"""
  <entry>
    <title>{escape(i.article.title)}</title>
    <id>{escape(i.guid)}</id>
    <link rel="alternate" type="text/html" href="{escape(i.link)}"/>
    <published>{i.article.published.isoformat()}</published>
    <updated>{i.article.published.isoformat()}</updated>
    <author><name>{escape(i.article.author)}</name></author>
    <category term="{escape(i.article.section)}"/>
    <summary type="text">{escape(i.article.summary)}</summary>
  </entry>""" for i in items)
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>{escape(feed.title)}</title>
  <subtitle>{escape(feed.description)}</subtitle>
  <id>urn:watchpost-site:feed:{escape(feed.name)}</id>
  <updated>{updated.isoformat()}</updated>
  <link rel="self" type="application/atom+xml" href="{escape(feed_url)}"/>
  <link rel="alternate" type="text/html" href="{escape(home)}"/>
  <author><name>{escape(outlet.name)}</name></author>{entries}
</feed>
"""
    return Rendered(xml.encode("utf-8"), "application/atom+xml; charset=utf-8")


def _jsonfeed(feed: Feed, outlet: Outlet, items: Sequence[FeedItem], feed_url: str, home: str,
              updated: datetime) -> Rendered:
    """JSON Feed 1.1 (authors as a list, summary plus plain-text content)."""
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": home,
        "feed_url": feed_url,
        "description": feed.description,
        "language": "en",
        "authors": [{"name": outlet.name}],
        "items": [
            {
                "id": i.guid,
                "url": i.link,
                "title": i.article.title,
                "summary": i.article.summary,
                "content_text": i.article.summary,
                "date_published": i.article.published.isoformat(),
                "authors": [{"name": i.article.author}],
                "tags": [i.article.section],
            }
            for i in items
        ],
    }
    body = json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")
    return Rendered(body, "application/feed+json; charset=utf-8")


def _cookie_banner() -> str:
    """The consent banner every European-facing news site shows."""
    return (f'<div id="cookie-consent" class="cookie-banner" role="dialog"><p>{COOKIE_TEXT}</p>'
            '<button>Accept all</button> <button>Manage preferences</button></div>')


def _masthead(outlet: Outlet) -> str:
    """Logo, tagline and a navigation bar with many links."""
    links = "".join(
        f'<li><a href="{escape(outlet.prefix)}{"" if s == "Home" else "section/" + s.lower()}">'
        f"{escape(s)}</a></li>" for s in NAV_SECTIONS
    )
    return (f'<header class="site-header"><a class="logo" href="{escape(outlet.prefix)}">'
            f'{escape(outlet.name)}</a><p class="tagline">{escape(outlet.tagline)}</p>'
            f'<nav class="main-nav" aria-label="Sections"><ul>{links}</ul></nav>'
            '<form class="search" action="/search"><input name="q" placeholder="Search">'
            "</form></header>")


def _related(related: Sequence[tuple[str, str]]) -> str:
    """A "related stories" box linking other articles."""
    items = "".join(f'<li><a href="{escape(h)}">{escape(t)}</a></li>' for t, h in related)
    return (f'<aside class="related-stories"><h3>Related stories</h3><ul>{items}</ul>'
            "</aside>")


def _comments(seed: str) -> str:
    """Three readers' comments, chosen per article so pages differ but stay deterministic."""
    start = zlib.crc32(seed.encode("utf-8")) % len(COMMENTS)
    picked = [COMMENTS[(start + k) % len(COMMENTS)] for k in range(3)]
    items = "".join(
        f'<li class="comment"><p class="comment-author">{escape(name)}</p>'
        f'<p class="comment-text">{escape(text)}</p><a class="reply" href="#">Reply</a></li>'
        for name, text in picked
    )
    return (f'<section id="comments" class="comments"><h3>{len(picked)} comments</h3>'
            f'<ol class="comment-list">{items}</ol><form class="comment-form"><textarea>'
            "</textarea><button>Post comment</button></form></section>")


def _footer(outlet: Outlet) -> str:
    """The site footer."""
    return (f'<footer class="site-footer"><p>{escape(outlet.name)}: {FOOTER_TEXT}</p>'
            '<p><a href="/about">About</a> <a href="/contact">Contact</a> '
            '<a href="/privacy">Privacy</a></p></footer>')

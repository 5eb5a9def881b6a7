"""Only http(s) links with a host leave the parse stage; the others are refused with a reason."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from crawler.parse.canonical import NotWebLink, is_web_link, web_link
from crawler.parse.feeds import parse_feed

NOW = datetime(2025, 7, 1, tzinfo=UTC)
BASE = "https://feed.example.com/rss"
GOOD = "https://news.example.com/2025/07/01/blast.html"
# (link as a feed writes it, the scheme the refusal names)
HOSTILE = [
    ("data:text/html;base64,PGgxPkJsYXN0PC9oMT4=", "data"),
    ("data:,Blast%20in%20Quetta", "data"),
    ("file:///etc/passwd", "file"),
    ("FILE://localhost/etc/shadow", "file"),
    ("ftp://ftp.example.com/pub/report.txt", "ftp"),
    ("javascript:alert(document.cookie)", "javascript"),
    ("JavaScript:void(0)", "javascript"),
    ("  javascript:alert(1)", "javascript"),
    ("java\nscript:alert(1)", "javascript"),
    ("jav\tascript:alert(1)", "javascript"),
    ("vbscript:msgbox(1)", "vbscript"),
    ("mailto:desk@example.com", "mailto"),
    ("gopher://example.com/1", "gopher"),
]


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>item {i}</title><link>{_xml(link)}</link></item>"
                    for i, link in enumerate(links))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
            "</channel></rss>").encode()


def _atom(links: list[str]) -> bytes:
    entries = "".join(f'<entry><title>item {i}</title><id>urn:x:{i}</id>'
                      f'<link rel="alternate" href="{_xml(link)}"/></entry>'
                      for i, link in enumerate(links))
    return (f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            f"{entries}</feed>").encode()


def _rdf(links: list[str]) -> bytes:
    items = "".join(f'<item rdf:about="urn:x:{i}"><title>item {i}</title>'
                    f"<link>{_xml(link)}</link></item>" for i, link in enumerate(links))
    return ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-'
            'ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>t</title>'
            f"</channel>{items}</rdf:RDF>").encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@pytest.mark.parametrize("build", [_rss, _atom, _rdf], ids=["rss2", "atom", "rss1"])
def test_xml_feeds_keep_only_web_links(build: Callable[[list[str]], bytes]) -> None:
    hostile = HOSTILE
    if build is _atom:
        # In an attribute XML turns a line break or tab into a space: "java script:..." is
        # then a relative path on the feed's host, not a script (a browser reads it so too).
        hostile = [(link, scheme) for link, scheme in HOSTILE if not {"\n", "\t"} & set(link)]
    links = [GOOD] + [link for link, _ in hostile] + ["/relative/story.html"]
    parsed = parse_feed(build(links), BASE, now=NOW)
    assert [e.url for e in parsed.entries] == [
        GOOD, "https://feed.example.com/relative/story.html"]
    assert len(parsed.refused) == len(hostile)
    for (_, scheme), reason in zip(hostile, parsed.refused, strict=True):
        assert f"scheme '{scheme}'" in reason, reason


def test_a_permalink_guid_is_checked_like_a_link() -> None:
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            '<item><title>a</title><guid isPermaLink="true">javascript:alert(1)</guid></item>'
            f'<item><title>b</title><guid isPermaLink="true">{GOOD}</guid></item>'
            '<item><title>c</title><guid isPermaLink="false">data:,x</guid></item>'
            "</channel></rss>").encode()
    parsed = parse_feed(body, BASE, now=NOW)
    assert [e.url for e in parsed.entries] == [GOOD]
    assert len(parsed.refused) == 1 and "scheme 'javascript'" in parsed.refused[0]
    assert parsed.problems == ("entry 2: no link",)


@pytest.mark.parametrize(("item", "kept"), [
    ({"url": GOOD}, GOOD),
    ({"external_url": GOOD}, GOOD),
    ({"url": GOOD, "external_url": "javascript:alert(1)"}, GOOD),
    # The first link given is the item's: a hostile one is refused, not skipped for the other.
    ({"url": "javascript:alert(1)", "external_url": GOOD}, None),
    ({"url": "data:text/html,<script>x</script>"}, None),
    ({"external_url": "file:///etc/passwd"}, None),
    ({"url": "FTP://files.example.com/a"}, None),
    ({"url": "http://[::1/broken"}, None),
])
def test_json_feed_url_and_external_url_are_both_checked(item: dict[str, str],
                                                         kept: str | None) -> None:
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "j",
                       "items": [{"id": "1", "title": "t", **item}]}).encode()
    parsed = parse_feed(body, BASE, now=NOW)
    assert [e.url for e in parsed.entries] == ([kept] if kept else [])
    assert len(parsed.refused) == (0 if kept else 1)


@pytest.mark.parametrize(("link", "scheme"), HOSTILE)
def test_web_link_refuses_every_other_scheme(link: str, scheme: str) -> None:
    with pytest.raises(NotWebLink, match=f"scheme '{scheme}'"):
        web_link(link, BASE)
    assert not is_web_link(link)


@pytest.mark.parametrize(("link", "canonical"), [
    ("HTTPS://News.Example.com:443/a?utm_source=x#top", "https://news.example.com/a"),
    ("//news.example.com/b", "https://news.example.com/b"),
    ("/c", "https://feed.example.com/c"),
    ("http://user:secret@news.example.com/d", "http://news.example.com/d"),
])
def test_web_links_come_back_canonical(link: str, canonical: str) -> None:
    assert web_link(link, BASE) == canonical


def test_a_link_without_a_host_is_refused() -> None:
    with pytest.raises(NotWebLink, match="no host"):
        web_link("http:///nowhere")
    assert not is_web_link("") and not is_web_link(None)

"""Documents from files, URLs or stdin: `.txt` (optional ` date YYYY-MM-DD` first token) or HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import requests

from crawler.models import Document
from crawler.net.guard import URLGuard
from crawler.net.session import guarded_session
from crawler.parse.charset import decode_markup
from crawler.parse.extract import extract_article
from crawler.parse.textnorm import strip_controls

_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*")
_HTML = re.compile(rb"^\s*(<!doctype|<html|<\?xml|<head|<body|<!--)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:\"\u201d]\s*$")
MAX_BYTES = 20 * 1024 * 1024


class DocumentError(ValueError):
    """A document that cannot be read or gives no text."""


def document_from_text(text: str, title: str = "", url: str = "") -> Document:
    """A plain-text report: a leading ` date YYYY-MM-DD` token is its publication date, and a
    short first line without final punctuation (at most 15 words) is its headline."""
    published = None
    text = strip_controls(text)
    match = _DATE_PREFIX.match(text)
    if match:
        try:
            published = datetime.fromisoformat(match.group(1)).replace(tzinfo=UTC)
        except ValueError as exc:
            raise DocumentError(f"{url or 'document'}: impossible date {match.group(1)!r} "
                                f"({exc})") from exc
        text = text[match.end():]
    first, sep, rest = text.partition("\n")
    if not title and sep and len(first.split()) <= 15 and not _SENTENCE_END.search(first):
        title, text = first.strip(), rest
    return Document(title=title, text=text.strip(), published=published, url=url)


def document_from_bytes(body: bytes, url: str = "", html: bool | None = None,
                        content_type: str | None = None) -> Document:
    """HTML pages are extracted with trafilatura; anything else is read as plain text. Both
    are decoded by their header charset, BOM or declaration, else by detection."""
    if html is None:
        html = bool(_HTML.match(body[:512]))
    if not html:
        return document_from_text(decode_markup(body, content_type, url=url).text, url=url)
    extracted = extract_article(body, url or "file:///document.html", content_type=content_type)
    if not extracted.ok:
        raise DocumentError(f"{url or 'page'}: {extracted.reason}")
    return Document(title=extracted.title, text=extracted.text, published=extracted.published,
                    language=extracted.language, url=url)


def load_document(path: Path) -> Document:
    """A `.txt` or `.html` file as a Document."""
    body = path.read_bytes()
    suffix = path.suffix.lower()
    html = True if suffix in (".html", ".htm") else False if suffix == ".txt" else None
    return document_from_bytes(body, url=path.resolve().as_uri(), html=html)


def fetch_document(url: str, guard: URLGuard, timeout: float = 20.0,
                   user_agent: str = "watchpost") -> Document:
    """Fetch one page through the URL guard (each redirect hop checked, on its socket too)."""
    with guarded_session(guard) as session:
        response = _follow(session, url, guard, timeout, user_agent)
        url = response.url
        if response.status_code >= 400:
            raise DocumentError(f"{url}: HTTP {response.status_code}")
        body = response.raw.read(MAX_BYTES + 1, decode_content=True)
    if len(body) > MAX_BYTES:
        raise DocumentError(f"{url}: larger than {MAX_BYTES} bytes")
    return document_from_bytes(body, url=url, content_type=response.headers.get("Content-Type"))


def _follow(session: requests.Session, url: str, guard: URLGuard, timeout: float,
            user_agent: str) -> requests.Response:
    """GET `url`, following at most five redirects, each hop checked before it is asked."""
    for _ in range(6):
        guard.check_resolved(url)
        response = session.get(url, timeout=timeout, allow_redirects=False, stream=True,
                               headers={"User-Agent": user_agent})
        if response.is_redirect and response.headers.get("Location"):
            url = requests.compat.urljoin(url, response.headers["Location"])
            continue
        return response
    raise DocumentError(f"{url}: too many redirects")

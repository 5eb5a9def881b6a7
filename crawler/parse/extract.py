"""Article extraction from raw page bytes with trafilatura; 'no text' comes back with a reason."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html

from crawler.parse.charset import decode_markup
from crawler.parse.textnorm import strip_controls

if TYPE_CHECKING:
    from configparser import ConfigParser

# trafilatura is imported where it is used: only extraction workers extract, and importing it
# costs the crawl process 20 MB it would never use.
log = logging.getLogger(__name__)

_LANG = re.compile(rb"<html[^>]*\slang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.IGNORECASE)
# lxml refuses trees deeper than this, so trafilatura silently returns nothing past it.
_MAX_DEPTH = 255


@dataclass(frozen=True)
class Extracted:
    """What trafilatura got out of a page; `text` is empty when `reason` says why."""

    title: str
    text: str
    author: str | None
    published: datetime | None
    language: str | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        """True when the page gave article text."""
        return bool(self.text) and self.reason is None


@lru_cache(maxsize=8)
def _trafilatura_config(min_extracted: int, min_output: int) -> ConfigParser:
    from trafilatura.settings import use_config  # noqa: PLC0415 (see the imports)

    config = use_config()
    # The default 250-character floor drops short breaking reports; ours are set in config.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(min_extracted))
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", str(min_output))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def use_c_element_lookup() -> None:
    """Make trafilatura's HTML parser build elements without a Python call per element.

    lxml.html's parser picks each element's class in a Python method: 4.6 million calls, a
    twelfth of fast extraction's time on the bench pages. lxml's C lookup gives every tag
    the same HtmlElement class; only form controls lose their form-filling subclasses,
    which trafilatura never uses (the text is identical: tests/parse/test_extract_lookup.py).
    For extraction workers; other processes keep lxml's default.
    """
    from trafilatura.utils import HTML_PARSER  # noqa: PLC0415 (see the imports)

    HTML_PARSER.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))


def extract_article(
    body: bytes,
    url: str,
    min_extracted_size: int = 120,
    min_output_size: int = 40,
    fast: bool = False,
    with_metadata: bool = True,
    known_title: str = "",
    content_type: str | None = None,
    language: str | None = None,
) -> Extracted:
    """Extract title, text, author, date and language from page bytes.

    The bytes are decoded here with the response's `content_type` and the source's `language`
    (crawler.parse.charset): trafilatura ignores both, and <meta charset>, and guesses.
    with_metadata=False skips trafilatura's metadata pass (40 % of its time on news pages, and
    the same text): for pages whose feed entry already gave title, date and author; then
    `known_title` is the title whose repetition at the top of the text is dropped.
    """
    if not body.strip():
        return Extracted("", "", None, None, None, reason="empty page")
    import trafilatura  # noqa: PLC0415 (see the imports)
    from trafilatura.settings import Document  # noqa: PLC0415

    config = _trafilatura_config(min_extracted_size, min_output_size)
    html = decode_markup(body, content_type, language, url).text
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            fast=fast,
            include_comments=False,
            include_tables=False,
            with_metadata=with_metadata,
            config=config,
        )
    except Exception as exc:  # trafilatura raises anything on hostile markup; a page is data
        log.warning("extraction failed for %s: %s", url, exc)
        return Extracted("", "", None, None, None, reason=f"extraction error: {exc}")
    if not isinstance(doc, Document) or not doc.text:
        return Extracted("", "", None, None, _html_language(body), reason=_why_empty(body))
    title = strip_controls(doc.title or known_title or "").strip()
    text = strip_controls(doc.text).strip()
    first, _, rest = text.partition("\n")
    if title and first.strip() == title and rest.strip():
        text = rest.strip()  # trafilatura keeps the <h1>; the title is stored on its own
    return Extracted(
        title=title,
        text=text,
        author=(strip_controls(doc.author or "").strip() or None),
        published=_parse_date(doc.date),
        language=_html_language(body) or (getattr(doc, "language", None) or None),
    )


def text_hash(text: str) -> str:
    """A stable hash of the text, blind to whitespace and case, for change detection."""
    # str.split() and re's \s agree on what whitespace is; split/join is 5x faster than re.sub.
    normal = " ".join(text.split()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]


def _html_language(body: bytes) -> str | None:
    match = _LANG.search(body[:4096])
    return match.group(1).decode("ascii").lower()[:2] if match else None


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _why_empty(body: bytes) -> str:
    """Name the reason a page gave no text, so it is reported rather than silently lost."""
    try:
        root = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return "not an HTML page"
    depth = max((len(list(el.iterancestors())) for el in root.iter()), default=0)
    if depth >= _MAX_DEPTH - 5:
        return f"page nested too deep ({depth} levels) for extraction"
    return "no article text found"

"""The demo news site's manifest: outlets, articles and feeds, loaded from YAML.

`load_manifest` reads a file; `read_manifest` and `build_manifest` are its two steps, so a
manifest that carries more sections can take those out of the mapping before building the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

FEED_FORMATS = ("rss2", "rss1", "atom", "jsonfeed")
# A report file may open with " date YYYY-MM-DD": the publication date, not part of the text.
_DATE_TOKEN = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\s+")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


class ManifestError(ValueError):
    """The manifest (or an article given to `publish`) is invalid."""


@dataclass(frozen=True)
class Outlet:
    """A fictional news outlet living under a path prefix such as `/courier/`."""

    id: str
    name: str
    prefix: str
    tagline: str = ""


@dataclass(frozen=True)
class Article:
    """One article page; `serve=False` keeps it in feeds but answers its page with 404."""

    id: str
    outlet: str
    path: str
    title: str
    author: str
    published: datetime
    paragraphs: tuple[str, ...]
    summary: str
    section: str = "News"
    encoding: str = "utf-8"
    serve: bool = True


@dataclass(frozen=True)
class Entry:
    """An article's place in a feed; `link` overrides its URL, `suffix` appends e.g. trackers."""

    article: str
    link: str | None = None
    suffix: str = ""


@dataclass(frozen=True)
class Feed:
    """A feed rendered from its entries in one of FEED_FORMATS."""

    name: str
    outlet: str
    path: str
    format: str
    title: str
    description: str
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Manifest:
    """Everything the site serves, as loaded from one YAML file."""

    title: str
    outlets: dict[str, Outlet]
    articles: dict[str, Article]
    feeds: dict[str, Feed]
    reports_dir: Path
    base_dir: Path


MANIFEST_KEYS = {"title", "reports_dir", "outlets", "articles", "feeds"}
_ARTICLE_KEYS = {"id", "outlet", "slug", "path", "title", "author", "published", "summary",
                 "report", "paragraphs", "body", "section", "encoding", "serve"}
_FEED_KEYS = {"name", "outlet", "path", "format", "title", "description", "entries"}


def load_manifest(path: Path) -> Manifest:
    """Load and validate a site manifest; relative file paths resolve against its directory."""
    return build_manifest(read_manifest(path), path)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest file's top-level mapping, not yet validated."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ManifestError(f"{path}: the manifest must be a mapping")
    return data


def build_manifest(data: dict[str, Any], path: Path) -> Manifest:
    """Validate a manifest mapping read from `path` (its directory anchors relative paths)."""
    reject_unknown(data, MANIFEST_KEYS, "")
    base_dir = path.resolve().parent
    reports_dir = (base_dir / str(data.get("reports_dir", "reports"))).resolve()
    outlets = {o.id: o for o in (_outlet(raw) for raw in mapping_list(data, "outlets"))}
    articles: dict[str, Article] = {}
    for raw in mapping_list(data, "articles"):
        article = parse_article(raw, outlets, reports_dir)
        if article.id in articles:
            raise ManifestError(f"article {article.id!r} is defined twice")
        articles[article.id] = article
    feed_list = [_feed(raw, outlets, articles) for raw in mapping_list(data, "feeds")]
    return Manifest(
        title=str(data.get("title", "Watchpost offline news site")),
        outlets=outlets,
        articles=articles,
        feeds={f.name: f for f in feed_list},
        reports_dir=reports_dir,
        base_dir=base_dir,
    )


def parse_article(
    raw: Any, outlets: dict[str, Outlet], reports_dir: Path, default_outlet: str | None = None
) -> Article:
    """Build an Article from a manifest mapping (also for stories published at run time)."""
    if not isinstance(raw, dict):
        raise ManifestError(f"an article must be a mapping, got {raw!r}")
    reject_unknown(raw, _ARTICLE_KEYS, f"article {raw.get('id', '?')}: ")
    title = required_str(raw, "title", "article")
    outlet = _article_outlet(raw, outlets, default_outlet, title)
    published = parse_datetime(raw.get("published"), f"article {title!r}")
    paragraphs = _paragraphs(raw, reports_dir, title)
    slug = str(raw.get("slug") or slugify(title))
    encoding = str(raw.get("encoding", "utf-8"))
    _check_encodable(encoding, (title, *paragraphs), title)
    return Article(
        id=str(raw.get("id") or slug),
        outlet=outlet.id,
        path=_article_path(raw, outlet, published, slug, title),
        title=title,
        author=str(raw.get("author", "Staff Reporter")),
        published=published,
        paragraphs=paragraphs,
        summary=str(raw.get("summary") or default_summary(paragraphs)),
        section=str(raw.get("section", "News")),
        encoding=encoding,
        serve=bool(raw.get("serve", True)),
    )


def _article_outlet(raw: dict[str, Any], outlets: dict[str, Outlet], default: str | None,
                    title: str) -> Outlet:
    """The article's outlet: its own `outlet` key, else the default (the feed it goes into)."""
    outlet_id = str(raw.get("outlet") or default or "")
    if outlet_id not in outlets:
        raise ManifestError(f"article {title!r}: unknown outlet {outlet_id!r}")
    return outlets[outlet_id]


def _article_path(raw: dict[str, Any], outlet: Outlet, published: datetime, slug: str,
                  title: str) -> str:
    """The page path: given, or `<outlet prefix>YYYY/MM/DD/<slug>.html`."""
    path = str(raw.get("path") or f"{outlet.prefix}{published:%Y/%m/%d}/{slug}.html")
    if not path.startswith("/"):
        raise ManifestError(f"article {title!r}: path must start with '/': {path!r}")
    return path


def _check_encodable(encoding: str, texts: tuple[str, ...], title: str) -> None:
    """A page in a legacy charset must be able to carry every character of its text."""
    for text in texts:
        try:
            text.encode(encoding)
        except (LookupError, UnicodeEncodeError) as exc:
            raise ManifestError(f"article {title!r}: cannot encode as {encoding}: {exc}") from exc


def read_report(path: Path) -> tuple[str, ...]:
    """Read a seed report as paragraphs, dropping its leading ` date YYYY-MM-DD` token."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ManifestError(f"cannot read report {path}: {exc}") from exc
    text = _DATE_TOKEN.sub("", text, count=1)
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def parse_datetime(value: Any, where: str) -> datetime:
    """An aware datetime from YAML (a datetime or an ISO string); naive values are UTC."""
    if value is None:
        return datetime.now(UTC).replace(microsecond=0)
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError as exc:
            raise ManifestError(f"{where}: bad published date {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def slugify(title: str) -> str:
    """A URL slug: lower-case words joined by hyphens, at most 60 characters."""
    return _SLUG_JUNK.sub("-", title.lower()).strip("-")[:60].rstrip("-") or "story"


def default_summary(paragraphs: tuple[str, ...], limit: int = 280) -> str:
    """The first paragraph, shortened at a word boundary to `limit` characters."""
    first = paragraphs[0] if paragraphs else ""
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def _paragraphs(raw: dict[str, Any], reports_dir: Path, title: str) -> tuple[str, ...]:
    """The article body from `report`, `paragraphs` (a list) or `body` (blank-line separated)."""
    if raw.get("report"):
        return read_report(reports_dir / str(raw["report"]))
    if isinstance(raw.get("paragraphs"), list):
        paragraphs = tuple(str(p).strip() for p in raw["paragraphs"] if str(p).strip())
    elif isinstance(raw.get("body"), str):
        # Blank lines separate paragraphs; line breaks inside one are just wrapping.
        chunks = re.split(r"\n\s*\n", raw["body"])
        paragraphs = tuple(" ".join(c.split()) for c in chunks if c.strip())
    else:
        paragraphs = ()
    if not paragraphs:
        raise ManifestError(f"article {title!r}: needs `report`, `paragraphs` or `body`")
    return paragraphs


def _outlet(raw: Any) -> Outlet:
    """Validate one outlet mapping."""
    if not isinstance(raw, dict):
        raise ManifestError(f"an outlet must be a mapping, got {raw!r}")
    reject_unknown(raw, {"id", "name", "prefix", "tagline"}, f"outlet {raw.get('id', '?')}: ")
    prefix = required_str(raw, "prefix", "outlet")
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ManifestError(f"outlet prefix must look like /name/: {prefix!r}")
    return Outlet(
        id=required_str(raw, "id", "outlet"),
        name=required_str(raw, "name", "outlet"),
        prefix=prefix,
        tagline=str(raw.get("tagline", "")),
    )


def _feed(raw: Any, outlets: dict[str, Outlet], articles: dict[str, Article]) -> Feed:
    """Validate one feed mapping and its entries."""
    if not isinstance(raw, dict):
        raise ManifestError(f"a feed must be a mapping, got {raw!r}")
    reject_unknown(raw, _FEED_KEYS, f"feed {raw.get('name', '?')}: ")
    name, fmt, outlet = feed_basics(raw, outlets)
    return Feed(
        name=name,
        outlet=outlet,
        path=required_str(raw, "path", f"feed {name}"),
        format=fmt,
        title=str(raw.get("title") or f"{outlets[outlet].name}: {name}"),
        description=str(raw.get("description") or outlets[outlet].tagline or name),
        entries=tuple(_entry(item, name, articles) for item in raw.get("entries") or []),
    )


def feed_basics(raw: dict[str, Any], outlets: dict[str, Outlet]) -> tuple[str, str, str]:
    """A feed mapping's checked (name, format, outlet id)."""
    name = required_str(raw, "name", "feed")
    fmt = required_str(raw, "format", f"feed {name}")
    if fmt not in FEED_FORMATS:
        raise ManifestError(f"feed {name}: format must be one of {FEED_FORMATS}, not {fmt!r}")
    outlet = str(raw.get("outlet", ""))
    if outlet not in outlets:
        raise ManifestError(f"feed {name}: unknown outlet {outlet!r}")
    return name, fmt, outlet


def _entry(item: Any, feed: str, articles: dict[str, Article]) -> Entry:
    """A feed entry: an article id, or a mapping with `article`, `link` and `suffix`."""
    if isinstance(item, str):
        item = {"article": item}
    if not isinstance(item, dict):
        raise ManifestError(f"feed {feed}: bad entry {item!r}")
    reject_unknown(item, {"article", "link", "suffix"}, f"feed {feed} entry: ")
    article = str(item.get("article", ""))
    if article not in articles:
        raise ManifestError(f"feed {feed}: unknown article {article!r}")
    link = str(item["link"]) if item.get("link") else None
    return Entry(article=article, link=link, suffix=str(item.get("suffix", "")))


def mapping_list(data: dict[str, Any], key: str) -> list[Any]:
    """A top-level list (missing means empty)."""
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ManifestError(f"`{key}` must be a list")
    return value


def required_str(raw: dict[str, Any], key: str, where: str) -> str:
    """A mandatory non-empty string field."""
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}: `{key}` is required")
    return value.strip()


def reject_unknown(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    """Reject typos early: an unknown key is an error, not silently ignored."""
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ManifestError(f"{where}unknown key(s): {', '.join(unknown)}")

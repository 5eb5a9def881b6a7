"""The offline news site's manifest: outlets, articles, feeds and behaviours, loaded from YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    """A feed; with `raw_file` its body is that file's bytes instead of rendered entries."""

    name: str
    outlet: str
    path: str
    format: str
    title: str
    description: str
    entries: tuple[Entry, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    raw_file: Path | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class Behaviour:
    """A path's scripted behaviour from the manifest (one action per entry)."""

    path: str
    action: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    """Everything the site serves, as loaded from one YAML file."""

    title: str
    outlets: dict[str, Outlet]
    articles: dict[str, Article]
    feeds: dict[str, Feed]
    behaviours: tuple[Behaviour, ...]
    reports_dir: Path
    base_dir: Path


def load_manifest(path: Path) -> Manifest:
    """Load and validate a site manifest; relative file paths resolve against its directory."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ManifestError(f"{path}: the manifest must be a mapping")
    _no_unknown(data, {"title", "reports_dir", "outlets", "articles", "feeds", "behaviours"}, "")
    base_dir = path.resolve().parent
    reports_dir = (base_dir / str(data.get("reports_dir", "reports"))).resolve()
    outlets = {o.id: o for o in (_outlet(raw) for raw in _list(data, "outlets"))}
    articles: dict[str, Article] = {}
    for raw in _list(data, "articles"):
        article = parse_article(raw, outlets, reports_dir)
        if article.id in articles:
            raise ManifestError(f"article {article.id!r} is defined twice")
        articles[article.id] = article
    feed_list = [_feed(raw, outlets, articles, base_dir) for raw in _list(data, "feeds")]
    feeds = {f.name: f for f in feed_list}
    behaviours = tuple(_behaviour(raw, base_dir) for raw in _list(data, "behaviours"))
    return Manifest(
        title=str(data.get("title", "Watchpost offline news site")),
        outlets=outlets,
        articles=articles,
        feeds=feeds,
        behaviours=behaviours,
        reports_dir=reports_dir,
        base_dir=base_dir,
    )


def parse_article(
    raw: Any, outlets: dict[str, Outlet], reports_dir: Path, default_outlet: str | None = None
) -> Article:
    """Build an Article from a manifest mapping (also used by `NewsSite.publish`)."""
    if not isinstance(raw, dict):
        raise ManifestError(f"an article must be a mapping, got {raw!r}")
    allowed = {"id", "outlet", "slug", "path", "title", "author", "published", "summary",
               "report", "paragraphs", "body", "section", "encoding", "serve"}
    _no_unknown(raw, allowed, f"article {raw.get('id', '?')}: ")
    title = _required_str(raw, "title", "article")
    outlet_id = str(raw.get("outlet") or default_outlet or "")
    if outlet_id not in outlets:
        raise ManifestError(f"article {title!r}: unknown outlet {outlet_id!r}")
    outlet = outlets[outlet_id]
    published = parse_datetime(raw.get("published"), f"article {title!r}")
    paragraphs = _paragraphs(raw, reports_dir, title)
    slug = str(raw.get("slug") or slugify(title))
    path = str(raw.get("path") or f"{outlet.prefix}{published:%Y/%m/%d}/{slug}.html")
    if not path.startswith("/"):
        raise ManifestError(f"article {title!r}: path must start with '/': {path!r}")
    encoding = str(raw.get("encoding", "utf-8"))
    for text in (title, *paragraphs):
        try:
            text.encode(encoding)
        except (LookupError, UnicodeEncodeError) as exc:
            raise ManifestError(f"article {title!r}: cannot encode as {encoding}: {exc}") from exc
    return Article(
        id=str(raw.get("id") or slug),
        outlet=outlet_id,
        path=path,
        title=title,
        author=str(raw.get("author", "Staff Reporter")),
        published=published,
        paragraphs=paragraphs,
        summary=str(raw.get("summary") or default_summary(paragraphs)),
        section=str(raw.get("section", "News")),
        encoding=encoding,
        serve=bool(raw.get("serve", True)),
    )


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
    _no_unknown(raw, {"id", "name", "prefix", "tagline"}, f"outlet {raw.get('id', '?')}: ")
    prefix = _required_str(raw, "prefix", "outlet")
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ManifestError(f"outlet prefix must look like /name/: {prefix!r}")
    return Outlet(
        id=_required_str(raw, "id", "outlet"),
        name=_required_str(raw, "name", "outlet"),
        prefix=prefix,
        tagline=str(raw.get("tagline", "")),
    )


def _feed(raw: Any, outlets: dict[str, Outlet], articles: dict[str, Article], base: Path) -> Feed:
    """Validate one feed mapping and its entries."""
    if not isinstance(raw, dict):
        raise ManifestError(f"a feed must be a mapping, got {raw!r}")
    allowed = {"name", "outlet", "path", "format", "title", "description", "entries",
               "headers", "raw_file", "content_type"}
    _no_unknown(raw, allowed, f"feed {raw.get('name', '?')}: ")
    name = _required_str(raw, "name", "feed")
    fmt = _required_str(raw, "format", f"feed {name}")
    if fmt not in FEED_FORMATS:
        raise ManifestError(f"feed {name}: format must be one of {FEED_FORMATS}, not {fmt!r}")
    outlet = str(raw.get("outlet", ""))
    if outlet not in outlets:
        raise ManifestError(f"feed {name}: unknown outlet {outlet!r}")
    entries = tuple(_entry(item, name, articles) for item in raw.get("entries") or [])
    headers = tuple((str(k), str(v)) for k, v in (raw.get("headers") or {}).items())
    raw_file = base / str(raw["raw_file"]) if raw.get("raw_file") else None
    if raw_file is not None and not raw_file.is_file():
        raise ManifestError(f"feed {name}: raw_file not found: {raw_file}")
    return Feed(
        name=name,
        outlet=outlet,
        path=_required_str(raw, "path", f"feed {name}"),
        format=fmt,
        title=str(raw.get("title") or f"{outlets[outlet].name}: {name}"),
        description=str(raw.get("description") or outlets[outlet].tagline or name),
        entries=entries,
        headers=headers,
        raw_file=raw_file,
        content_type=str(raw["content_type"]) if raw.get("content_type") else None,
    )


def _entry(item: Any, feed: str, articles: dict[str, Article]) -> Entry:
    """A feed entry: an article id, or a mapping with `article`, `link` and `suffix`."""
    if isinstance(item, str):
        item = {"article": item}
    if not isinstance(item, dict):
        raise ManifestError(f"feed {feed}: bad entry {item!r}")
    _no_unknown(item, {"article", "link", "suffix"}, f"feed {feed} entry: ")
    article = str(item.get("article", ""))
    if article not in articles:
        raise ManifestError(f"feed {feed}: unknown article {article!r}")
    link = str(item["link"]) if item.get("link") else None
    return Entry(article=article, link=link, suffix=str(item.get("suffix", "")))


_BEHAVIOUR_ACTIONS = ("fail", "hang", "redirect", "raw_file", "raw", "ignore_conditional")


def _behaviour(raw: Any, base: Path) -> Behaviour:
    """A manifest behaviour: `{path, <action>: value, ...options}` with exactly one action."""
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
        raise ManifestError(f"a behaviour needs a `path`: {raw!r}")
    actions = [a for a in _BEHAVIOUR_ACTIONS if a in raw]
    if len(actions) != 1:
        raise ManifestError(f"behaviour {raw['path']}: give exactly one of {_BEHAVIOUR_ACTIONS}")
    allowed = {"path", *actions, "status", "times", "headers", "content_type"}
    _no_unknown(raw, allowed, f"behaviour {raw['path']}: ")
    options = {k: v for k, v in raw.items() if k != "path"}
    if actions[0] == "raw_file":
        file = base / str(raw["raw_file"])
        if not file.is_file():
            raise ManifestError(f"behaviour {raw['path']}: raw_file not found: {file}")
        options["raw_file"] = file
    return Behaviour(path=raw["path"], action=actions[0], options=options)


def _list(data: dict[str, Any], key: str) -> list[Any]:
    """A top-level list (missing means empty)."""
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ManifestError(f"`{key}` must be a list")
    return value


def _required_str(raw: dict[str, Any], key: str, where: str) -> str:
    """A mandatory non-empty string field."""
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}: `{key}` is required")
    return value.strip()


def _no_unknown(raw: dict[str, Any], allowed: set[str], where: str) -> None:
    """Reject typos early: an unknown key is an error, not silently ignored."""
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ManifestError(f"{where}unknown key(s): {', '.join(unknown)}")

"""The test site's manifest: the demo manifest plus raw feeds and scripted behaviours.

A raw feed is a feed entry with `raw_file` (its body is that file's bytes: a truncated feed, an
HTML page at a feed URL, ...); `behaviours` lists paths that fail, hang, redirect or serve fixed
bytes from the start. Both are taken out of the mapping before the demo's own loader
(crawler.demo.manifest.build_manifest) validates the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.demo.manifest import (
    Manifest,
    ManifestError,
    build_manifest,
    feed_basics,
    mapping_list,
    read_manifest,
    reject_unknown,
    required_str,
)
from crawler.demo.site import FEED_MIME

BEHAVIOUR_ACTIONS = ("fail", "hang", "redirect", "raw_file", "raw", "ignore_conditional")
_RAW_FEED_KEYS = {"name", "outlet", "path", "format", "title", "description", "raw_file",
                  "content_type"}


@dataclass(frozen=True)
class RawFeed:
    """A feed whose body is a file's bytes instead of rendered entries."""

    name: str
    outlet: str
    path: str
    format: str
    body: bytes
    content_type: str


@dataclass(frozen=True)
class Behaviour:
    """A path's scripted behaviour from the manifest (one action per entry)."""

    path: str
    action: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteManifest:
    """The demo part, and what only the test site serves."""

    manifest: Manifest
    raw_feeds: tuple[RawFeed, ...]
    behaviours: tuple[Behaviour, ...]


def load_site_manifest(path: Path) -> SiteManifest:
    """Load a test site manifest; relative file paths resolve against its directory."""
    data = read_manifest(path)
    behaviours = mapping_list(data, "behaviours")
    feeds = mapping_list(data, "feeds")
    raw = [f for f in feeds if isinstance(f, dict) and "raw_file" in f]
    rendered = {**data, "feeds": [f for f in feeds if f not in raw]}
    rendered.pop("behaviours", None)
    manifest = build_manifest(rendered, path)
    return SiteManifest(
        manifest=manifest,
        raw_feeds=tuple(_raw_feed(item, manifest) for item in raw),
        behaviours=tuple(_behaviour(item, manifest.base_dir) for item in behaviours),
    )


def _raw_feed(raw: dict[str, Any], manifest: Manifest) -> RawFeed:
    """Validate one raw feed mapping and read its file."""
    reject_unknown(raw, _RAW_FEED_KEYS, f"feed {raw.get('name', '?')}: ")
    name, fmt, outlet = feed_basics(raw, manifest.outlets)
    file = manifest.base_dir / str(raw["raw_file"])
    if not file.is_file():
        raise ManifestError(f"feed {name}: raw_file not found: {file}")
    return RawFeed(name=name, outlet=outlet, path=required_str(raw, "path", f"feed {name}"),
                   format=fmt, body=file.read_bytes(),
                   content_type=str(raw.get("content_type") or FEED_MIME[fmt]))


def _behaviour(raw: Any, base: Path) -> Behaviour:
    """A manifest behaviour: `{path, <action>: value, ...options}` with exactly one action."""
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
        raise ManifestError(f"a behaviour needs a `path`: {raw!r}")
    actions = [a for a in BEHAVIOUR_ACTIONS if a in raw]
    if len(actions) != 1:
        raise ManifestError(f"behaviour {raw['path']}: give exactly one of {BEHAVIOUR_ACTIONS}")
    allowed = {"path", *actions, "status", "times", "headers", "content_type"}
    reject_unknown(raw, allowed, f"behaviour {raw['path']}: ")
    options = {k: v for k, v in raw.items() if k != "path"}
    if actions[0] == "raw_file":
        file = base / str(raw["raw_file"])
        if not file.is_file():
            raise ManifestError(f"behaviour {raw['path']}: raw_file not found: {file}")
        options["raw_file"] = file
    return Behaviour(path=raw["path"], action=actions[0], options=options)

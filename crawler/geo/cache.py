"""The shipped gazetteer compiled once and kept on disk: a pickle of the tables and a SQLite file
of the small towns (crawler.geo.towns), both named by the same key.

Building reads all of the world data packages (crawler.geo.sources: several seconds and a few
hundred MB while it runs); the compiled tables alone take about 60 MB, the towns none until
asked for. Every crawl, daemon tick and extraction worker loads the gazetteer, so the cache saves
both start-up time and memory.

The file's name carries a key over everything the tables are built from (the data packages'
versions, the seed files, the builder's code), so a change to any of them builds a new one;
no command is needed to refresh it. The cache is a pickle in the user's own cache directory
(mode 0700), trusted like the user's own .pyc files.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import hashlib
import importlib.metadata
import logging
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

from crawler.geo import places
from crawler.geo.places import Tables
from crawler.geo.sources import PACKAGES
from crawler.geo.towns import TownRow, write_towns
from crawler.parse import textnorm
from crawler.resources import seed

log = logging.getLogger(__name__)
# The code that shapes the tables is part of the key, so an upgrade never reads a stale pickle.
_HERE = Path(places.__file__ or "")
_CODE = (*(_HERE.with_name(f"{m}.py") for m in ("build", "admin", "cities", "sources", "towns")),
         _HERE, Path(textnorm.__file__ or ""))


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
    for package in PACKAGES:
        digest.update(f"{package}={importlib.metadata.version(package)};".encode())
    for path in (*sorted(seed("gazetteer").glob("*.yaml")), *_CODE):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


@functools.lru_cache(maxsize=1)
def shipped() -> Tables:
    """The shipped tables: from the cache file when it is current, else built (and cached)."""
    return _shipped()[0]


def shipped_towns() -> Path | None:
    """The small-town file of the shipped gazetteer (None when it could not be written)."""
    return _shipped()[1]


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[Tables, Path | None]:
    key = cache_key()
    path = cache_dir() / f"gazetteer-{key}.pickle"
    towns = cache_dir() / f"towns-{key}.sqlite"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                             ImportError, TypeError):
        with path.open("rb") as handle, _collector_paused():
            tables = pickle.load(handle)
        if isinstance(tables, Tables) and towns.is_file():
            return tables, towns
    # Imported only now: a current cache never loads the world data packages.
    from crawler.geo.build import build_shipped  # noqa: PLC0415  (lazy on purpose, see above)

    tables, rows = build_shipped()
    _store(path, tables)
    stored = _store_towns(towns, rows)
    del rows
    _release_build_memory()
    return tables, stored


def _release_build_memory() -> None:
    """Hand the build's garbage back to the system: the process that built the tables goes on
    crawling and forks its workers, which would otherwise each inherit a few hundred MB."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc only; elsewhere the memory stays


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


def _store_towns(path: Path, rows: list[TownRow]) -> Path | None:
    """Write the town file atomically beside the tables (in a temporary folder if it cannot)."""
    for folder in (path.parent, Path(tempfile.mkdtemp(prefix="watchpost-towns-"))):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".towns-")
            os.close(handle)
            os.unlink(temporary)
            write_towns(Path(temporary), rows)
            final = folder / path.name
            os.replace(temporary, final)
            for old in folder.glob("towns-*.sqlite"):
                if old != final:
                    old.unlink(missing_ok=True)
            return final
        except (OSError, sqlite3.Error) as exc:
            log.debug("town file not written to %s: %s", folder, exc)
    return None

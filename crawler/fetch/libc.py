"""The C library, for the few calls Python does not wrap (prctl, malloc_trim)."""

from __future__ import annotations

import ctypes
import functools


@functools.lru_cache(maxsize=1)
def libc() -> ctypes.CDLL:
    """The process's own C library, with errno kept.

    dlopen(NULL), not ctypes.util.find_library("c"): on Linux that runs `ldconfig -p` in a
    subprocess, a fork of a 100 MB extraction worker at every crawl's start.
    """
    return ctypes.CDLL(None, use_errno=True)

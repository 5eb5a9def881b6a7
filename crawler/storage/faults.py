"""What a failed database operation means: a StorageError naming the file and the real cause.

SQLite reports a full disk, a read-only file and a lost file system by result code; Python's
sqlite3 keeps the code on the exception (`sqlite_errorcode`, since 3.11). Those become
StorageFull, StorageReadOnly or StorageError, with what the file system says added to the cause
(free space, which part is read-only). An error in SQL itself (SQLITE_ERROR, a constraint) is a
bug, not a storage fault: it is left as it is.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from crawler.errors import StorageError, StorageFull, StorageReadOnly

# SQLite primary result codes (the low byte of an extended code).
_FULL, _READONLY, _CANTOPEN, _IOERR = 13, 8, 14, 10
_STORAGE_CODES = {
    3,   # SQLITE_PERM
    5,   # SQLITE_BUSY: the write lock was not free within the busy timeout
    6,   # SQLITE_LOCKED
    7,   # SQLITE_NOMEM
    _READONLY, _IOERR,
    11,  # SQLITE_CORRUPT
    _FULL, _CANTOPEN,
    15,  # SQLITE_PROTOCOL
    26,  # SQLITE_NOTADB
}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NEARLY_FULL = 1 << 20
_READONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def database_file(db: Database) -> str:
    """The file of a connection's main database ('' for an in-memory one)."""
    try:
        for _, name, file in db.conn.execute("PRAGMA database_list").fetchall():
            if name == "main":
                return str(file)
    except sqlite3.Error:
        pass
    return ""


def storage_error(exc: BaseException, path: str | Path, doing: str) -> StorageError | None:
    """The StorageError `exc` means for the database at `path` while `doing` something
    (e.g. "storing articles"), or None when it is not a storage fault."""
    if isinstance(exc, StorageError):
        return exc
    path = str(path) or "(in memory)"
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", -1)
        primary = code & 0xFF if code >= 0 else -1
        if primary not in _STORAGE_CODES:
            return None
        full = primary == _FULL or (primary == _IOERR and _nearly_full(path))
        read_only = primary == _READONLY or (primary == _CANTOPEN and _read_only(path))
    elif isinstance(exc, OSError):
        full = exc.errno in _FULL_ERRNOS
        read_only = exc.errno in _READONLY_ERRNOS
    else:
        return None
    cause = str(exc) or type(exc).__name__
    if full:
        return StorageFull(f"database {path} is full while {doing}: {cause}{_space_note(path)}",
                           path=path, cause=cause)
    if read_only:
        note = _read_only(path)
        return StorageReadOnly(
            f"database {path} cannot be written while {doing}: {cause}"
            + (f" ({note})" if note else ""), path=path, cause=cause)
    return StorageError(f"database {path} failed while {doing}: {cause}", path=path,
                        cause=cause)


def _free_bytes(path: str) -> int | None:
    """Bytes free for this user on the file system of `path` (None when unknown)."""
    try:
        stat = os.statvfs(Path(path).parent)
    except OSError:
        return None
    return stat.f_bavail * stat.f_frsize


def _nearly_full(path: str) -> bool:
    """Less than a MiB free: an I/O error then is the disk filling (a write or the WAL index
    that could not grow), not a failing device."""
    free = _free_bytes(path)
    return free is not None and free < _NEARLY_FULL


def _space_note(path: str) -> str:
    free = _free_bytes(path)
    if free is None:
        return ""
    if free < _NEARLY_FULL:
        return f"; its file system has no space left ({free // 1024} KiB free)"
    # Space left on the disk yet SQLite says full: the page limit (max_page_count) was hit,
    # or the disk was full a moment ago.
    return f"; its file system has {free / 1_048_576:.1f} MB free"


def _read_only(path: str) -> str:
    """Which part is read-only ('' when nothing looks read-only)."""
    target = Path(path)
    folder = target.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"the file system of {folder} is mounted read-only"
    except OSError:
        return f"its folder {folder} cannot be read"
    if target.exists() and not os.access(target, os.W_OK):
        return "the file is read-only"
    if not os.access(folder, os.W_OK):
        return f"its folder {folder} is read-only"
    try:
        # A read-only bind mount of the file alone (or an immutable file) passes the checks
        # above: only opening it for writing tells.
        os.close(os.open(target, os.O_WRONLY))
    except FileNotFoundError:
        return ""
    except OSError as exc:
        if exc.errno in _READONLY_ERRNOS:
            return f"the file is read-only ({os.strerror(exc.errno or 0)})"
    return ""

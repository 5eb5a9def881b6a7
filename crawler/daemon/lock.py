"""One daemon per database: an OS file lock next to it, released by the kernel when we die."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from crawler.errors import WatchpostError


class AlreadyRunning(WatchpostError):
    """Another daemon holds the lock of this database."""


def lock_path(database: Path) -> Path:
    """The lock file of a database: `<database>.daemon.lock`."""
    return database.with_name(database.name + ".daemon.lock")


class DaemonLock:
    """An exclusive flock(2) on `<database>.daemon.lock`.

    flock, not a pid file: the kernel drops it when the holder exits, even by SIGKILL, so a
    crashed daemon never leaves a stale lock. The descriptor is close-on-exec (Python's default),
    so crawl children do not inherit and keep it.
    """

    def __init__(self, database: Path) -> None:
        self.path = lock_path(database)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyRunning naming the holder's pid."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise AlreadyRunning(
                f"another watchpost daemon (pid {holder}) is already running on this database "
                f"(lock {self.path})"
            ) from None
        # The pid is only informative (for the message above); the lock itself is the truth,
        # so a full disk that refuses these few bytes does not stop the daemon.
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        except OSError:
            pass
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (closing the descriptor releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DaemonLock:
        """Acquire on entering a `with` block."""
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Release on leaving the `with` block."""
        self.release()

"""Article extraction in worker processes, so the reactor thread only downloads and writes.

trafilatura is not thread-safe (a double free in 3 of 19 threaded runs here) and extraction is
CPU-bound, so pages go to a pool of spawned processes; the spider's callback awaits the result.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from crawler.extract import Extracted, extract_article, text_hash

log = logging.getLogger(__name__)
# Below this many articles, starting processes (about a second each) costs more than it saves.
PARALLEL_MIN = 24


@dataclass(frozen=True)
class ExtractOptions:
    """trafilatura settings passed to every article extraction."""

    min_extracted_size: int = 120
    min_output_size: int = 40
    fast: bool = False


def default_workers() -> int:
    """One worker per CPU this process may run on (the reactor needs little of a core)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _warm_up() -> None:
    """Import trafilatura and build its config once per worker, not on the first page."""
    extract_article(b"<html><body><p>warm up</p></body></html>", "http://localhost/")


def _extract(body: bytes, url: str, options: ExtractOptions, known_title: str | None
             ) -> tuple[Extracted, str]:
    """Extract and hash the text (both CPU work, both off the reactor)."""
    extracted = extract_article(
        body, url, options.min_extracted_size, options.min_output_size, options.fast,
        with_metadata=known_title is None, known_title=known_title or "",
    )
    return extracted, text_hash(extracted.text)


class ExtractPool:
    """A process pool extracting pages; `extract` returns an awaitable asyncio future.

    With workers=0 extraction runs inline (no processes): for tiny crawls and debugging.
    """

    def __init__(self, options: ExtractOptions, workers: int | None = None) -> None:
        self.options = options
        self.workers = default_workers() if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None
        if self.workers > 0:
            self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # spawn, not fork: forking a process that runs the Twisted reactor and SQLite
        # connections copies their locks and threads in whatever state they are in.
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_warm_up)
        # Start every worker now, while the feeds download, not on the first article.
        for _ in range(self.workers):
            pool.submit(os.getpid)
        return pool

    def extract(self, body: bytes, url: str, known_title: str | None = None
                ) -> asyncio.Future[tuple[Extracted, str]]:
        """Extract one page in a worker: (what was extracted, text_hash of its text).

        Give `known_title` when the feed entry already names title, date and author: the
        page's metadata is then not read. The result is awaited on the reactor's event loop.
        """
        loop = asyncio.get_event_loop()
        args = (body, url, self.options, known_title)
        if self._pool is None:
            done: asyncio.Future[tuple[Extracted, str]] = loop.create_future()
            done.set_result(_extract(*args))
            return done
        try:
            future: Future[tuple[Extracted, str]] = self._pool.submit(_extract, *args)
        except BrokenProcessPool:
            # A worker died (killed, out of memory, a crash in C): that page fails, the crawl
            # goes on with a fresh pool.
            log.warning("extraction worker died; restarting %d workers", self.workers)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()
            future = self._pool.submit(_extract, *args)
        return asyncio.wrap_future(future, loop=loop)

    def close(self) -> None:
        """Stop the workers (pending pages are not extracted: the crawl is over)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# The resolver a facts worker reads with: set once by the pool's initializer in each worker
# process (never in the crawl process), since a 5 MB gazetteer is too big to send per task.
_worker_resolver: Any = None


def _init_facts(resolver: Any) -> None:
    global _worker_resolver
    _worker_resolver = resolver


def _facts_chunk(rows: list[dict[str, Any]]) -> list[Any]:
    from crawler.resolve import facts_of  # noqa: PLC0415 (resolve imports this module)

    return [facts_of(row, _worker_resolver) for row in rows]


def facts_in_processes(
    rows: Sequence[dict[str, Any]], resolver: Any, workers: int | None = None,
    chunk: int = 8,
) -> Iterator[Any]:
    """Facts of each row, in order, extracted by worker processes (both cores, not one).

    Fact extraction reads only the article, so it runs apart from resolution, which must stay
    sequential in one writer; `workers` as in ExtractPool (0 = in this process).
    """
    from crawler.resolve import facts_of  # noqa: PLC0415

    count = default_workers() if workers is None else workers
    if count <= 1 or len(rows) < PARALLEL_MIN:
        yield from (facts_of(row, resolver) for row in rows)
        return
    context = multiprocessing.get_context("spawn")
    chunks = [list(rows[i : i + chunk]) for i in range(0, len(rows), chunk)]
    with ProcessPoolExecutor(count, mp_context=context, initializer=_init_facts,
                             initargs=(resolver,)) as pool:
        for facts in pool.map(_facts_chunk, chunks):
            yield from facts

"""Article extraction and analysis in worker processes, so the reactor only downloads and writes.

trafilatura is not thread-safe (a double free in 3 of 19 threaded runs here), and extraction,
watch matching and fact extraction are CPU-bound, so pages go to a pool of worker processes
(forked when that is safe, see _may_fork; else spawned); the spider's callback awaits the result.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import gc
import logging
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from crawler.config import Config
from crawler.fetch.libc import libc
from crawler.fetch.lifeline import die_with_parent
from crawler.incidents.resolver import build_resolver, facts_of
from crawler.matching.analyse import Analysis, analyse, build_matcher, page_fields
from crawler.models import FeedEntry, ParsedFeed
from crawler.parse.extract import Extracted, extract_article, text_hash, use_c_element_lookup
from crawler.parse.feeds import parse_feed

log = logging.getLogger(__name__)
T = TypeVar("T")
# Below this many articles, starting processes (about a second each) costs more than it saves.
PARALLEL_MIN = 24


@dataclass(frozen=True)
class ExtractOptions:
    """trafilatura settings passed to every article extraction."""

    min_extracted_size: int = 120
    min_output_size: int = 40
    fast: bool = False


def extract_options(config: Config) -> ExtractOptions:
    """The trafilatura settings of config's `crawl.extract`."""
    extract = config.crawl.extract
    return ExtractOptions(extract.min_extracted_size, extract.min_output_size, extract.fast)


def default_workers() -> int:
    """One worker per CPU this process may run on (the reactor needs little of a core)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class PageResult:
    """One page's extraction, its text hash, and its analysis (None: left for after the crawl)."""

    extracted: Extracted
    text_hash: str
    analysis: Analysis | None = None
    # Why the analysis failed here (it is retried after the crawl, and reported there too).
    problem: str | None = None


# The config a worker analyses with: set once by the pool's initializer in each worker process.
_worker_config: Config | None = None


def _start_worker(parent: int, config: Config | None, options: ExtractOptions) -> None:
    """Import trafilatura, build its config and the watches once per worker, not per page.

    A worker dies with the crawl process: one killed (SIGKILL by the daemon's budget, the
    OOM killer, an operator) would otherwise leave its workers blocked on their queue for
    good, 120 MB each.
    """
    global _worker_config
    die_with_parent(parent)
    _worker_config = config
    use_c_element_lookup()
    # With the crawl's own options: default extraction on this tiny page falls back to
    # justext, whose stop lists (0.3 s to load) fast mode never uses.
    extract_article(b"<html><body><p>warm up</p></body></html>", "http://localhost/",
                    options.min_extracted_size, options.min_output_size, options.fast)
    if config is not None and config.enabled_watches():
        build_matcher(config)
        build_resolver(config)
    _trim_heap()
    # What start-up built lives as long as the worker: out of every later collection's walk,
    # and out of the interpreter's final ones (a worker's exit took 0.15 s of the crawl's end).
    gc.freeze()
    atexit.register(gc.freeze)


def _trim_heap() -> None:
    """Hand the start-up's freed heap (unpickling, compiling) back to the OS: 5 MB a worker.

    glibc keeps freed memory for reuse; a worker's steady state never needs it again.
    """
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        libc().malloc_trim(0)


def process_page(body: bytes, url: str, options: ExtractOptions, entry: FeedEntry,
                 language: str | None, config: Config | None,
                 content_type: str | None = None) -> PageResult:
    """Extract one page, hash its text and, with watches configured, analyse it.

    The page's metadata is read only for what the feed entry did not say (title, date and
    author all given: trafilatura's metadata pass is skipped). `content_type` is the
    response's header, whose charset decoding weighs.
    """
    complete = bool(entry.title and entry.published and entry.author)
    extracted = extract_article(
        body, url, options.min_extracted_size, options.min_output_size, options.fast,
        with_metadata=not complete, known_title=entry.title if complete else "",
        content_type=content_type, language=language,
    )
    hashed = text_hash(extracted.text)
    if not extracted.ok or config is None or not config.enabled_watches():
        return PageResult(extracted, hashed)

    try:
        analysis = analyse(page_fields(entry, extracted, language), config)
    except Exception as exc:  # a bug on one hostile page must not lose its extracted text
        return PageResult(extracted, hashed, None, f"{type(exc).__name__}: {exc}")
    return PageResult(extracted, hashed, analysis)


def _done(result: T) -> asyncio.Future[T]:
    """An already-resolved future: the inline (workers=0) path of the pool's calls."""
    done: asyncio.Future[T] = asyncio.get_event_loop().create_future()
    done.set_result(result)
    return done


def _may_fork() -> bool:
    """Whether workers may be forked from this process now, rather than spawned.

    A forked worker starts with what this process has loaded (its modules, the gazetteer):
    0.3 s, where a spawned one imports and loads it all again, a second on a busy machine,
    while the crawl waits. Only on Linux, and only while this process is one thread: a pool
    started once threads run (a replacement for a dead worker mid-crawl, a crawl inside a
    threaded host such as the test suite) would copy their locks in whatever state they are
    in, so it is spawned. `watchpost crawl` and the spider both start theirs before Scrapy's
    threads. The crawl's database connection may be open by then: a worker never uses it
    and leaves with os._exit (multiprocessing's fork start), so it never closes it either.
    """
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _process_in_worker(body: bytes, url: str, options: ExtractOptions, entry: FeedEntry,
                       language: str | None, content_type: str | None) -> PageResult:
    return process_page(body, url, options, entry, language, _worker_config, content_type)


class ExtractPool:
    """A process pool extracting and analysing pages; `process` returns an asyncio future.

    With workers=0 everything runs inline (no processes): for tiny crawls and debugging.
    `config` gives the watches to analyse with (None: extraction only).
    """

    def __init__(self, options: ExtractOptions, workers: int | None = None,
                 config: Config | None = None) -> None:
        self.options = options
        self.config = config
        self.workers = default_workers() if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None
        self._warming: list[Future[int]] = []
        if self.workers > 0:
            self._pool = self._start()

    def ready(self) -> bool:
        """True once every worker has started (or there are none): tasks run at once."""
        return all(future.done() for future in self._warming)

    def _start(self) -> ProcessPoolExecutor:
        fork = _may_fork()
        context = multiprocessing.get_context("fork" if fork else "spawn")
        pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                   initargs=(os.getpid(), self.config, self.options))
        if fork:
            # What exists now is shared with the workers, not copied: their collector
            # leaves it alone (its passes would write to every inherited object's header).
            gc.freeze()
        try:
            # Start every worker now, while the feeds download, not on the first article
            # (a fork pool forks them all at the first submit).
            self._warming = [pool.submit(os.getpid) for _ in range(self.workers)]
        finally:
            if fork:
                gc.unfreeze()
        return pool

    def process(self, body: bytes, url: str, entry: FeedEntry, language: str | None,
                content_type: str | None = None) -> asyncio.Future[PageResult]:
        """Extract (and analyse) one page in a worker; awaited on the reactor's event loop."""
        if self._pool is None:
            return _done(process_page(body, url, self.options, entry, language, self.config,
                                      content_type))
        return self._submit(_process_in_worker, body, url, self.options, entry, language,
                            content_type)

    def parse(self, body: bytes, url: str, headers: Mapping[str, str],
              language: str | None = None) -> asyncio.Future[ParsedFeed]:
        """Parse one feed body in a worker.

        feedparser takes 20-30 ms a feed: on the reactor thread, a crawl's opening seconds
        went on parsing feeds one by one while the workers, already started, sat idle and
        no article was downloaded. Until the workers have started, though (a second, with
        trafilatura, the gazetteer and the watches to load), the reactor is the one idle:
        the first feeds are parsed here meanwhile, and their articles are downloaded by the
        time the workers can take them.
        """
        if self._pool is None or not self.ready():
            return _done(parse_feed(body, url, headers, language=language))
        return self._submit(parse_feed, body, url, dict(headers), None, language)

    def _submit(self, fn: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        assert self._pool is not None
        try:
            future: Future[T] = self._pool.submit(fn, *args)
        except BrokenProcessPool:
            # A worker died (killed, out of memory, a crash in C): the task it held fails,
            # the crawl goes on with a fresh pool.
            log.warning("extraction worker died; restarting %d workers", self.workers)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()
            future = self._pool.submit(fn, *args)
        return asyncio.wrap_future(future, loop=asyncio.get_event_loop())

    def close(self) -> None:
        """Stop the workers (pending pages are not extracted: the crawl is over).

        Waited for: post-crawl processing may start fact workers of its own, and with two
        workers still exiting the process tree's peak went from 380 to 486 MB.
        """
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# The resolver a facts worker reads with: set once by the pool's initializer in each worker
# process (never in the crawl process), since a 5 MB gazetteer is too big to send per task.
_worker_resolver: Any = None


def _init_facts(parent: int, resolver: Any) -> None:
    global _worker_resolver
    die_with_parent(parent)
    _worker_resolver = resolver


def _facts_chunk(rows: list[dict[str, Any]]) -> list[Any]:
    return [facts_of(row, _worker_resolver) for row in rows]


def facts_in_processes(
    rows: Sequence[dict[str, Any]], resolver: Any, workers: int | None = None,
    chunk: int = 8,
) -> Iterator[Any]:
    """Facts of each row, in order, extracted by worker processes (both cores, not one).

    Fact extraction reads only the article, so it runs apart from resolution, which must stay
    sequential in one writer; `workers` as in ExtractPool (0 = in this process).
    """
    count = default_workers() if workers is None else workers
    if count <= 1 or len(rows) < PARALLEL_MIN:
        yield from (facts_of(row, resolver) for row in rows)
        return
    context = multiprocessing.get_context("spawn")
    chunks = [list(rows[i : i + chunk]) for i in range(0, len(rows), chunk)]
    with ProcessPoolExecutor(count, mp_context=context, initializer=_init_facts,
                             initargs=(os.getpid(), resolver)) as pool:
        for facts in pool.map(_facts_chunk, chunks):
            yield from facts

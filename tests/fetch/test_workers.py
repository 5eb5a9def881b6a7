"""The extraction pool: feeds parsed in the crawl process only until the workers are up."""

from __future__ import annotations

import asyncio

from crawler.fetch.workers import ExtractOptions, ExtractPool
from crawler.parse.feeds import parse_feed
from tests.support.waiting import wait_for

FEED = (b'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        b"<link>https://a.example/1</link></item></channel></rss>")
URL = "https://a.example/feed"


def test_feeds_parse_here_until_the_workers_are_up_then_in_them() -> None:
    pool = ExtractPool(ExtractOptions(), workers=1)
    expected = parse_feed(FEED, URL, {})
    try:
        async def parse() -> tuple[bool, object]:
            future = pool.parse(FEED, URL, {})
            inline = future.done()  # parsed before parse() returned: on this thread
            return inline, await future

        # A spawned worker needs a good part of a second to import; this is microseconds.
        assert not pool.ready()
        inline, parsed = asyncio.run(parse())
        assert inline and parsed == expected
        wait_for(pool.ready, timeout=60)
        inline, parsed = asyncio.run(parse())
        assert not inline and parsed == expected
    finally:
        pool.close()

"""Scrapy settings for one crawl: politeness and limits from config, watchpost's components in,
the ones a feed crawl never uses out, and Scrapy's unsafe defaults switched off."""

from __future__ import annotations

from typing import Any

from scrapy.settings.default_settings import EXTENSIONS_BASE

from crawler.config import Config
from crawler.config.schema import CrawlConfig

__all__ = ["UNUSED_EXTENSIONS", "scrapy_settings"]

UNUSED_EXTENSIONS = frozenset((
    "scrapy.extensions.remote_control.RemoteControl",
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.memdebug.MemoryDebugger",
    "scrapy.extensions.feedexport.FeedExporter",
    "scrapy.extensions.spiderstate.SpiderState",
    "scrapy.extensions.throttle.AutoThrottle",
    "scrapy.extensions.closespider.CloseSpider",
))


def scrapy_settings(config: Config) -> dict[str, Any]:
    """Scrapy settings from config: politeness, limits, and the unsafe defaults switched off."""
    return {
        "BOT_NAME": "watchpost",
        **_limits(config.crawl),
        **_components(),
        "WATCHPOST_DB": str(config.database),
        "WATCHPOST_ALLOW_HOSTS": list(config.crawl.allow_hosts),
        **_logging(config.logging.level),
    }


def _limits(crawl: CrawlConfig) -> dict[str, Any]:
    """Politeness, sizes, timeouts and retries, and what no crawl of ours should ever do."""
    return {
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        # Off: a localhost code-running console, a remote-control server, and session state.
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "COOKIES_ENABLED": False,
        **_connections(),
        # The default 1 GiB lets decompression bombs through.
        "DOWNLOAD_MAXSIZE": int(crawl.max_size_mb * 1024 * 1024),
        "DOWNLOAD_WARNSIZE": int(crawl.max_size_mb * 1024 * 1024 / 2),
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "DNS_TIMEOUT": min(crawl.timeout, 10),
        "RETRY_TIMES": crawl.retries,
        # The source's own poll line says it failed and why; the give-up adds which request.
        "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",
        # 429 and 503 are not retried at once: they carry Retry-After, honoured by the schedule.
        "RETRY_HTTP_CODES": [500, 502, 504, 522, 524, 408],
        "REDIRECT_MAX_TIMES": 5,
        "CONCURRENT_REQUESTS": crawl.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_domain,
        "DOWNLOAD_DELAY": crawl.delay,
        # The configured delay is a floor: Scrapy's default jitter waits 0.5x-1.5x of it.
        "DOWNLOAD_DELAY_JITTER": 0,
    }


def _connections() -> dict[str, Any]:
    """Every connection goes where the URL guard checked, and nowhere else.

    The resolver checks each DNS answer Twisted connects to (see crawler.fetch.connect_guard);
    http(s) stays on Scrapy's Twisted handler, which resolves through it (the httpx and aiohttp
    handlers resolve on their own); the other schemes' handlers are switched off; and proxies
    from the environment are not used, since the guard would then check the proxy, not the
    site (the webhook channel ignores them for the same reason).
    """
    return {
        "TWISTED_DNS_RESOLVER": "crawler.fetch.connect_guard.GuardedResolver",
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler",
            "https": "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler",
            "data": None, "file": None, "s3": None, "ftp": None,
        },
        "HTTPPROXY_ENABLED": False,
    }


def _components() -> dict[str, Any]:
    """Middlewares, extensions and the item pipeline: ours in, unused ones out."""
    return {
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            # The same retries, logged by source (the stock one names only the URL).
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawler.fetch.middlewares.SourceRetryMiddleware": 550,
            "crawler.fetch.middlewares.URLGuardMiddleware": 50,
            "crawler.fetch.middlewares.StrictRobotsTxtMiddleware": 100,
            # Last on the way out, so first to see each response and download error: the
            # peer address is checked before any other middleware reads the body.
            "crawler.fetch.connect_guard.PeerGuardMiddleware": 990,
            # No allowed_domains (feeds link anywhere; the URL guard decides) and no HTTP auth:
            # both would only add a pass over every request.
            "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            # The same redirects, without decoding every whole page to look for the tag.
            "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
            "crawler.fetch.middlewares.QuickMetaRefreshMiddleware": 580,
        },
        # Per-request byte counts nobody reads (it serialises every request to measure it).
        "DOWNLOADER_STATS": False,
        # Every spider middleware wraps every callback's output in one more async generator:
        # depth is unused (a feed crawl is one level deep) and meta-copy detection is a
        # development aid. Referer stays (the redirect middleware relies on it) but sends none:
        # a site need not learn which feed linked it.
        "REFERRER_POLICY": "no-referrer",
        "SPIDER_MIDDLEWARES": {
            "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
            "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
        },
        # Extensions a crawl never uses are left out of the base list, so they are not even
        # imported (the remote-control one pulls in aiohttp: 0.15 s of every run's start-up).
        # Disabling them in EXTENSIONS would not do: Scrapy imports each key there to
        # normalise it, None or not.
        "EXTENSIONS_BASE": {k: v for k, v in EXTENSIONS_BASE.items()
                            if k not in UNUSED_EXTENSIONS},
        "ITEM_PIPELINES": {"crawler.fetch.pipelines.ArticleWriter": 300},
        # Scrapy starts CONCURRENT_ITEMS (default 100) asyncio tasks for every callback's
        # output; the writer is synchronous, so one is enough (that was 15% of the reactor).
        "CONCURRENT_ITEMS": 1,
    }


def _logging(level: str) -> dict[str, Any]:
    """Scrapy logs warnings only, unless watchpost itself runs at DEBUG."""
    settings: dict[str, Any] = {
        "LOG_LEVEL": "DEBUG" if level == "DEBUG" else "WARNING",
        "LOG_ENABLED": True,
        "LOG_INSTALL_ROOT_HANDLER": False,  # watchpost's own logging set-up stays in charge
    }
    if level != "DEBUG":
        # Scrapy's start-up versions line (INFO: unseen at WARNING) ran `uname -p`, a fork
        # of the whole crawl process, for a line nobody reads. Debug runs still log it.
        settings["LOG_VERSIONS"] = []
    return settings

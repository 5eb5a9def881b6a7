"""The shape of config.yaml: one pydantic model per section, unknown keys refused, values frozen."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crawler.config.daemon import DaemonConfig
from crawler.config.durations import Duration
from crawler.config.subscriptions import SubscriptionConfig
from crawler.config.watches import WatchConfig
from crawler.geo import PlaceConfig
from crawler.net.guard import require_http_url


class Strict(BaseModel):
    """Base for config sections: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceConfig(Strict):
    """One feed to poll."""

    name: str = Field(min_length=1, description="unique name shown in reports")
    url: str = Field(description="feed URL (RSS 2.0, RSS 1.0/RDF, Atom or JSON Feed)")
    interval: Duration | None = Field(None, description="poll interval; default crawl.interval")
    language: str | None = Field(None, description="ISO 639-1 code, e.g. 'en', 'ur'")
    region: str | None = Field(None, description="region hint, e.g. 'Balochistan'")
    tags: tuple[str, ...] = ()
    enabled: bool = True

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        return require_http_url(value)


class ExtractConfig(Strict):
    """trafilatura settings; the floors are low so a three-paragraph breaking report is kept."""

    min_extracted_size: int = Field(120, ge=0)
    min_output_size: int = Field(40, ge=0)
    fast: bool = True


class CrawlConfig(Strict):
    """Politeness, limits and safety for every fetch."""

    interval: Duration = Field(900.0, gt=0, description="default poll interval")
    user_agent: str = "watchpost/0.1 (news monitoring; +https://github.com/watchpost)"
    timeout: Duration = Field(20.0, gt=0)
    max_size_mb: float = Field(20.0, gt=0)
    retries: int = Field(2, ge=0, le=10)
    concurrency_per_domain: int = Field(2, ge=1, le=32)
    concurrency: int = Field(16, ge=1, le=256)
    delay: Duration = Field(1.0, ge=0, description="pause between requests to one domain")
    obey_robots: bool = True
    max_articles_per_feed: int = Field(100, ge=1)
    allow_hosts: tuple[str, ...] = Field(
        (), description="private hosts the URL guard lets through: a name admits that name, an "
        "address or network admits URLs that spell such an address"
    )
    failure_backoff_max: Duration = Field(6 * 3600.0, gt=0)
    # Extraction is CPU-bound and trafilatura is not thread-safe: processes, one per core.
    workers: int | None = Field(
        None, ge=0, le=64,
        description="extraction worker processes; unset = one per CPU, 0 = in the crawl process",
    )
    extract: ExtractConfig = ExtractConfig()


class UnitConfig(Strict):
    """A named sub-unit of an armed group (e.g. the BLA's STOS)."""

    name: str = Field(min_length=1)
    short: str = ""
    aliases: tuple[str, ...] = ()


class ActorConfig(Strict):
    """An armed group for fact extraction; replaces a shipped entry of the same name."""

    name: str = Field(min_length=1)
    short: str = ""
    aliases: tuple[str, ...] = ()
    units: tuple[UnitConfig, ...] = ()
    country: str = ""


class IncidentConfig(Strict):
    """How reports are grouped into incidents."""

    window_days: int = Field(3, ge=0, le=30, description="days either side to look for the same event")


class LoggingConfig(Strict):
    """Where logs go and how they look."""

    level: str = Field("INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    format: str = Field("plain", pattern=r"^(plain|json)$")
    file: Path | None = None


class Config(Strict):
    """The whole configuration; `path` is the file it came from."""

    database: Path = Path("watchpost.db")
    source_files: tuple[Path, ...] = ()
    sources: tuple[SourceConfig, ...] = ()
    crawl: CrawlConfig = CrawlConfig()
    watches: tuple[WatchConfig, ...] = ()
    places: tuple[PlaceConfig, ...] = ()
    actors: tuple[ActorConfig, ...] = ()
    incidents: IncidentConfig = IncidentConfig()
    subscriptions: tuple[SubscriptionConfig, ...] = ()
    daemon: DaemonConfig = DaemonConfig()
    logging: LoggingConfig = LoggingConfig()
    path: Path | None = Field(None, exclude=True)

    def enabled_watches(self) -> list[WatchConfig]:
        """Watches that are switched on, in config order."""
        return [w for w in self.watches if w.enabled]

    def enabled_sources(self) -> list[SourceConfig]:
        """Sources that are switched on, in config order."""
        return [s for s in self.sources if s.enabled]

    def interval_of(self, source: SourceConfig) -> float:
        """The poll interval of a source, falling back to the crawl default."""
        return source.interval if source.interval is not None else self.crawl.interval

"""The one validated configuration object, loaded from YAML with every problem reported at once."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from alerts.subscriptions import JsonlChannel, SubscriptionConfig
from crawler.config.daemon import DaemonConfig
from crawler.config.watches import WatchConfig
from crawler.errors import ConfigError
from crawler.geo import PlaceConfig
from crawler.net.guard import require_http_url

DEFAULT_CONFIG = "config.yaml"
CONFIG_ENV = "WATCHPOST_CONFIG"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def parse_duration(value: Any) -> float:
    """Turn `90`, `"90s"`, `"15m"`, `"2h"` or `"1d"` into seconds."""
    if isinstance(value, bool):
        raise ValueError("a duration is a number of seconds or a string like '15m'")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(f"{value!r} is not a duration (e.g. 90, '90s', '15m', '2h', '1d')")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    return seconds


Duration = Annotated[float, BeforeValidator(parse_duration)]


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
        (), description="private hosts/networks the URL guard lets through"
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


def config_path(explicit: str | os.PathLike[str] | None) -> Path:
    """The config file to use: the option, else $WATCHPOST_CONFIG, else ./config.yaml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_config(path: str | os.PathLike[str]) -> Config:
    """Load, merge seed files and validate a config; raise ConfigError listing every problem."""
    path = Path(path)
    raw = _read_yaml(path, "config")
    if not isinstance(raw, dict):
        raise ConfigError(str(path), ["(top): the config must be a mapping of sections"])
    base = path.resolve().parent
    problems: list[str] = []
    data = dict(raw)
    data["sources"], origins = _gather_sources(data, base, problems)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems.extend(_name_origin(line, origins) for line in format_errors(exc))
        raise ConfigError(str(path), problems) from None
    config = _resolve_paths(config, base, path)
    problems.extend(_check_sources(config))
    problems.extend(_check_watches(config))
    if problems:
        raise ConfigError(str(path), problems)
    return config


def format_errors(exc: ValidationError, prefix: str = "") -> list[str]:
    """Turn pydantic errors into `sources[3].url: message` lines."""
    lines = []
    for err in exc.errors():
        loc = prefix
        for part in err["loc"]:
            loc += f"[{part}]" if isinstance(part, int) else (f".{part}" if loc else str(part))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key"
        lines.append(f"{loc or '(top)'}: {message}")
    return lines


def _read_yaml(path: Path, what: str) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle) or {}
    except FileNotFoundError:
        raise ConfigError(str(path), [f"{what} file not found"]) from None
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(str(path), [f"cannot read {what}: {exc}"]) from None


def _gather_sources(
    data: dict[str, Any], base: Path, problems: list[str]
) -> tuple[list[Any], list[str]]:
    """Inline sources first, then each seed file's `sources:`; with where each one came from."""
    inline = data.get("sources") or []
    if not isinstance(inline, list):
        problems.append("sources: must be a list")
        inline = []
    gathered = list(inline)
    origins = [f"sources[{i}]" for i in range(len(inline))]
    files = data.get("source_files") or []
    if not isinstance(files, list):
        return gathered, origins
    for index, name in enumerate(files):
        file_path = (base / str(name)).resolve()
        try:
            seed = _read_yaml(file_path, "source")
        except ConfigError as exc:
            problems.append(f"source_files[{index}]: {file_path}: {exc.problems[0]}")
            continue
        entries = seed.get("sources") if isinstance(seed, dict) else None
        if not isinstance(entries, list):
            problems.append(f"source_files[{index}]: {file_path}: needs a 'sources:' list")
            continue
        gathered.extend(entries)
        origins.extend(f"{name}: sources[{i}]" for i in range(len(entries)))
    return gathered, origins


def _name_origin(line: str, origins: list[str]) -> str:
    """Point an error about a merged source at the file and index it came from."""
    match = re.match(r"^sources\[(\d+)\]", line)
    if not match or int(match.group(1)) >= len(origins):
        return line
    return origins[int(match.group(1))] + line[match.end() :]


def _resolve_paths(config: Config, base: Path, path: Path) -> Config:
    """Make every relative path relative to the config file, not the working directory."""
    log_file = config.logging.file
    subscriptions = tuple(
        sub.model_copy(update={"channel": sub.channel.model_copy(
            update={"path": str(base / sub.channel.path)})})
        if isinstance(sub.channel, JsonlChannel) else sub
        for sub in config.subscriptions
    )
    return config.model_copy(
        update={
            "subscriptions": subscriptions,
            "database": base / config.database,
            "source_files": tuple(base / p for p in config.source_files),
            "logging": config.logging.model_copy(
                update={"file": base / log_file if log_file else None}
            ),
            "path": path.resolve(),
        }
    )


def _check_sources(config: Config) -> list[str]:
    """Duplicate source and subscription names."""
    problems = _duplicates([s.name for s in config.subscriptions], "subscriptions")
    seen: dict[str, int] = {}
    for index, source in enumerate(config.sources):
        if source.name in seen:
            problems.append(
                f"sources[{index}].name: duplicate source name {source.name!r} "
                f"(first at sources[{seen[source.name]}])"
            )
        seen.setdefault(source.name, index)
    return problems


def _check_watches(config: Config) -> list[str]:
    """Watch problems that need the gazetteer: unknown places, empty rules, bad regex."""
    if not config.watches and not config.places:
        return []
    # Imported here: loading the gazetteer costs about a second, and only watches need it.
    from crawler.config.watches import validate_watches  # noqa: PLC0415
    from crawler.geo import Gazetteer, GazetteerError  # noqa: PLC0415

    try:
        gazetteer = Gazetteer.load(config.places)
    except GazetteerError as exc:
        return list(exc.problems)
    return validate_watches(config.watches, gazetteer)


def _duplicates(names: list[str], section: str) -> list[str]:
    seen: dict[str, int] = {}
    problems = []
    for index, name in enumerate(names):
        if name in seen:
            problems.append(f"{section}[{index}].name: duplicate name {name!r} "
                            f"(first at {section}[{seen[name]}])")
        seen.setdefault(name, index)
    return problems

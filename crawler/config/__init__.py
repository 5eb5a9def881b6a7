"""The one validated configuration object, loaded from YAML with every problem reported at once.

`schema` holds the models, `loading` reads and checks a file, `durations` and `errors` are the
small pieces every section shares; `watches`, `subscriptions` and `daemon` are their sections.
"""

from crawler.config.durations import Duration, parse_duration
from crawler.config.errors import format_errors
from crawler.config.loading import CONFIG_ENV, DEFAULT_CONFIG, config_path, load_config
from crawler.config.schema import (
    ActorConfig,
    Config,
    CrawlConfig,
    ExtractConfig,
    IncidentConfig,
    LoggingConfig,
    SourceConfig,
    Strict,
    UnitConfig,
)

__all__ = [
    "CONFIG_ENV", "DEFAULT_CONFIG", "ActorConfig", "Config", "CrawlConfig", "Duration",
    "ExtractConfig", "IncidentConfig", "LoggingConfig", "SourceConfig", "Strict", "UnitConfig",
    "config_path", "format_errors", "load_config", "parse_duration",
]

"""Reading config.yaml: seed files merged, paths made relative to the file, every problem at once."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from crawler.config.errors import format_errors
from crawler.config.schema import Config
from crawler.config.secrets import secret_problems
from crawler.config.subscriptions import JsonlChannel
from crawler.config.watches import validate_watches
from crawler.errors import ConfigError
from crawler.geo import Gazetteer, GazetteerError

DEFAULT_CONFIG = "config.yaml"
CONFIG_ENV = "WATCHPOST_CONFIG"


def config_path(explicit: str | os.PathLike[str] | None) -> Path:
    """The config file to use: the option, else $WATCHPOST_CONFIG, else ./config.yaml."""
    return Path(explicit or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_config(
    path: str | os.PathLike[str], *, environ: Mapping[str, str] | None = None
) -> Config:
    """Load, merge seed files and validate a config; raise ConfigError listing every problem.

    With `environ` (for commands that deliver alerts), every secret a subscription names must
    be readable from it: a missing one is a problem like any other.
    """
    path = Path(path)
    if not path.exists():
        raise ConfigError(str(path), [
            "config file not found: run `watchpost init` to write a starter config here, or "
            "pass --config FILE (or set WATCHPOST_CONFIG)"])
    raw = _read_yaml(path, "config")
    if not isinstance(raw, dict):
        raise ConfigError(str(path), ["(top): the config must be a mapping of sections"])
    base = path.resolve().parent
    problems: list[str] = []
    data = dict(raw)
    data["sources"], origins = _gather_sources(data, base, problems)
    secrets = [] if environ is None else secret_problems(data.get("subscriptions"), environ)
    # Read from the raw lists, so a duplicate is reported beside every schema problem,
    # and never hides them or hides behind them.
    problems.extend(_duplicates(_names(data["sources"]), origins, "source name"))
    subscriptions = _names(data.get("subscriptions"))
    problems.extend(_duplicates(subscriptions, [f"subscriptions[{i}]" for i in
                                                range(len(subscriptions))], "name"))
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        problems.extend(_name_origin(line, origins) for line in format_errors(exc))
        raise ConfigError(str(path), problems + secrets) from None
    config = _resolve_paths(config, base, path)
    problems.extend(_check_watches(config))
    problems.extend(secrets)
    if problems:
        raise ConfigError(str(path), problems)
    return config


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
            hint = "" if Path(str(name)).is_absolute() else (
                f" (a relative path is read from the config's folder {base}: fix the path, "
                "make it absolute, or copy the file there)")
            problems.append(f"source_files[{index}]: {file_path}: {exc.problems[0]}{hint}")
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


def _names(entries: Any) -> list[str | None]:
    """The `name` of each entry of a raw list (None where there is none)."""
    if not isinstance(entries, list):
        return []
    return [e.get("name") if isinstance(e, dict) else None for e in entries]


def _check_watches(config: Config) -> list[str]:
    """Watch problems that need the gazetteer: unknown places, empty rules, bad regex."""
    if not config.watches and not config.places:
        return []
    try:
        gazetteer = Gazetteer.load(config.places)
    except GazetteerError as exc:
        return list(exc.problems)
    return validate_watches(config.watches, gazetteer)


def _duplicates(names: Sequence[str | None], places: Sequence[str], what: str) -> list[str]:
    """`<place>.name: duplicate <what> 'x' (first at <place>)` for each repeated name;
    `places[i]` says where entry i is (a seed file's entries name their file)."""
    seen: dict[str, int] = {}
    problems = []
    for index, name in enumerate(names):
        if not isinstance(name, str):
            continue
        if name in seen:
            problems.append(f"{places[index]}.name: duplicate {what} {name!r} "
                            f"(first at {places[seen[name]]})")
        seen.setdefault(name, index)
    return problems

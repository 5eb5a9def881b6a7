"""Secrets the config names: read from NAME or the file NAME_FILE names, checked at load time.

config.yaml holds no secret, only the names of the environment variables that do. A variable
may instead point at a file (`NAME_FILE=/run/secrets/name`, as Docker and systemd credentials
give them); the file is read each time the secret is used, so a rotated file needs no restart.
A subscription whose secret is missing would fail every delivery for ever, so a command that
delivers refuses to start: `secret_problems` lists each one with the other config errors.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from crawler.config.schema import Config
from crawler.config.subscriptions import (
    Channel,
    EmailChannel,
    SubscriptionConfig,
    WebhookChannel,
)
from crawler.errors import WatchpostError
from crawler.redact import Redactor, url_has_token

# A secret is a key or a password: a bigger file is a wrong path (a log, a device), not a secret.
MAX_SECRET_BYTES = 64 * 1024
_CHANNEL: TypeAdapter[Channel] = TypeAdapter(Channel)
_OTHERS_READ = stat.S_IRGRP | stat.S_IROTH


class SecretUnavailable(WatchpostError):
    """A secret's NAME_FILE cannot be read, or NAME and NAME_FILE are both set."""


def read_secret(name: str, environ: Mapping[str, str]) -> str | None:
    """The value of NAME, else the content of the file NAME_FILE names; None when neither is set.

    The file's trailing line break is dropped (editors and `echo` add one). Raises
    SecretUnavailable when the file cannot be read or is empty, or when both are set (which
    one was meant cannot be known).
    """
    value = environ.get(name) or ""
    file_name = environ.get(f"{name}_FILE") or ""
    if value and file_name:
        raise SecretUnavailable(f"both {name} and {name}_FILE are set: keep one")
    if value:
        return value
    if not file_name:
        return None
    path = Path(file_name)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SECRET_BYTES + 1)
    except OSError as exc:
        raise SecretUnavailable(
            f"{name}_FILE: cannot read {path}: {exc.strerror or type(exc).__name__}"
        ) from None
    if len(data) > MAX_SECRET_BYTES:
        raise SecretUnavailable(f"{name}_FILE: {path} is over 64 KiB, not a secret file")
    try:
        secret = data.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError:
        raise SecretUnavailable(f"{name}_FILE: {path} is not UTF-8 text") from None
    if not secret:
        raise SecretUnavailable(f"{name}_FILE: {path} is empty")
    return secret


def channel_secrets(channel: Channel) -> tuple[str, ...]:
    """The environment variable names a channel reads secrets from."""
    if isinstance(channel, WebhookChannel):
        return channel.secret_envs
    if isinstance(channel, EmailChannel) and channel.password_env:
        return (channel.password_env,)
    return ()


def secret_problems(subscriptions: Any, environ: Mapping[str, str]) -> list[str]:
    """One line per secret a config subscription names that cannot be read from `environ`.

    Works on the raw `subscriptions:` list, channel by channel, so the secrets of every
    well-formed channel are checked even when another part of the config is invalid.
    """
    if not isinstance(subscriptions, list | tuple):
        return []
    problems = []
    for index, raw in enumerate(subscriptions):
        if not isinstance(raw, Mapping):
            continue
        try:
            channel = _CHANNEL.validate_python(raw.get("channel"))
        except ValidationError:
            continue  # the full validation reports the channel's own errors
        where = f"subscriptions[{index}] ({raw.get('name', '?')})"
        for name in channel_secrets(channel):
            try:
                value = read_secret(name, environ)
            except SecretUnavailable as exc:
                problems.append(f"{where}: {exc}")
                continue
            if value is None:
                problems.append(f"{where}: secret variable {name} is not set (nor {name}_FILE)")
    return problems


def config_redactor(config: Config, environ: Mapping[str, str]) -> Redactor:
    """A Redactor for this config: its webhook URLs and the secret values it can read."""
    values = []
    for sub in config.subscriptions:
        for name in channel_secrets(sub.channel):
            try:
                value = read_secret(name, environ)
            except SecretUnavailable:
                continue  # reported by the config check; nothing to hide
            if value:
                values.append(value)
    return Redactor(webhook_urls(config), values)


def webhook_urls(config: Config) -> list[str]:
    """Every webhook URL of the config's subscriptions."""
    return [s.channel.url for s in config.subscriptions if isinstance(s.channel, WebhookChannel)]


def config_exposure(config: Config) -> str:
    """A warning when others can read config.yaml and it holds webhook tokens; '' otherwise.

    A warning, not an error: the operator may share the file on purpose.
    """
    holders = token_holders(config.subscriptions)
    if not holders or config.path is None:
        return ""
    return exposed_warning(config.path, "config file", holders)


def token_holders(subscriptions: Iterable[SubscriptionConfig]) -> list[str]:
    """Names of the webhook subscriptions whose URL seems to carry a token."""
    return [s.name for s in subscriptions
            if isinstance(s.channel, WebhookChannel) and url_has_token(s.channel.url)]


def exposed_warning(path: Path, kind: str, holders: Sequence[str]) -> str:
    """'warning: ...' when `path` is readable by group or others; '' otherwise."""
    mode = _mode(path)
    if mode is None or not mode & _OTHERS_READ:
        return ""
    return (f"warning: {kind} {path} is readable by group/others (mode {mode:04o}) and holds "
            f"the webhook token(s) of {', '.join(holders)}: chmod 600 {path}")


def readable_by_others(path: Path) -> bool:
    """Whether the file exists and its group or others may read it."""
    mode = _mode(path)
    return mode is not None and bool(mode & _OTHERS_READ)


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None

"""The config as `watchpost config show` prints it: everything loaded, no secret readable.

config.yaml names its secrets by environment variable, so the names stay; what is hidden is
what a reader could use: webhook URLs' paths and queries (often the receiver's token), URLs that
carry a credential, values of keys that hold one, and any secret value wherever it turns up.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

import yaml

from crawler.config.schema import Config
from crawler.config.secrets import webhook_urls
from crawler.redact import REDACTED, Redactor, redact_url, url_has_token

# Keys whose values are credentials; `*_env` keys only name where a secret is.
_SECRET_KEY = re.compile(r"(password|passwd|secret|token|api_?key|credential)", re.IGNORECASE)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def shown_config(config: Config, redactor: Redactor) -> str:
    """The validated config as YAML, with every secret shown as `<redacted>`."""
    data = _hide(config.model_dump(mode="json"), set(webhook_urls(config)))
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    # Last pass over the text: a secret value typed into any field is still hidden.
    return redactor(text)


def _hide(value: Any, webhooks: Collection[str], key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _hide(v, webhooks, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_hide(item, webhooks, key) for item in value]
    if not isinstance(value, str) or not value:
        return value
    if _SECRET_KEY.search(key) and not key.endswith("_env"):
        return REDACTED
    if _URL.match(value) and (value in webhooks or url_has_token(value)):
        return redact_url(value)
    return value

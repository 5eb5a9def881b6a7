"""How secrets look in logs and output: never as themselves.

A webhook URL is a credential whenever its receiver (Slack, Discord, Teams, a `?token=` API)
puts the token in the path or the query, and watchpost cannot know which part it is; so a
webhook URL is shown as `scheme://host/<redacted>` everywhere. `Redactor` replaces known secrets
(webhook URLs, the path and query an HTTP client logs on its own, secret values) wherever they
appear in a text. `url_has_token` guesses whether a URL carries a token, for warnings only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, urlsplit

REDACTED = "<redacted>"

# Query keys that hold credentials in common webhook and API URLs.
_TOKEN_KEYS = re.compile(
    r"(token|key|secret|sig|signature|auth|code|pass|password|credential|hash)", re.IGNORECASE
)
# Characters an HTTP client leaves as they are when it re-quotes a URL it sends (as requests does).
_SAFE = "!#$%&'()*+,/:;=?@[]~"
# A URL form only matches where its text ends: "/hook" is not a secret inside "/hooks".
_END = r"(?![\w.~%-])"
# Secret values shorter than this are not looked for: they would match ordinary words.
MIN_SECRET = 6


def redact_url(url: str) -> str:
    """'https://hooks.example.org/services/T0/B0/XyZ?x=1' -> 'https://hooks.example.org/<redacted>'.

    Credentials before the host are redacted too; a URL that cannot be parsed is all redacted.
    """
    try:
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        return REDACTED
    if not parts.scheme or not host:
        return REDACTED
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    if parts.username or parts.password:
        netloc = f"{REDACTED}@{netloc}"
    hidden = parts.path not in ("", "/") or parts.query or parts.fragment
    return f"{parts.scheme.lower()}://{netloc}/{REDACTED if hidden else ''}"


def url_has_token(url: str) -> bool:
    """Whether a URL seems to carry a credential: in its user part, path or query."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    if parts.username or parts.password:
        return True
    if any(_looks_random(segment) for segment in parts.path.split("/")):
        return True
    return any(
        _TOKEN_KEYS.search(key) or _looks_random(value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
    )


def _looks_random(text: str) -> bool:
    """A token-like string: a GUID or hex digest, or a long run mixing digits and letters (or
    both cases), as generated keys are and words of a language are not."""
    if re.fullmatch(r"[0-9a-fA-F-]{32,}", text):
        return True
    for word in re.split(r"[^A-Za-z0-9]+", text):
        if len(word) >= 16 and re.search(r"[0-9]", word) and re.search(r"[A-Za-z]", word):
            return True
        if len(word) >= 20 and re.search(r"[a-z]", word) and re.search(r"[A-Z]", word):
            return True
    return False


class Redactor:
    """Replaces known secrets in any text: webhook URLs in every form, and secret values."""

    def __init__(self, urls: Iterable[str] = (), values: Iterable[str] = ()) -> None:
        self._replacements: dict[str, str] = {}
        patterns: dict[str, str] = {}
        for url in urls:
            for form, shown in _url_forms(url):
                self._replacements[form] = shown
                patterns[form] = re.escape(form) + _END
        for value in values:
            if len(value) >= MIN_SECRET:
                self._replacements[value] = REDACTED
                patterns[value] = re.escape(value)
        # Longest first, so a whole URL is replaced before its path alone could be.
        ordered = sorted(patterns, key=len, reverse=True)
        self._pattern = re.compile("|".join(patterns[k] for k in ordered)) if ordered else None

    def __call__(self, text: str) -> str:
        """`text` with every known secret replaced."""
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(lambda m: self._replacements[m.group(0)], text)


def _url_forms(url: str) -> list[tuple[str, str]]:
    """The ways a URL shows up in text, each with what to show instead.

    The whole URL (as written, and as an HTTP client re-quotes it), and its path with the query,
    which is what the client logs as the request target ('"POST /hook/TOKEN HTTP/1.1"').
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return [(url, REDACTED)] if url else []
    shown = redact_url(url)
    forms = {url: shown, quote(url, safe=_SAFE): shown}
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if target not in ("", "/"):
        forms[target] = "/" + REDACTED
        forms[quote(target, safe=_SAFE)] = "/" + REDACTED
    if len(parts.query) >= MIN_SECRET:
        forms[parts.query] = REDACTED
    return list(forms.items())

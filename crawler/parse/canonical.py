"""Canonical article URLs, so one story reached through several feeds or trackers is stored once;
and the test every stored link passes: an http(s) URL with a host."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Parameters that identify a campaign or a click, never the page itself.
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
_TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
     "igshid", "ocid", "cmpid", "_ga", "ref_src", "s_cid", "ito"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


class NotWebLink(ValueError):
    """A link that is not an http(s) URL with a host (data:, file:, javascript:, ftp:, ...)."""


def web_link(url: str, base: str | None = None) -> str:
    """The canonical form of a link that may be stored, linked and sent; raises NotWebLink.

    A feed item's link ends up in alerts and exports: only a web address may, never a
    `javascript:` or `data:` URL a hostile feed slipped in.
    """
    link = canonical_url(url, base)
    scheme = link.split(":", 1)[0]
    if scheme not in _DEFAULT_PORTS:
        raise NotWebLink(f"link {_short(url)} is not http(s) (scheme {scheme or '(none)'!r})")
    if not urlsplit(link).hostname:
        raise NotWebLink(f"link {_short(url)} has no host")
    return link


def is_web_link(url: str | None) -> bool:
    """True for an http(s) URL with a host (the links web_link lets through)."""
    if not url:
        return False
    try:
        web_link(url)
    except ValueError:  # NotWebLink, or a URL urllib cannot split
        return False
    return True


def _short(url: str) -> str:
    """A link quoted for a message: escaped, and cut (a data: URL may be megabytes)."""
    return repr(url[:120] + ("..." if len(url) > 120 else ""))


def canonical_url(url: str, base: str | None = None) -> str:
    """Resolve against `base`, lower-case scheme and host, drop default port, fragment, trackers."""
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host
    if port and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        netloc = f"[{host}]" + (f":{port}" if port and port != _DEFAULT_PORTS.get(scheme) else "")
    path = parts.path or "/"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)],
        doseq=True,
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def _tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_NAMES or lowered.startswith(_TRACKING_PREFIXES)

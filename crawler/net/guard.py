"""One URL guard for every outbound request: feeds, articles, redirect hops and webhooks."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from crawler.errors import UnsafeURL

_SCHEMES = {"http", "https"}
# 100.64.0.0/10 (CGNAT) is not "private" to the ipaddress module, so it is named explicitly.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class URLGuard:
    """Refuses non-http(s) URLs and non-public addresses unless the allow-list names them."""

    def __init__(self, allow: Sequence[str] = ()) -> None:
        self._allow_hosts: set[str] = set()
        self._allow_nets: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for item in allow:
            try:
                self._allow_nets.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                self._allow_hosts.add(item.lower().rstrip("."))

    def check_url(self, url: str) -> str:
        """Check scheme and host spelling; return the lower-cased host. Raises UnsafeURL."""
        try:
            parts = urlsplit(url)
            host = parts.hostname
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError as exc:
            raise UnsafeURL(f"{url!r}: malformed URL ({exc})") from exc
        if parts.scheme.lower() not in _SCHEMES:
            raise UnsafeURL(f"{url!r}: scheme {parts.scheme or '(none)'!r} is not http/https")
        if not host:
            raise UnsafeURL(f"{url!r}: no host")
        host = host.rstrip(".")
        if parts.username or parts.password:
            raise UnsafeURL(f"{url!r}: credentials in URLs are refused")
        if host in self._allow_hosts:
            return host
        literal = _parse_ip_literal(host)
        if literal is not None:
            self.check_address(literal, url)
        elif _looks_numeric(host):
            # "2130706433", "0x7f.1", "127.1": spellings that resolvers turn into loopback.
            raise UnsafeURL(f"{url!r}: odd IP spelling {host!r}")
        return host

    def check_address(self, address: IPAddress | str, url: str = "") -> None:
        """Refuse an address that is not public, unless allow-listed. Raises UnsafeURL."""
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if any(ip in net for net in self._allow_nets) or str(ip) in self._allow_hosts:
            return
        if not _is_public(ip):
            raise UnsafeURL(f"{url or ip}: address {ip} is not public (loopback/private/reserved)")

    def check_resolved(self, url: str) -> list[str]:
        """Check the URL and every address its host resolves to; return those addresses."""
        host = self.check_url(url)
        if host in self._allow_hosts:
            return [host]
        literal = _parse_ip_literal(host)
        if literal is not None:
            return [str(literal)]
        port = urlsplit(url).port or (443 if url.lower().startswith("https") else 80)
        try:
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except socket.gaierror as exc:
            raise UnsafeURL(f"{url!r}: cannot resolve {host!r} ({exc})") from exc
        addresses = _unique(str(info[4][0]) for info in infos)
        for addr in addresses:
            self.check_address(addr, url)
        return addresses


def require_http_url(value: str) -> str:
    """Config-time check that a URL is http(s) with a host; returns it, or raises ValueError."""
    if not re.match(r"^https?://[^\s/]+", value, re.IGNORECASE):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _parse_ip_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _looks_numeric(host: str) -> bool:
    labels = host.split(".")
    return all(label.isdigit() or label.lower().startswith("0x") for label in labels if label)


def _is_public(ip: IPAddress) -> bool:
    if ip in _CGNAT:
        return False
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))

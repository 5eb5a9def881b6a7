"""One URL guard for every outbound request: feeds, articles, redirect hops and webhooks."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from crawler.errors import Unresolvable, UnsafeURL

_SCHEMES = {"http", "https"}
# 100.64.0.0/10 (CGNAT) is not "private" to the ipaddress module, so it is named explicitly.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class URLGuard:
    """Refuses non-http(s) URLs and non-public addresses unless the allow-list names them.

    The allow-list holds host names and addresses/networks. A name admits that name wherever
    it resolves. An address or network admits URLs that spell such an address; it never lets
    another name in: a public feed may link to any name, and a name that resolves into an
    allow-listed network (at once, or only when the connection is made: DNS rebinding) would
    otherwise reach the private service the entry was meant for, from outside.
    """

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
        """Refuse an address that is not public, unless allow-listed. Raises UnsafeURL.

        For an address the URL spells; one a host name resolved to goes through
        check_connect or check_peer, which do not apply the allow-listed networks.
        """
        ip = _unmapped(address)
        if any(ip in net for net in self._allow_nets):
            return
        if not _is_public(ip):
            raise UnsafeURL(f"{url or ip}: address {ip} is not public (loopback/private/reserved)")

    def check_resolved(self, url: str) -> list[str]:
        """Check the URL and every address its host resolves to; return those addresses.

        A check made before connecting: the name may resolve differently by the time the
        connection is made (DNS rebinding), so whatever connects must check its own answer
        (check_connect) or the peer it reached (check_peer) as well.
        """
        host = self.check_url(url)
        if host in self._allow_hosts:
            return [host]
        literal = _parse_ip_literal(host)
        if literal is not None:
            return [str(literal)]
        port = urlsplit(url).port or (443 if url.lower().startswith("https") else 80)
        try:
            addresses = resolve(host, port)
        except socket.gaierror as exc:
            raise Unresolvable(f"{url!r}: cannot resolve {host!r} ({exc})") from exc
        for addr in addresses:
            _check_name_answer(addr, url)
        return addresses

    def check_connect(self, host: str, addresses: Sequence[str]) -> None:
        """Check the answers a connection to `host` is about to use. Raises UnsafeURL.

        Every answer must pass, as in check_resolved: a name answering one public and one
        private address is refused, not trimmed.
        """
        name = host.lower().rstrip(".").strip("[]")
        if name in self._allow_hosts:
            return
        literal = _parse_ip_literal(name)
        if literal is not None:
            self.check_address(literal, name)  # an address resolves to itself
            return
        if not addresses:
            raise UnsafeURL(f"{name}: resolved to no address")
        for addr in addresses:
            _check_name_answer(addr, f"{name} (at connect time)")

    def check_peer(self, host: str, peer: IPAddress | str | None) -> None:
        """Check the address a response to a request for `host` actually came from.

        Raises UnsafeURL for a peer the guard refuses, or an unknown one (fail closed).
        """
        name = host.lower().rstrip(".").strip("[]")
        if name in self._allow_hosts:
            return
        if peer is None:
            raise UnsafeURL(f"{name}: the address connected to is unknown")
        if _parse_ip_literal(name) is not None:
            self.check_address(peer, name)
        else:
            _check_name_answer(peer, f"{name} (the address connected to)")


def resolve(host: str, port: int | None = None, family: int = socket.AF_UNSPEC) -> list[str]:
    """Every address `host` resolves to (TCP), in the resolver's order, without repeats.

    Raises socket.gaierror when the name does not resolve.
    """
    infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    return _unique(str(info[4][0]) for info in infos)


def require_http_url(value: str) -> str:
    """Config-time check that a URL is http(s) with a host; returns it, or raises ValueError."""
    if not re.match(r"^https?://[^\s/]+", value, re.IGNORECASE):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return value


def _check_name_answer(address: IPAddress | str, where: str) -> None:
    """An address a host name led to must be public: the allow-listed networks admit
    addresses spelled in URLs, and names only by name (see URLGuard)."""
    ip = _unmapped(address)
    if not _is_public(ip):
        raise UnsafeURL(f"{where}: address {ip} is not public (loopback/private/reserved); "
                        "only a host name on the allow-list may lead to one")


def _unmapped(address: IPAddress | str) -> IPAddress:
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


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

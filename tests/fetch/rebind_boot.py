"""Run the `watchpost` CLI behind a fake name service that rebinds (test scaffolding only).

    python rebind_boot.py PUBLIC_IP NAME[,NAME...] -- watchpost arguments...

Each NAME answers PUBLIC_IP to its first lookup and 127.0.0.1 to every later one: what a
hostile DNS server with a zero TTL does to get a crawler past a check made at another moment
than the connection. Every lookup is written to stderr as `fake-dns NAME -> ADDRESS`.
Any other name fails to resolve (tests never resolve real names; IP literals pass through),
and connections may go to loopback only: one to any other address is refused and written to
stderr as `fence refused ADDRESS`, so a test can show nothing left the machine.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from collections import Counter
from typing import Any


def _install(public: str, names: set[str]) -> None:
    real_getaddrinfo = socket.getaddrinfo
    real_gethostbyname = socket.gethostbyname
    asked: Counter[str] = Counter()

    def answer(host: str) -> str | None:
        """The fake's answer for a made-up name; None for an IP literal (resolved for real)."""
        name = host.lower().rstrip(".")
        try:
            ipaddress.ip_address(name.strip("[]"))
            return None
        except ValueError:
            pass
        if name not in names:
            raise socket.gaierror(socket.EAI_NONAME, f"fake DNS: {name} is not a test name")
        asked[name] += 1
        address = public if asked[name] == 1 else "127.0.0.1"
        print(f"fake-dns {name} -> {address}", file=sys.stderr, flush=True)
        return address

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        text = host.decode() if isinstance(host, bytes) else host
        address = answer(text) if text else None
        return real_getaddrinfo(address or host, port, *args, **kwargs)

    def gethostbyname(host: str) -> str:
        return answer(host) or real_gethostbyname(host)

    def gethostbyname_ex(host: str) -> tuple[str, list[str], list[str]]:
        address = gethostbyname(host)
        return host, [], [address]

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def outside(address: Any) -> bool:
        if not isinstance(address, tuple):
            return False  # a Unix socket (the extraction workers' pipes)
        return not ipaddress.ip_address(address[0]).is_loopback

    def connect(self: socket.socket, address: Any) -> None:
        if outside(address):
            print(f"fence refused {address[0]}", file=sys.stderr, flush=True)
            raise ConnectionRefusedError(errno.ECONNREFUSED, "fenced: loopback only")
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if outside(address):
            print(f"fence refused {address[0]}", file=sys.stderr, flush=True)
            return errno.ECONNREFUSED
        return real_connect_ex(self, address)

    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]


def main() -> None:
    """Install the fake name service and the fence, then run the CLI with the rest of argv."""
    public, names, separator, *rest = sys.argv[1:]
    assert separator == "--", __doc__
    _install(public, {n.lower() for n in names.split(",")})
    sys.argv = ["watchpost", *rest]
    from crawler.entry import main as watchpost  # noqa: PLC0415 - after the fake is in place

    watchpost()


if __name__ == "__main__":  # spawned workers import this file as __mp_main__: do nothing then
    main()

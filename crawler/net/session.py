"""A requests session that connects only where the URL guard allows, checked on the socket.

Checking a URL's resolved addresses first and then letting requests resolve again leaves a
DNS-rebinding gap: the name may answer differently the second time. Every connection this
session opens checks the address its socket actually reached (`URLGuard.check_peer`) before a
byte is sent. Environment proxies are ignored: through one, the guard would judge the proxy,
not the host. Used by the webhook channel and by `watchpost watches test URL`.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from crawler.errors import UnsafeURL
from crawler.net.guard import URLGuard


def _guarded_pools(guard: URLGuard) -> dict[str, type]:
    """Pool classes whose connections check the address actually connected to."""

    def check(sock: Any, host: str) -> Any:
        peer = sock.getpeername()[0]
        try:
            # A name's answer is judged without the allow-listed networks (as the crawler
            # does), so a name cannot rebind into an allow-listed private range.
            guard.check_peer(host, peer)
        except UnsafeURL:
            sock.close()
            raise
        return sock

    class GuardedHTTP(HTTPConnection):
        def _new_conn(self) -> Any:
            return check(super()._new_conn(), self.host)

    class GuardedHTTPS(HTTPSConnection):
        def _new_conn(self) -> Any:
            return check(super()._new_conn(), self.host)

    class HTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTP

    class HTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPS

    return {"http": HTTPPool, "https": HTTPSPool}


class GuardedAdapter(HTTPAdapter):
    """A requests adapter that refuses connections to addresses the guard refuses."""

    def __init__(self, guard: URLGuard) -> None:
        self._pools = _guarded_pools(guard)
        super().__init__(max_retries=0)  # callers decide about retries (the outbox backs off)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Build requests' pool manager, then swap in the guarded connection pools."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pools


def guarded_session(guard: URLGuard) -> requests.Session:
    """A session whose every connection is checked by `guard`, with no environment proxies."""
    session = requests.Session()
    session.trust_env = False
    adapter = GuardedAdapter(guard)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session

"""The URL guard refuses every non-public address and odd spelling unless allow-listed."""

from __future__ import annotations

import pytest

from crawler.errors import UnsafeURL
from crawler.net.guard import URLGuard


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "data:text/html,hi",
        "ftp://example.com/x",
        "http://127.0.0.1/",
        "http://localhost./",
        "http://[::1]/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://100.64.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://2130706433/",
        "http://0x7f.0.0.1/",
        "http://127.1/",
        "http://0.0.0.0/",
        "http://user:pw@example.com/",
        "http:///nohost",
    ],
)
def test_refused(url: str) -> None:
    with pytest.raises(UnsafeURL):
        URLGuard().check_resolved(url)


def test_public_literal_allowed() -> None:
    assert URLGuard().check_resolved("https://93.184.215.14/x") == ["93.184.215.14"]


def test_allow_list_by_address_and_network() -> None:
    guard = URLGuard(["127.0.0.1", "10.0.0.0/8"])
    assert guard.check_resolved("http://127.0.0.1:8080/feed") == ["127.0.0.1"]
    guard.check_resolved("http://10.1.2.3/")
    with pytest.raises(UnsafeURL):
        guard.check_resolved("http://192.168.0.1/")


def test_allow_list_by_host_name() -> None:
    guard = URLGuard(["intranet.local"])
    assert guard.check_url("http://intranet.local/feed") == "intranet.local"


def test_resolved_names_are_checked() -> None:
    # "localhost" resolves to loopback: refused even though the name itself looks harmless.
    with pytest.raises(UnsafeURL, match="not public"):
        URLGuard().check_resolved("http://localhost/")

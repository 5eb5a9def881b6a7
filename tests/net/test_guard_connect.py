"""The guard's connect-time checks: the answers a connection uses and the peer it reached.

An allow-listed address or network admits URLs that spell it; a host name reaches a private
address only when the allow-list names that host. Otherwise any name (one that rebinds, or
simply points into the allow-listed network) would carry a public feed's link inside.
"""

from __future__ import annotations

import ipaddress

import pytest

from crawler.errors import UnsafeURL
from crawler.net import guard as guard_module
from crawler.net.guard import URLGuard

ALLOW = ["127.0.0.1", "10.0.0.0/8", "intranet.example"]
PUBLIC = "93.184.215.14"


@pytest.mark.parametrize("answers", [
    ["127.0.0.1"], ["10.1.2.3"], ["192.168.1.1"], ["169.254.169.254"], ["100.64.0.1"],
    ["::1"], ["::ffff:127.0.0.1"], ["fe80::1"], ["0.0.0.0"],
    [PUBLIC, "127.0.0.1"],  # one bad answer refuses the host, it is not trimmed
])
def test_a_name_answering_a_private_address_is_refused_even_into_allowed_nets(
    answers: list[str],
) -> None:
    with pytest.raises(UnsafeURL, match="not public") as refused:
        URLGuard(ALLOW).check_connect("Feed.Rebind.TEST.", answers)
    assert "feed.rebind.test" in str(refused.value)


def test_public_answers_pass_at_connect_time() -> None:
    URLGuard(ALLOW).check_connect("news.example", [PUBLIC, "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])


def test_no_answer_is_refused() -> None:
    with pytest.raises(UnsafeURL, match="no address"):
        URLGuard().check_connect("news.example", [])


def test_allow_listed_names_and_literals_pass_at_connect_time() -> None:
    guard = URLGuard(ALLOW)
    guard.check_connect("INTRANET.example", ["10.9.9.9"])
    guard.check_connect("127.0.0.1", ["127.0.0.1"])  # a literal URL host resolves to itself
    guard.check_connect("10.4.5.6", ["10.4.5.6"])
    with pytest.raises(UnsafeURL):
        guard.check_connect("192.168.0.1", ["192.168.0.1"])


@pytest.mark.parametrize(("host", "peer", "allowed"), [
    ("news.example", PUBLIC, True),
    ("news.example", ipaddress.ip_address(PUBLIC), True),
    ("news.example", "127.0.0.1", False),  # allow-listed address, reached through a name
    ("news.example", ipaddress.ip_address("10.0.0.7"), False),
    ("news.example", "::ffff:169.254.169.254", False),
    ("news.example", None, False),  # unknown peer: fail closed
    ("intranet.example", "10.0.0.7", True),
    ("intranet.example", None, True),
    ("127.0.0.1", "127.0.0.1", True),
    ("[::1]", "::1", False),
])
def test_the_peer_a_response_came_from(host: str, peer: object, allowed: bool) -> None:
    guard = URLGuard(ALLOW)
    if allowed:
        guard.check_peer(host, peer)  # type: ignore[arg-type]
    else:
        with pytest.raises(UnsafeURL):
            guard.check_peer(host, peer)  # type: ignore[arg-type]


def test_the_check_before_connecting_holds_names_to_the_same_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A made-up name answering an allow-listed address: refused before any connection too.
    # (The name service is replaced: tests never resolve real names.)
    answers = {"inside.rebind.test": ["127.0.0.1"], "intranet.example": ["10.0.0.7"],
               "news.example": [PUBLIC]}
    monkeypatch.setattr(guard_module, "resolve", lambda host, port=None, family=0: answers[host])
    guard = URLGuard(ALLOW)
    with pytest.raises(UnsafeURL, match="127.0.0.1 is not public"):
        guard.check_resolved("http://inside.rebind.test:8080/feed")
    assert guard.check_resolved("http://news.example/feed") == [PUBLIC]
    assert guard.check_resolved("http://intranet.example/feed") == ["intranet.example"]
    assert guard.check_resolved("http://127.0.0.1:8080/feed") == ["127.0.0.1"]

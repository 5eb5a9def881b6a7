"""Standard Webhooks signing: known vectors, rotation, tampering and stale timestamps."""

from __future__ import annotations

import base64
import hashlib
import hmac

from alerts import signing

BODY = b'{"type":"incident.created","data":{"incident_id":1}}'


def test_signature_matches_an_independent_hmac() -> None:
    expected = base64.b64encode(
        hmac.new(b"s3cret", b"msg_1.1700000000." + BODY, hashlib.sha256).digest()
    ).decode()
    assert signing.sign("msg_1", 1700000000, BODY, "s3cret") == "v1," + expected


def test_whsec_secret_is_base64_decoded_after_the_prefix() -> None:
    raw = bytes(range(24))
    secret = "whsec_" + base64.b64encode(raw).decode()
    expected = base64.b64encode(
        hmac.new(raw, b"msg_2.1700000001." + BODY, hashlib.sha256).digest()
    ).decode()
    assert signing.sign("msg_2", 1700000001, BODY, secret) == "v1," + expected


def test_standard_webhooks_reference_vector() -> None:
    # The example from the Standard Webhooks reference libraries' test suites.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    assert (
        signing.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, secret)
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_rotation_signs_with_every_secret_and_verifies_with_any() -> None:
    headers = signing.headers("msg_3", 1700000000, BODY, ["new-secret", "old-secret"])
    assert headers["webhook-id"] == "msg_3"
    assert headers["webhook-timestamp"] == "1700000000"
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert signing.verify(headers, BODY, "old-secret", now=1700000000)
    assert signing.verify(headers, BODY, ["other", "new-secret"], now=1700000000)
    assert not signing.verify(headers, BODY, "unknown", now=1700000000)


def test_header_names_are_case_insensitive() -> None:
    headers = {k.title(): v for k, v in signing.headers("m", 10, BODY, "k").items()}
    assert signing.verify(headers, BODY, "k", now=10)


def test_tampered_body_fails() -> None:
    headers = signing.headers("msg_4", 1700000000, BODY, "k")
    assert not signing.verify(headers, BODY.replace(b"1", b"2"), "k", now=1700000000)


def test_old_and_future_timestamps_fail() -> None:
    headers = signing.headers("msg_5", 1700000000, BODY, "k")
    assert signing.verify(headers, BODY, "k", now=1700000000 + 299)
    assert not signing.verify(headers, BODY, "k", now=1700000000 + 301)
    assert not signing.verify(headers, BODY, "k", now=1700000000 - 301)


def test_missing_or_malformed_headers_fail() -> None:
    good = signing.headers("msg_6", 100, BODY, "k")
    for key in good:
        partial = {k: v for k, v in good.items() if k != key}
        assert not signing.verify(partial, BODY, "k", now=100)
    assert not signing.verify({**good, "webhook-timestamp": "abc"}, BODY, "k", now=100)
    assert not signing.verify({**good, "webhook-signature": "v2,xyz"}, BODY, "k", now=100)

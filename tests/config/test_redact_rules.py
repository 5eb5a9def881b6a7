"""Which URLs carry a token, and how a URL is shown: labelled cases in many receivers' shapes."""

from __future__ import annotations

import pytest

from crawler.redact import Redactor, redact_url, url_has_token

# Shapes of real receivers' URLs (values made up): the token is in the path or the query.
TOKENED = [
    "https://hooks.slack.com/services/T01ABCDEFGH/B02IJKLMNOP/aBcDeFgHiJkLmNoPqRsTuVwX",
    "https://discord.com/api/webhooks/1234567890123456789/AbCdEf-GhIjKl_MnOpQrStUvWxYz0123456789",
    "https://example.webhook.office.com/webhookb2/8a1f3c2e-1b2d-4e5f-9a8b-7c6d5e4f3a2b@"
    "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/IncomingWebhook/3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c/"
    "5e4d3c2b-1a09-8f7e-6d5c-4b3a29180f7e",
    "https://chat.googleapis.com/v1/spaces/AAAAbcdEFG/messages?key=AIzaSyDdI0hCZtE6&token=x1y2",
    "https://mattermost.example.org/hooks/gowgsw6xr3f8uj3xmqnfhhbiwe",
    "https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/sendMessage",
    "https://alerts.example.org/ingest?api_key=short",
    "https://alerts.example.org/ingest?TOKEN=abc",
    "https://alerts.example.org/ingest?Signature=abc&expires=1",
    "https://func.azurewebsites.net/api/hook?code=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==",
    "https://user:pa55@alerts.example.org/hook",
    "HTTPS://HOOKS.EXAMPLE.ORG/HOOK/0F8FAD5B-D9CB-469F-A165-70867728950E",
]
PLAIN = [
    "https://hooks.example.org/watchpost",
    "https://alerts.example.org/api/v1/incidents",
    "https://alerts.example.org/hooks/balochistan-attacks-2025",
    "https://alerts.example.org/webhook?format=json&source=watchpost",
    "https://www.dawn.com/feeds/home",
    "https://tribune.com.pk/feed/pakistan/balochistan",
    "http://127.0.0.1:8080/hook",
]


@pytest.mark.parametrize("url", TOKENED)
def test_tokens_are_recognised(url: str) -> None:
    assert url_has_token(url)


@pytest.mark.parametrize("url", PLAIN)
def test_plain_urls_are_not_taken_for_tokens(url: str) -> None:
    assert not url_has_token(url)


@pytest.mark.parametrize(("url", "shown"), [
    ("https://hooks.slack.com/services/T0/B0/XyZ", "https://hooks.slack.com/<redacted>"),
    ("http://127.0.0.1:8080/hook?sig=1", "http://127.0.0.1:8080/<redacted>"),
    ("https://hooks.example.org/", "https://hooks.example.org/"),
    ("https://hooks.example.org", "https://hooks.example.org/"),
    ("https://HOOKS.example.org/#frag", "https://hooks.example.org/<redacted>"),
    ("https://user:pw@hooks.example.org/x", "https://<redacted>@hooks.example.org/<redacted>"),
    ("https://[::1]:9/x", "https://[::1]:9/<redacted>"),
    ("not a url", "<redacted>"),
    ("https://h.example.org:99999/x", "<redacted>"),
])
def test_a_url_is_shown_as_scheme_host_and_redacted(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_redactor_replaces_every_form_and_nothing_else() -> None:
    url = "https://hooks.example.org/services/T0K3Nabc?sig=abc123 x"
    hide = Redactor([url], ["whsec_123456", "abc"])
    text = (
        f"POST {url}; "                                  # as written
        "target /services/T0K3Nabc?sig=abc123%20x; "     # as a client re-quotes it
        "query sig=abc123 x; "                           # the query alone
        "secret whsec_123456; "                          # a secret value
        "feed https://hooks.example.org/services/T0K3Nabcdef; "  # a longer, different path
        "abc stays: too short to be looked for"
    )
    assert hide(text) == (
        "POST https://hooks.example.org/<redacted>; target /<redacted>; query <redacted>; "
        "secret <redacted>; feed https://hooks.example.org/services/T0K3Nabcdef; "
        "abc stays: too short to be looked for"
    )

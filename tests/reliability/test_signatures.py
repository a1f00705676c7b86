"""Signatures beyond ``tests/ivr/test_webhooks.py``: replays to other webhooks, tampered query
strings and forms, other hosts and tokens; and a whole signed call through the proxy."""
import pytest
from twilio.request_validator import RequestValidator

from app import create_app
from phone import Call, FlaskTransport
from tests.documents import hkid
from tests.ivr.calls import booking_keys
from tests.ivr.test_webhooks import FORM, PROXY_HEADERS, TOKEN, sign, signed_app  # noqa: F401 (a fixture)

LOCAL, PUBLIC = "http://localhost", "https://line.example.org"
WEBHOOKS = ["/voice", "/voice/status", "/voice/fallback"]
DIGITS = {**FORM, "Digits": "3"}


@pytest.fixture
def proxied_app(app):
    """The app behind one trusted proxy that terminates TLS for line.example.org."""
    return create_app({**app.config, "TWILIO_AUTH_TOKEN": TOKEN, "PROXY_FIX_X_PROTO": 1, "PROXY_FIX_X_HOST": 1})


def post(app, path, form, signature, headers=None):
    """POST ``form`` to ``path`` with ``signature``; the status code."""
    headers = {**(headers or {}), "X-Twilio-Signature": signature}
    return app.test_client().post(path, data=form, headers=headers).status_code


@pytest.mark.parametrize("signed_for", WEBHOOKS)
@pytest.mark.parametrize("sent_to", WEBHOOKS)
def test_a_signature_is_good_only_for_the_webhook_it_was_made_for(signed_app, signed_for, sent_to):
    expected = 200 if signed_for == sent_to else 403
    assert post(signed_app, sent_to, FORM, sign(LOCAL + signed_for)) == expected


@pytest.mark.parametrize("path", WEBHOOKS)
def test_every_webhook_refuses_a_missing_signature(signed_app, path):
    assert signed_app.test_client().post(path, data=FORM).status_code == 403


SIGNED_TURN = sign(LOCAL + "/voice?t=3", DIGITS)


def test_the_untampered_request_passes(signed_app):
    assert post(signed_app, "/voice?t=3", DIGITS, SIGNED_TURN) == 200


@pytest.mark.parametrize("sent, form, signature", [
    ("/voice?t=4", DIGITS, SIGNED_TURN),  # another turn in the query
    ("/voice?t=3&x=1", DIGITS, SIGNED_TURN),  # a parameter added
    ("/voice?t=3", {**DIGITS, "Digits": "4"}, SIGNED_TURN),  # other keys
    ("/voice?t=3", {**DIGITS, "Extra": "1"}, SIGNED_TURN),  # a field added
    ("/voice?t=3", FORM, SIGNED_TURN),  # a field removed
    ("/voice?t=3", DIGITS, RequestValidator("another-token").compute_signature(LOCAL + "/voice?t=3", DIGITS)),
], ids=["other-turn", "query-added", "other-digits", "field-added", "field-removed", "other-token"])
def test_a_tampered_request_is_refused(signed_app, sent, form, signature):
    assert post(signed_app, sent, form, signature) == 403


@pytest.mark.parametrize("signed_url, expected", [
    (PUBLIC + "/voice", 200),
    ("http://line.example.org/voice", 403),  # computed over http for the https URL
    ("https://evil.example.org/voice", 403),  # another host
    ("https://line.example.org:8443/voice", 403),  # another port
    (LOCAL + "/voice", 403),  # the URL behind the proxy, not the one Twilio called
], ids=["public", "http", "other-host", "other-port", "inner-url"])
def test_through_the_proxy_only_the_public_url_signs(proxied_app, signed_url, expected):
    assert post(proxied_app, "/voice", FORM, sign(signed_url), PROXY_HEADERS) == expected


def test_health_and_recordings_need_no_signature(signed_app):
    client = signed_app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/audio/en-GB/none.mp3").status_code == 404  # reached the route, not 403


class ProxyTransport(FlaskTransport):
    """Posts as the TLS proxy in front of the app forwards Twilio's requests."""

    def post(self, path, form, headers):
        """POST with the proxy's forwarding headers."""
        return super().post(path, form, {**headers, **PROXY_HEADERS})


def test_a_whole_booking_signed_for_the_public_url_passes_the_proxy(proxied_app):
    phone = Call(ProxyTransport(proxied_app.test_client()), auth_token=TOKEN, base_url=PUBLIC)
    transcript = phone.run(booking_keys("3", [hkid(920001)]))
    assert transcript.heard[-2].startswith("Booked: ")

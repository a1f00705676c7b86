"""The webhook edge: signatures, proxies, repeats, failures and start-up checks."""
import json
import shutil

import pytest
from twilio.request_validator import RequestValidator

from app import create_app
from ivr.flowspec import FlowError
from ivr.line import ROOT
from ivr.prompts import PromptError
from phone import Call, FlaskTransport, Played
from tests.documents import hkid
from tests.ivr.calls import booking_keys, call

TOKEN = "test-auth-token"
FORM = {"CallSid": "CA" + "1" * 32, "From": "+85291234567", "To": "+85221234567", "CallStatus": "ringing"}


@pytest.fixture
def signed_app(app):
    app.config["TWILIO_AUTH_TOKEN"] = TOKEN
    return app


def sign(url, form=FORM):
    return RequestValidator(TOKEN).compute_signature(url, form)


def test_missing_or_wrong_signature_is_refused(signed_app):
    client = signed_app.test_client()
    assert client.post("/voice", data=FORM).status_code == 403
    assert client.post("/voice", data=FORM, headers={"X-Twilio-Signature": "bad"}).status_code == 403


def test_signature_for_another_url_is_refused(signed_app):
    signature = sign("http://localhost/voice/status")
    response = signed_app.test_client().post("/voice", data=FORM, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403


def test_correct_signature_is_accepted(signed_app):
    response = signed_app.test_client().post("/voice", data=FORM, headers={"X-Twilio-Signature": sign("http://localhost/voice")})
    assert response.status_code == 200
    assert b"<Gather" in response.data


def test_a_whole_signed_call(signed_app):
    transcript = call(signed_app, ["3", "6", "2"], auth_token=TOKEN)
    assert transcript.heard[-2].startswith("HKSAR passport fees.")


PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "line.example.org"}


def test_signature_through_a_configured_proxy(app, redis_dir):
    app.config.update(TWILIO_AUTH_TOKEN=TOKEN)
    proxied = create_app({**app.config, "PROXY_FIX_X_PROTO": 1, "PROXY_FIX_X_HOST": 1})
    headers = {**PROXY_HEADERS, "X-Twilio-Signature": sign("https://line.example.org/voice")}
    assert proxied.test_client().post("/voice", data=FORM, headers=headers).status_code == 200
    # Computed over http for the https URL Twilio called: refused.
    headers["X-Twilio-Signature"] = sign("http://line.example.org/voice")
    assert proxied.test_client().post("/voice", data=FORM, headers=headers).status_code == 403


def test_proxy_headers_are_not_trusted_unless_configured(signed_app):
    headers = {**PROXY_HEADERS, "X-Twilio-Signature": sign("https://line.example.org/voice")}
    assert signed_app.test_client().post("/voice", data=FORM, headers=headers).status_code == 403


def test_a_repeated_webhook_gets_the_same_answer_and_moves_once(app):
    client = app.test_client()
    client.post("/voice", data=FORM)
    first = client.post("/voice?t=0", data={**FORM, "Digits": "3"})
    again = client.post("/voice?t=0", data={**FORM, "Digits": "3"})
    assert first.data == again.data
    assert b'action="/voice?t=1"' in first.data
    after = client.post("/voice?t=1", data={**FORM, "Digits": "6"})
    assert b"Other information." in after.data


def test_an_exception_in_a_webhook_apologises_with_200(app, monkeypatch):
    def explode(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.extensions["line"].engine, "start", explode)
    response = app.test_client().post("/voice", data=FORM)
    assert response.status_code == 200
    assert b"Sorry, the booking line has a technical problem." in response.data
    assert response.data.endswith(b"<Hangup /></Response>")


def test_redis_unreachable_apologises_and_health_says_so(app):
    down = create_app({**app.config, "REDIS_URL": "redis://127.0.0.1:1/0"})
    client = down.test_client()
    response = client.post("/voice", data=FORM)
    assert response.status_code == 200
    assert b"technical problem" in response.data and b"<Hangup />" in response.data
    assert client.get("/healthz").status_code == 503
    assert app.test_client().get("/healthz").get_json() == {"redis": "ok"}


def test_a_request_body_over_the_limit_is_refused(app):
    response = app.test_client().post("/voice", data={**FORM, "Digits": "1" * 100_000})
    assert response.status_code == 413


def test_a_broken_flow_stops_the_app_naming_the_state(app, tmp_path):
    flows = tmp_path / "flows"
    shutil.copytree(ROOT / "flows", flows)
    document = json.loads((flows / "info.json").read_text())
    document["states"]["lonely"] = {"kind": "announce", "prompt": "common.goodbye", "end": True}
    (flows / "info.json").write_text(json.dumps(document))
    with pytest.raises(FlowError, match="unreachable state\\(s\\): info.lonely"):
        create_app({**app.config, "FLOWS_DIR": str(flows)})


def test_a_recording_in_the_prompts_folder_is_played_and_served(app, tmp_path):
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    (prompts / "audio" / "en-GB").mkdir(parents=True)
    (prompts / "audio" / "en-GB" / "main.language.mp3").write_bytes(b"ID3 recorded greeting")
    own_app = create_app({**app.config, "PROMPTS_DIR": str(prompts)})
    transcript = call(own_app, [])
    assert Played("/audio/en-GB/main.language.mp3") in transcript.events
    served = own_app.test_client().get("/audio/en-GB/main.language.mp3")
    assert served.get_data() == b"ID3 recorded greeting"


def test_a_prompt_missing_in_one_language_stops_the_app(app, tmp_path):
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    catalogue = json.loads((prompts / "zh-CN.json").read_text())
    del catalogue["info.passport"]
    (prompts / "zh-CN.json").write_text(json.dumps(catalogue, ensure_ascii=False))
    with pytest.raises(PromptError, match="prompt info.passport is in zh-HK but missing in zh-CN"):
        create_app({**app.config, "PROMPTS_DIR": str(prompts)})


def test_a_key_sent_after_the_goodbye_hangs_up_without_an_apology(app):
    keys = booking_keys("3", [hkid(880001)])  # ends with silence after the read-back: the goodbye
    transcript = Call(FlaskTransport(app.test_client()), call_sid=FORM["CallSid"]).run(keys)
    assert transcript.heard[-1] == "Thank you for calling. Goodbye."
    late = app.test_client().post(f"/voice?t={len(keys)}", data={**FORM, "Digits": "\u0663"})
    assert late.status_code == 200 and b"technical problem" not in late.data
    assert late.data.endswith(b"<Hangup /></Response>")

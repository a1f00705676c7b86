"""The terminal phone follows TwiML as Twilio documents it, against canned documents."""
import re
import socket
from xml.etree.ElementTree import Element

import pytest
from flask import Flask, request
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import VoiceResponse
from werkzeug import Response

from phone import cli as phone_cli
from phone import (Call, Dropped, Ended, FlaskTransport, GatherRules, Heard, HttpTransport,
                       Paused, PhoneError, Played, Pressed, Silence, parse_entry)
from ivr.speech import speech_seconds

VOICE = "Polly.Amy"
PROMPT, MISSED, THANKS = "Press 1 for English.", "We did not hear you.", "Thank you."


class CannedLine:
    """A stand-in line: each path answers with a canned document; every request is kept."""

    def __init__(self, documents):
        self.documents, self.requests = documents, []

    def post(self, path, form, headers):
        self.requests.append((path, dict(form), dict(headers)))
        answer = self.documents.get(path, (200, "")) if path == "/voice/status" \
            else self.documents[path]
        return answer if isinstance(answer, tuple) else (200, str(answer))

    @property
    def submitted(self):
        return [(path, form["Digits"]) for path, form, _ in self.requests if "Digits" in form]

    @property
    def paths(self):
        return [path for path, _, _ in self.requests]


def say(verb, text):
    verb.say(text, voice=VOICE, language="en-GB")


def heard(text):
    return Heard(text, "en-GB", VOICE)


def menu(**gather):
    """A prompt inside a Gather that posts to /voice?t=1, then a line for no input."""
    response = VoiceResponse()
    say(response.gather(action="/voice?t=1", **gather), PROMPT)
    say(response, MISSED)
    return response


def thanks():
    response = VoiceResponse()
    say(response, THANKS)
    response.hangup()
    return response


def call_menu(keys, **gather):
    line = CannedLine({"/voice": menu(**gather), "/voice?t=1": thanks()})
    return Call(line).run(keys), line


def test_num_digits_ends_the_gather_and_later_keys_are_dropped():
    transcript, line = call_menu(["12"], num_digits=1, finish_on_key="")
    assert transcript.events == [heard(PROMPT), Pressed("1"), Dropped("2"), heard(THANKS),
                                 Ended("hangup")]
    assert line.submitted == [("/voice?t=1", "1")]
    assert transcript.keys_pressed == 1 and transcript.ended_by == "hangup"


def test_finish_on_key_ends_the_gather_and_is_not_in_digits():
    transcript, line = call_menu(["*211234563#"], finish_on_key="#")
    assert transcript.events == [heard(PROMPT), Pressed("*211234563#"), heard(THANKS),
                                 Ended("hangup")]
    assert line.submitted == [("/voice?t=1", "*211234563")]


def test_finish_key_alone_is_no_input_and_falls_through():
    transcript, line = call_menu(["#"], finish_on_key="#")
    assert transcript.events == [heard(PROMPT), Pressed("#"), heard(MISSED),
                                 Ended("end of document")]
    assert line.submitted == []


def test_finish_key_alone_posts_empty_digits_with_action_on_empty_result():
    _, line = call_menu(["#"], finish_on_key="#", action_on_empty_result=True)
    assert line.submitted == [("/voice?t=1", "")]


def test_timeout_submits_the_digits_entered_so_far():
    transcript, line = call_menu(["05"], num_digits=4, finish_on_key="#", timeout=6)
    assert transcript.events == [heard(PROMPT), Pressed("05"), Silence(6), heard(THANKS),
                                 Ended("hangup")]
    assert line.submitted == [("/voice?t=1", "05")]


@pytest.mark.parametrize("silence", ["", "wait", "silence", " Wait "])
def test_silence_falls_through_to_the_next_verb(silence):
    transcript, line = call_menu([silence], num_digits=1)
    assert transcript.events == [heard(PROMPT), Silence(5), heard(MISSED),
                                 Ended("end of document")]
    assert line.submitted == [] and transcript.ended_by == "hangup"
    assert transcript.turns == [((PROMPT,), "")]


def test_silence_posts_empty_digits_with_action_on_empty_result():
    transcript, line = call_menu(["wait"], num_digits=1, action_on_empty_result=True)
    assert transcript.events == [heard(PROMPT), Silence(5), heard(THANKS), Ended("hangup")]
    assert line.submitted == [("/voice?t=1", "")]


@pytest.mark.parametrize("url", ["/voice?t=2", "voice?t=2", "http://localhost/voice?t=2"])
def test_redirect_posts_to_its_url_and_a_gather_without_action_posts_back(url):
    start, menu_document = VoiceResponse(), VoiceResponse()
    say(start, "Welcome.")
    start.redirect(url)
    say(menu_document.gather(num_digits=1), PROMPT)
    line = CannedLine({"/voice": start, "/voice?t=2": menu_document})
    transcript = Call(line).run(["1"])
    assert line.paths == ["/voice", "/voice?t=2", "/voice?t=2", "/voice/status"]
    assert line.submitted == [("/voice?t=2", "1")]
    assert transcript.heard == ["Welcome.", PROMPT, PROMPT]


def test_hangup_ends_the_call_and_nothing_after_it_is_heard():
    response = VoiceResponse()
    say(response, "Goodbye.")
    response.hangup()
    say(response, "Never heard.")
    transcript = Call(CannedLine({"/voice": response})).run([])
    assert transcript.events == [heard("Goodbye."), Ended("hangup")]


def test_the_end_of_the_document_ends_the_call():
    response = VoiceResponse()
    say(response, "Goodbye.")
    line = CannedLine({"/voice": response})
    transcript = Call(line).run([])
    assert transcript.events == [heard("Goodbye."), Ended("end of document")]
    assert transcript.ended_by == "hangup" and line.paths == ["/voice", "/voice/status"]


def test_a_script_that_runs_out_hangs_up_and_the_status_callback_reports_it():
    transcript, line = call_menu([], num_digits=1)
    assert transcript.events == [heard(PROMPT), Ended("caller hung up")]
    assert transcript.ended_by == "caller"
    path, form, _ = line.requests[-1]
    assert (path, form["CallStatus"]) == ("/voice/status", "completed")
    assert form["CallDuration"] == str(round(speech_seconds(PROMPT, "en-GB")))


def test_every_request_carries_twilios_parameters():
    _, line = call_menu(["1"], num_digits=1)
    forms = [form for _, form, _ in line.requests]
    assert [form["CallStatus"] for form in forms] == ["ringing", "in-progress", "completed"]
    assert re.fullmatch("CA[0-9a-f]{32}", forms[0]["CallSid"])
    for form in forms:
        assert {key: form[key] for key in ("CallSid", "From", "To", "Direction", "ApiVersion")} \
            == {"CallSid": forms[0]["CallSid"], "From": "+85291234567", "To": "+85221234567",
                "Direction": "inbound", "ApiVersion": "2010-04-01"}


@pytest.mark.parametrize("base_url", ["http://localhost", "https://line.example.org"])
def test_requests_are_signed_so_that_request_validator_accepts_them(base_url):
    line = CannedLine({"/voice": menu(num_digits=1), "/voice?t=1": thanks()})
    Call(line, auth_token="secret", base_url=base_url).run(["1"])
    validator = RequestValidator("secret")
    assert len(line.requests) == 3
    for path, form, headers in line.requests:
        assert validator.validate(base_url + path, form, headers["X-Twilio-Signature"])
    assert not validator.validate(base_url + "/voice", {"Digits": "9"},
                                  line.requests[0][2]["X-Twilio-Signature"])


def test_requests_are_unsigned_without_a_token():
    _, line = call_menu(["1"], num_digits=1)
    assert [headers for _, _, headers in line.requests] == [{}, {}, {}]


def test_the_clock_counts_speech_pauses_plays_keys_and_silence():
    response = VoiceResponse()
    say(response, "Welcome.")
    response.pause(length=2)
    response.play("https://example.org/chime.mp3")
    response.gather(num_digits=1, timeout=7)
    response.gather(num_digits=1, action="/voice?t=1")
    line = CannedLine({"/voice": response, "/voice?t=1": thanks()})
    transcript = Call(line).run(["", "3"])
    assert transcript.events[:6] == [heard("Welcome."), Paused(2),
                                     Played("https://example.org/chime.mp3"), Silence(7),
                                     Pressed("3"), heard(THANKS)]
    expected = speech_seconds("Welcome.", "en-GB") + 2 + 3 + 7 + 0.5 \
        + speech_seconds(THANKS, "en-GB")
    assert transcript.seconds == pytest.approx(expected)
    assert line.requests[-1][1]["CallDuration"] == str(round(expected))
    assert transcript.turns == [(("Welcome.",), ""), ((), "3")]


def test_render_reads_the_call_line_by_line():
    transcript, _ = call_menu(["12"], num_digits=1, finish_on_key="")
    assert transcript.render() == "\n".join([
        f"[en-GB] {PROMPT}", "[pressed 1]",
        "[dropped 2: pressed after the line stopped listening]",
        f"[en-GB] {THANKS}", "[ended: hangup]",
        f"[{transcript.duration} s; keys pressed: 1]"])


@pytest.mark.parametrize("answer, message", [
    ((500, "Internal Server Error"), "HTTP 500"),
    ((200, "We are sorry"), "no XML"),
    ((200, "<html/>"), "not a TwiML <Response>"),
    ((200, '<Response><Dial>999</Dial></Response>'), "does not know <Dial>"),
    ((200, '<Response><Redirect method="GET">/x</Redirect></Response>'), "only POSTs"),
    ((200, '<Response><Gather input="speech"/></Response>'), "keypad"),
    ((200, '<Response><Redirect>https://elsewhere.example/x</Redirect></Response>'),
     "leaves the line"),
])
def test_what_twilio_would_reject_raises_a_clear_error(answer, message):
    with pytest.raises(PhoneError, match=re.escape(message)):
        Call(CannedLine({"/voice": answer})).run([])


def test_a_failing_status_callback_raises():
    line = CannedLine({"/voice": thanks(), "/voice/status": (500, "")})
    with pytest.raises(PhoneError, match="POST /voice/status answered HTTP 500"):
        Call(line).run([])


def test_a_line_that_never_ends_the_call_is_stopped():
    response = VoiceResponse()
    say(response, "Again.")
    response.redirect("/voice")
    line = CannedLine({"/voice": response})
    with pytest.raises(PhoneError, match="made 200 requests without ending"):
        Call(line).run([])
    assert len(line.requests) == 200


def test_a_person_hears_each_event_and_sees_the_gathers_rules():
    second = VoiceResponse()
    say(second.gather(finish_on_key="#"), "Enter your number.")
    line = CannedLine({"/voice": menu(num_digits=1, finish_on_key=""), "/voice?t=1": second})
    typed, prompts, written = iter(["1", "q"]), [], []

    def read_keys(prompt):
        prompts.append(prompt)
        return next(typed)

    transcript = Call(line).run_interactive(read_keys, written.append)
    assert prompts == ["keys (up to 1):", "keys (# ends):"]
    assert written == [f"[en-GB] {PROMPT}", "[pressed 1]", "[en-GB] Enter your number.",
                       "[ended: caller hung up]"]
    assert transcript.ended_by == "caller" and line.paths[-1] == "/voice/status"


@pytest.mark.parametrize("attributes, described", [
    ({"numDigits": "4", "finishOnKey": "#"}, "keys (up to 4, # ends):"),
    ({"finishOnKey": ""}, "keys (silence ends):"),
    ({}, "keys (# ends):"),
])
def test_gather_rules_describe_themselves(attributes, described):
    assert GatherRules.of(Element("Gather", attributes)).describe() == described


def test_script_entries_are_dtmf_keys_or_silence():
    assert parse_entry("*21 1234563 #") == "*211234563#"
    assert parse_entry("SILENCE") == parse_entry("") == ""
    with pytest.raises(ValueError, match="not DTMF keys: 'x1'"):
        parse_entry("x1")


def test_the_http_transport_calls_a_running_server_with_signed_requests(httpserver):
    def answer(http_request):
        signature = http_request.headers.get("X-Twilio-Signature", "")
        valid = RequestValidator("secret").validate(http_request.url, http_request.form, signature)
        return Response(str(thanks()) if valid else "forbidden", status=200 if valid else 403)

    httpserver.expect_request("/voice", method="POST").respond_with_handler(answer)
    httpserver.expect_request("/voice/status", method="POST").respond_with_data("")
    base_url = httpserver.url_for("/")
    transcript = Call(HttpTransport(base_url), auth_token="secret", base_url=base_url).run([])
    assert transcript.events == [heard(THANKS), Ended("hangup")]
    with pytest.raises(PhoneError, match="HTTP 403"):
        Call(HttpTransport(base_url), auth_token="wrong", base_url=base_url).run([])


def test_the_http_transport_names_a_server_that_is_not_there():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        base_url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    with pytest.raises(PhoneError, match=f"no line answers at {base_url}"):
        Call(HttpTransport(base_url), base_url=base_url).run([])


@pytest.fixture
def tiny_app():
    """A two-step Flask line that checks signatures, standing in for ours."""
    app = Flask("tiny")
    app.config["TWILIO_AUTH_TOKEN"] = "secret"

    @app.post("/voice")
    def voice():
        signature = request.headers.get("X-Twilio-Signature", "")
        if not RequestValidator("secret").validate(request.url, request.form, signature):
            return "forbidden", 403
        response = VoiceResponse()
        if "Digits" in request.form:
            say(response, f"You pressed {request.form['Digits']}.")
        else:
            say(response.gather(num_digits=1, finish_on_key=""), "Press a key.")
        return str(response)

    app.post("/voice/status")(lambda: "")
    phone_cli.init_app(app)
    return app


def test_flask_call_with_keys_prints_the_transcript(tiny_app):
    result = tiny_app.test_cli_runner().invoke(args=["call", "--keys", "7"])
    spoken = ("Press a key.", "You pressed 7.")
    seconds = sum(speech_seconds(text, "en-GB") for text in spoken) + 0.5
    assert result.exit_code == 0, result.output
    assert result.output == "\n".join([
        "[en-GB] Press a key.", "[pressed 7]", "[en-GB] You pressed 7.",
        "[ended: end of document]", f"[{round(seconds)} s; keys pressed: 1]", ""])


def test_flask_call_reads_keys_typed_at_the_terminal(tiny_app):
    result = tiny_app.test_cli_runner().invoke(args=["call"], input="x\n7\n")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:5] == [
        phone_cli.INTERACTIVE_HELP, "[en-GB] Press a key.",
        "keys (up to 1): x", "not DTMF keys: 'x' (use 0-9 * #, or '' / 'wait' for silence)",
        "keys (up to 1): 7"]
    assert "[en-GB] You pressed 7." in result.output.splitlines()


def test_flask_call_with_a_wrong_token_names_the_refusal(tiny_app):
    result = tiny_app.test_cli_runner().invoke(args=["call", "--keys", "7", "--token", "wrong"])
    assert result.exit_code == 1
    assert "POST /voice answered HTTP 403" in result.output


def test_the_flask_transport_returns_status_and_body(tiny_app):
    status, body = FlaskTransport(tiny_app.test_client()).post("/voice", {}, {})
    assert (status, body) == (403, "forbidden")

"""Hostile webhooks in the middle of real calls: random, missing and oversized parameters,
random Digits, turns and CallSids. Shared by the CI test and ``bench/fuzz_long.py``.

After every request: never a 500, TwiML that parses; a stale turn changes nothing; the call's
state still loads and a normal key continues the call.
"""
import logging
from contextlib import contextmanager

from hypothesis import strategies as st

from ivr import callstore
from ivr.keypad import KEYPAD
from store.connection import redis_of
from tests.documents import hkid
from tests.ivr.calls import booking_keys
from tests.reliability.webhooks import WebhookCall, twiml_root

VERBS = {"Say", "Play", "Pause", "Gather", "Hangup"}
DTMF_KEYS = "".join(sorted(KEYPAD))
DTMF = st.text(alphabet=DTMF_KEYS, max_size=30)
# Digits in other scripts ("٣", "²") pass str.isdigit(): the likeliest way to fool a validator.
OTHER_DIGITS = st.text(alphabet=st.characters(categories=["Nd", "No"], exclude_characters=DTMF_KEYS),
                       min_size=1, max_size=4)
GARBAGE = st.one_of(st.text(max_size=40), st.text(max_size=3000), OTHER_DIGITS,
                    st.binary(max_size=40).map(lambda b: b.decode("latin-1")))
ABSENT = st.none()


def maybe(strategy):
    """A value from ``strategy``, or None (the parameter is left out)."""
    return st.one_of(ABSENT, strategy)


def usually(draw, value, other):
    """``value`` three times in four, else a value drawn from ``other``."""
    return value if draw(st.sampled_from([True, True, True, False])) else draw(other)


def voice_form(draw, call_sid: str, current: int) -> dict:
    """The ``t`` and form of one hostile /voice request, mostly about the real call's turn."""
    stale = st.one_of(st.integers(-2, current + 3).map(str), st.integers().map(str), GARBAGE)
    return {
        "t": usually(draw, str(current), maybe(stale)),
        "CallSid": usually(draw, call_sid, maybe(GARBAGE)),
        "Digits": draw(maybe(st.one_of(DTMF, OTHER_DIGITS, GARBAGE))),
        **{name: draw(maybe(GARBAGE)) for name in ("From", "CallStatus", "CallDuration")},
        "extra": draw(st.dictionaries(st.text(max_size=20), GARBAGE, max_size=4)),
    }


def request_parts(form: dict) -> tuple[str, dict]:
    """The query string and the form of a drawn request (None values are left out)."""
    fields = {name: value for name, value in form.items() if name not in ("t", "extra") and value is not None}
    fields.update(form["extra"])
    return ("" if form["t"] is None else form["t"]), fields


class FailureLog(logging.Handler):
    """Collects the webhook failures the app logs (the apology path) while a check runs."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.failures = []

    def emit(self, record):
        """Keep the record if it is a webhook failure."""
        if record.getMessage().startswith("webhook failed"):
            self.failures.append(record)


@contextmanager
def watching_failures():
    """The failures the webhooks log inside the block (each would have cut a call short)."""
    handler, logger = FailureLog(), logging.getLogger("ivr.web")
    logger.addHandler(handler)
    try:
        yield handler.failures
    finally:
        logger.removeHandler(handler)


def stored(app, call_sid: str):
    """The call's stored state and TwiML (it must load: no corrupted state)."""
    return callstore.load(redis_of(app), app.config["SECRET_KEY"], call_sid)


def check_voice(app, call: WebhookCall, query: str, fields: dict) -> None:
    """One hostile /voice request: 200 TwiML; a stale turn answers the stored TwiML unchanged."""
    before = stored(app, call.call_sid)
    response = call.client.post("/voice", query_string={"t": query} if query else None, data=fields)
    assert response.status_code == 200, response.status_code
    root = twiml_root(response.data)
    assert {verb.tag for verb in root} <= VERBS
    if fields.get("CallSid") != call.call_sid:
        return
    after = stored(app, call.call_sid).state
    if query != str(before.state.turn):
        assert response.data.decode() == before.twiml and after == before.state
    elif set(fields.get("Digits") or "") - set(DTMF_KEYS):
        # Not keypad keys: a wrong key at most, never a choice or a value taken.
        assert (after.step, after.data) == (before.state.step, before.state.data)


def check_other(client, draw) -> None:
    """One hostile request to /voice/status, /voice/fallback or /healthz: never a 500."""
    path = draw(st.sampled_from(["/voice/status", "/voice/fallback", "/healthz"]))
    fields = draw(st.dictionaries(st.sampled_from(["CallSid", "CallStatus", "CallDuration", "ErrorCode", "x"]), GARBAGE))
    if path == "/healthz":
        response = client.get(path, query_string=fields)
        assert (response.status_code, response.get_json()) == (200, {"redis": "ok"})
        return
    response = client.post(path, data=fields)
    assert response.status_code == 200
    twiml_root(response.data)


def continue_normally(app, call: WebhookCall) -> None:
    """The call goes on: ``*`` at its current turn repeats the prompt (unless it has ended)."""
    state = stored(app, call.call_sid)
    if "<Gather" not in state.twiml:
        return
    call.action = f"/voice?t={state.state.turn}"
    response = call.press("*")
    assert response.status_code == 200 and b"<Gather" in response.data
    assert stored(app, call.call_sid).state.turn == state.state.turn + 1


def fuzz_one_call(app, draw) -> None:
    """A real booking call, hostile requests in its middle, then a normal continuation."""
    call = WebhookCall(app.test_client())
    call.start()
    # Some documents come round again, so some calls meet "already booked" too.
    *to_summary, _ = booking_keys("3", [hkid(300000 + draw(st.integers(0, 999)))])
    call.press_all(to_summary[: draw(st.sampled_from(range(len(to_summary) + 1)))])
    with watching_failures() as failures:
        for _ in range(draw(st.integers(1, 6))):
            if draw(st.booleans()):
                current = stored(app, call.call_sid).state.turn
                check_voice(app, call, *request_parts(voice_form(draw, call.call_sid, current)))
            else:
                check_other(call.client, draw)
        continue_normally(app, call)
    assert failures == [], [record.getMessage() for record in failures]

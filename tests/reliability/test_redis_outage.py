"""Redis stops in the middle of calls: callers hear the apology; when it is back, calls work
again without restarting the app, and a booking in flight is whole or absent."""
import time

from ivr.twiml import apology as twiml_apology
from phone import FlaskTransport
from store.connection import redis_of
from tests.documents import hkid
from tests.reliability.caller import book_by_ear
from tests.reliability.invariants import active_references, ledger_problems
from tests.reliability.webhooks import CONFIRM, WebhookCall, call_at_summary

FROZEN_ANSWER_SECONDS = 5  # one Redis socket timeout (3 s), far within the 15 s Twilio waits


def apology(app) -> bytes:
    """The whole apology document, as the fallback webhook answers it (asked while Redis is up)."""
    return app.test_client().post("/voice/fallback", data={"CallSid": "CAfallback"}).data


def english_apology(app) -> bytes:
    """The apology to a caller who chose English, once the call's state was read."""
    line = app.extensions["line"]
    return twiml_apology({"en-GB": line.prompts.render("common.apology", "en-GB")}, line.rendering).encode()


def assert_apologised(response, expected: bytes) -> None:
    """HTTP 200, the apology naming the other channels (in every language until one is known), then Hangup."""
    assert response.status_code == 200
    assert response.data == expected
    assert b"www.gov.hk/icbooking or with the Immigration Department mobile application" in response.data
    assert response.data.endswith(b"<Hangup /></Response>")


def test_callers_hear_the_apology_while_redis_is_down_and_calls_work_when_it_is_back(own_app, own_redis):
    in_progress, expected = call_at_summary(own_app), apology(own_app)
    own_redis.kill()
    assert_apologised(in_progress.press(CONFIRM), expected)
    assert_apologised(WebhookCall(own_app.test_client()).start(), expected)
    client, ended = own_app.test_client(), {"CallSid": in_progress.call_sid, "CallStatus": "completed"}
    assert_apologised(client.post("/voice/fallback", data=ended), expected)
    assert client.post("/voice/status", data=ended).status_code == 200
    assert client.get("/healthz").status_code == 503
    own_redis.start()
    assert own_app.test_client().get("/healthz").get_json() == {"redis": "ok"}
    assert active_references(own_redis.client()) == set()  # the confirm never reached the ledger
    outcome = book_by_ear(FlaskTransport(own_app.test_client()), hkid(910001))
    assert outcome.kind == "booked"
    assert active_references(own_redis.client()) == {outcome.reference}
    assert ledger_problems(own_redis.client()) == []


def test_redis_dying_between_the_commit_and_the_answer_leaves_the_booking_whole(own_app, own_redis, monkeypatch):
    ledger, committed = own_app.extensions["ledger"], []
    book = ledger.book

    def book_then_die(*args, **kwargs):
        committed.append(book(*args, **kwargs))
        own_redis.kill()  # the booking is committed; the call state will not be saved
        return committed[-1]

    in_progress, expected = call_at_summary(own_app), english_apology(own_app)
    monkeypatch.setattr(ledger, "book", book_then_die)
    assert_apologised(in_progress.press(CONFIRM), expected)  # the call state could not be saved
    own_redis.start()
    assert active_references(own_redis.client()) == set(committed) and len(committed) == 1
    assert ledger_problems(own_redis.client()) == []
    # The booking is there in full: calling again, the caller first hears it read back.
    monkeypatch.undo()
    outcome = book_by_ear(FlaskTransport(own_app.test_client()), hkid(910001), from_number=in_progress.form["From"])
    assert (outcome.kind, outcome.reference) == ("booked", committed[0])


def test_a_frozen_redis_gets_the_apology_before_twilio_gives_up(own_app, own_redis):
    in_progress, expected = call_at_summary(own_app), apology(own_app)
    own_redis.freeze()
    started = time.monotonic()
    assert_apologised(in_progress.press(CONFIRM), expected)
    assert time.monotonic() - started < FROZEN_ANSWER_SECONDS
    own_redis.thaw()
    # The state was never touched: the caller's retry (same turn) confirms the booking.
    assert b"Booked: " in in_progress.press(CONFIRM).data
    assert len(active_references(redis_of(own_app))) == 1
    assert ledger_problems(own_redis.client()) == []

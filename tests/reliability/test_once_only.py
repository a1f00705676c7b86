"""Twilio sends the same webhook twice at the same moment: its effect happens once and both
requests get the first answer (SPEC §2; docs/RELIABILITY.md, "Once-only webhooks")."""
import datetime as dt
import time
import xml.etree.ElementTree as ElementTree

import pytest
import redis

from booking.extensions import ledger_of
from store.connection import redis_of
from tests.documents import hkid
from tests.ivr.manage_calls import CANCEL, CHANGE, ENQUIRE, book_ahead, identify
from tests.reliability.invariants import ledger_problems
from tests.reliability.together import run_together
from tests.reliability.webhooks import WebhookCall

TRIALS = 12
LEASE = 0.2  # seconds: the claim of a request that lost Redis, shortened for the test
# A working day of its own per trial (Monday 7 to Saturday 19 December 2026), so no slot fills.
DAYS = [dt.date(2026, 12, 7) + dt.timedelta(days=n) for n in range(14) if n % 7 != 6]


def caller(trial: int) -> str:
    """A Hong Kong mobile number of its own per trial (no calling number reaches its limit)."""
    return f"+852912{trial:05d}"


def said(twiml: str) -> list[str]:
    """What the caller hears from one TwiML answer."""
    return [say.text for say in ElementTree.fromstring(twiml).iter("Say")]


def twice_at_once(app, call: WebhookCall, digits: str) -> list[str]:
    """Post the answer ``digits`` to the call's last Gather twice at the same moment."""
    path, form = call.action, {**call.form, "CallStatus": "in-progress", "Digits": digits}
    return run_together(lambda _: app.test_client().post(path, data=form).get_data(as_text=True), 2)


def call_after(app, trial: int, keys: list[str]) -> WebhookCall:
    """A call from the trial's own number, driven through ``keys``."""
    call = WebhookCall(app.test_client(), From=caller(trial))
    call.start()
    call.press_all(keys)
    return call


def test_the_reminder_switch_pressed_twice_at_once_switches_once(app):
    for trial in range(TRIALS):
        number = hkid(720000 + trial)
        reference = book_ahead(app, number, DAYS[trial])  # no reminder yet
        first, second = twice_at_once(app, call_after(app, trial, identify("3", ENQUIRE, number)), "4")
        assert first == second, f"trial {trial}"
        assert said(first)[0].startswith("The SMS reminder is on."), f"trial {trial}: {said(first)}"
        assert ledger_of(app).get(reference).reminder is True, f"trial {trial}"


def test_a_cancel_confirmed_twice_at_once_cancels_once_and_both_hear_it_done(app):
    for trial in range(TRIALS):
        number = hkid(721000 + trial)
        reference = book_ahead(app, number, DAYS[trial])
        first, second = twice_at_once(app, call_after(app, trial, identify("3", CANCEL, number)), "1")
        assert first == second, f"trial {trial}"
        assert said(first)[0].endswith("is cancelled."), f"trial {trial}: {said(first)}"
        assert ledger_of(app).get(reference).status == "cancelled"
    assert ledger_problems(redis_of(app)) == []


def test_a_change_confirmed_twice_at_once_moves_the_booking_once(app):
    for trial in range(TRIALS):
        number = hkid(722000 + trial)
        reference = book_ahead(app, number, DAYS[trial])
        call = call_after(app, trial, identify("3", CHANGE, number) + ["2", "2", "2", "1", "1"])  # Kowloon, 9 a.m., taken
        first, second = twice_at_once(app, call, "1")
        assert first == second, f"trial {trial}"
        assert said(first)[0].startswith("Your appointment is changed."), f"trial {trial}: {said(first)}"
        assert ledger_of(app).get(reference).office == "KO"
    assert ledger_problems(redis_of(app)) == []


def lose_the_answer_once(app, monkeypatch):
    """The next webhook applies its effect, then loses Redis before the call is saved (the caller
    hears the apology, and its claim on the turn stays until its lease lapses)."""
    from ivr import web

    record_turn = web.calllog.record_turn

    def lost(*args, **kwargs):
        monkeypatch.setattr(web.calllog, "record_turn", record_turn)
        raise redis.TimeoutError("Timeout reading from socket")

    monkeypatch.setattr(web.calllog, "record_turn", lost)
    app.extensions["turn_claims"].lease_seconds = LEASE


def repeated_after_the_lease(app, call: WebhookCall, digits: str) -> str:
    """Post ``digits`` (its answer lost), then Twilio's repeat of it once the first request's lease lapsed."""
    assert b"technical problem" in call.press(digits).data
    time.sleep(LEASE * 2)
    return call.repeat().get_data(as_text=True)


# What the repeat hears first, and what the ledger then holds, after each effect's answer was lost.
LOST_ANSWERS = {
    # before: switched back off, and said so
    "reminder switch": (ENQUIRE, [], "4", "The SMS reminder is on.", lambda booking: booking.reminder is True),
    # before: "Sorry, this appointment is no longer active."
    "cancel": (CANCEL, [], "1", "Your appointment on ", lambda booking: booking.status == "cancelled"),
    "change": (CHANGE, ["2", "2", "2", "1", "1"], "1", "Your appointment is changed.",  # Kowloon, 9 a.m.
               lambda booking: booking.office == "KO"),
}


@pytest.mark.parametrize("effect", LOST_ANSWERS)
def test_an_effect_repeated_after_its_answer_was_lost_is_applied_once(app, monkeypatch, effect):
    menu_key, more_keys, digits, heard, holds = LOST_ANSWERS[effect]
    trial = list(LOST_ANSWERS).index(effect)
    number = hkid(723000 + trial)
    reference = book_ahead(app, number, DAYS[trial])
    call = call_after(app, trial, identify("3", menu_key, number) + more_keys)
    lose_the_answer_once(app, monkeypatch)
    repeat = said(repeated_after_the_lease(app, call, digits))
    assert repeat[0].startswith(heard), repeat
    assert holds(ledger_of(app).get(reference))
    assert ledger_problems(redis_of(app)) == []

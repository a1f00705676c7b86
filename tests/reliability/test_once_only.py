"""Twilio sends the same webhook twice at the same moment: its effect happens once and both
requests get the first answer (SPEC §2; docs/RELIABILITY.md, "Once-only webhooks")."""
import datetime as dt
import xml.etree.ElementTree as ElementTree

from booking.extensions import ledger_of
from store.connection import redis_of
from tests.documents import hkid
from tests.ivr.manage_calls import CANCEL, CHANGE, ENQUIRE, book_ahead, identify
from tests.reliability.invariants import ledger_problems
from tests.reliability.together import run_together
from tests.reliability.webhooks import WebhookCall

TRIALS = 12
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

"""Twilio repeats the webhook that confirms a booking: one booking, the same answer each time."""
from store.connection import redis_of
from tests.reliability.invariants import active_references, ledger_problems
from tests.reliability.together import run_together
from tests.reliability.webhooks import CONFIRM, call_at_summary

REPEATS = 6


def confirm_together(app, call, times: int) -> list[bytes]:
    """Post the same confirming webhook ``times`` at once, each on its own connection."""
    path, form = call.action, {**call.form, "CallStatus": "in-progress", "Digits": CONFIRM}
    return run_together(lambda _: app.test_client().post(path, data=form).data, times)


def test_a_repeated_confirmation_books_once_and_answers_the_same(app):
    call = call_at_summary(app)
    first = call.press(CONFIRM).data
    assert b"Booked: " in first
    assert [call.repeat().data for _ in range(REPEATS)] == [first] * REPEATS
    assert len(active_references(redis_of(app))) == 1


def test_simultaneous_repeats_of_the_confirmation_book_once(app):
    call = call_at_summary(app)
    answers = confirm_together(app, call, REPEATS)
    assert b"Booked: " in answers[0]
    assert answers == [answers[0]] * REPEATS
    assert len(active_references(redis_of(app))) == 1
    assert ledger_problems(redis_of(app)) == []

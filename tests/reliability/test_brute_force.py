"""Brute force: at most 5 enquiry codes per document per 24 hours whatever the calls and calling
numbers, and a limit of identification attempts per calling number (``booking.rate_limit``)."""
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from booking.errors import CallerLimited, Locked, NotFound
from booking.extensions import ledger_of
from booking.model import Applicant
from booking.rate_limit import MAX_ATTEMPTS, is_withheld
from tests.booking.conftest import request
from tests.conftest import TEST_NOW
from tests.documents import hkid
from tests.ivr.calls import call
from tests.ivr.manage_calls import CODE, ENQUIRE, book_ahead, identify
from tests.reliability.together import run_together

DAY = dt.date(2026, 12, 7)
WINDOW = dt.timedelta(hours=24)
ANSWERS = {"cannot find an appointment": "not found", "document number is locked": "locked",
           "keyed for this appointment, with this number or another on it": "appointment locked",
           "looked up from this phone": "caller limited", "To hear the appointment again": "found"}


def phone(n: int) -> str:
    """The n-th calling number of an attacker with many phones."""
    return f"+8529{n:07d}"


def enquiry(app, number: str, code: str, from_number: str) -> str:
    """One enquiry call: what the line answered after the code ('not found', 'locked', ...)."""
    said = " ".join(call(app, identify("3", ENQUIRE, number, code), from_number=from_number).heard[-2:])
    return next(answer for text, answer in ANSWERS.items() if text in said)


def test_five_codes_per_document_whatever_the_calls_and_numbers(app, clock):
    number = hkid(700101)
    book_ahead(app, number, DAY)
    guesses = [enquiry(app, number, f"{n:04d}", phone(n)) for n in range(12)]  # 12 calls, 12 phones
    assert guesses == ["not found"] * 4 + ["locked"] * 8
    assert enquiry(app, number, CODE, phone(99)) == "locked"  # even the right code, from a new phone
    clock.advance(hours=23, minutes=59)
    assert enquiry(app, number, CODE, phone(98)) == "locked"
    clock.advance(minutes=1)
    assert enquiry(app, number, CODE, phone(97)) == "found"


def test_five_codes_per_booking_whichever_of_its_documents_is_keyed(app, clock):
    numbers = [hkid(700400 + n) for n in range(4)]
    people = [Applicant("hkid", number, 5, 1985) for number in numbers]
    ledger_of(app).book(request(people, day=DAY, time="09:00", code=CODE), "four-applicants")
    # Two guesses on each document, each call from another phone: eight guesses at one code.
    guesses = [enquiry(app, numbers[n // 2], f"{n:04d}", phone(n)) for n in range(8)]
    assert guesses == ["not found"] * 4 + ["appointment locked"] * 4
    assert enquiry(app, numbers[3], CODE, phone(50)) == "appointment locked"  # the right code, a fresh document and phone
    clock.advance(hours=24)
    assert enquiry(app, numbers[3], CODE, phone(51)) == "found"


def test_a_calling_number_is_limited_across_documents_and_calls(app, clock):
    number = hkid(700102)
    book_ahead(app, number, DAY)
    guesses = [enquiry(app, hkid(700200 + n), "0000", phone(1)) for n in range(MAX_ATTEMPTS)]
    assert guesses == ["not found"] * MAX_ATTEMPTS
    assert enquiry(app, number, CODE, phone(1)) == "caller limited"  # a new document, the right code
    assert enquiry(app, number, CODE, phone(2)) == "found"  # another phone is not limited
    clock.advance(hours=24)
    assert enquiry(app, number, CODE, phone(1)) == "found"


ATTEMPTS = st.lists(st.tuples(st.integers(0, 12 * 60), st.integers(0, 30)), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(schedule=ATTEMPTS)
def test_no_24_hours_see_more_than_five_codes_for_a_document(app, clock, redis_client, schedule):
    redis_client.flushdb()
    clock.now = TEST_NOW
    ledger, number, compared = ledger_of(app), hkid(700103), []
    book_ahead(app, number, DAY)
    match = ledger.access._match
    ledger.access._match = lambda *args: compared.append(clock.now) or match(*args)
    for minutes, caller in schedule:  # wrong codes, at random times, from random phones
        clock.advance(minutes=minutes)
        with pytest.raises((NotFound, Locked)):
            ledger.authenticate("hkid", number, "0000", caller=phone(caller))
    assert max(sum(start <= when < start + WINDOW for when in compared) for start in compared) <= 5


def test_parallel_attempts_from_one_number_never_pass_the_limit(app):
    ledger = ledger_of(app)

    def attempt(n: int) -> type:
        try:
            ledger.authenticate("hkid", hkid(700300 + n), "0000", caller=phone(3))
        except (NotFound, CallerLimited) as error:
            return type(error)

    outcomes = run_together(attempt, 3 * MAX_ATTEMPTS)
    assert outcomes.count(NotFound) == MAX_ATTEMPTS and outcomes.count(CallerLimited) == 2 * MAX_ATTEMPTS


@pytest.mark.parametrize("calling_number, withheld", [
    ("+85291234567", False),
    ("anonymous", True),  # how Twilio gives a withheld number
    ("", True),
    ("+266696687", True),  # ANONYMOUS on a keypad
    ("+85221234567", False),
])
def test_withheld_numbers_are_told_apart(calling_number, withheld):
    assert is_withheld(calling_number) is withheld

"""Finding a booking by document and enquiry code; 5 failures lock the number for 24 hours."""
import datetime as dt
import threading

import pytest

from booking.errors import InvalidDocument, Locked, NotFound
from booking.model import Applicant
from store import keys
from tests.booking.conftest import DAY, applicants, request

CODE = "2468"


@pytest.fixture
def booked(ledger):
    """Two applicants on one booking; returns (reference, applicants)."""
    people = applicants(2)
    return ledger.book(request(people, code=CODE), "k"), people


def test_any_applicant_finds_the_booking(ledger, booked):
    reference, people = booked
    for person in people:
        assert ledger.authenticate("hkid", person.number, CODE).reference == reference
    bracketed = f"{people[0].number[:-1]}({people[0].number[-1]})"
    assert ledger.authenticate("birth_cert", bracketed, CODE).reference == reference


def test_wrong_code_and_unknown_number_are_the_same_answer(ledger, booked):
    _, people = booked
    with pytest.raises(NotFound) as wrong_code:
        ledger.authenticate("hkid", people[0].number, "1357")
    with pytest.raises(NotFound) as unknown_number:
        ledger.authenticate("hkid", applicants(1)[0].number, CODE)
    assert type(wrong_code.value) is type(unknown_number.value) is NotFound
    assert str(wrong_code.value) == str(unknown_number.value) == ""


def test_a_malformed_number_is_refused_before_counting(ledger, booked, redis_client):
    with pytest.raises(InvalidDocument):
        ledger.authenticate("hkid", "A123456(9)", CODE)
    assert redis_client.keys(keys.enquiry_failures("*")) == []


def test_five_failures_lock_the_number_for_24_hours(ledger, booked, clock):
    _, people = booked
    number = people[0].number
    for _ in range(4):
        with pytest.raises(NotFound):
            ledger.authenticate("hkid", number, "0000")
    with pytest.raises(Locked) as fifth:
        ledger.authenticate("hkid", number, "0000")
    assert fifth.value.until == clock.now + dt.timedelta(hours=24)
    with pytest.raises(Locked):
        ledger.authenticate("hkid", number, CODE)  # even the right code
    clock.advance(hours=23, minutes=59)
    with pytest.raises(Locked):
        ledger.authenticate("hkid", number, CODE)
    with pytest.raises(Locked):
        ledger.authenticate("hkid", people[1].number, CODE)  # the booking is locked too, whichever document
    clock.advance(minutes=1)
    assert ledger.authenticate("hkid", number, CODE).applicants == 2


def test_after_the_lock_counting_starts_afresh(ledger, booked, clock):
    _, people = booked
    for _ in range(5):
        with pytest.raises((NotFound, Locked)):
            ledger.authenticate("hkid", people[0].number, "0000")
    clock.advance(hours=24)
    for _ in range(4):
        with pytest.raises(NotFound):
            ledger.authenticate("hkid", people[0].number, "0000")
    with pytest.raises(Locked):
        ledger.authenticate("hkid", people[0].number, "0000")


def test_an_unknown_number_locks_too(ledger):
    stranger = applicants(1)[0].number
    for _ in range(4):
        with pytest.raises(NotFound):
            ledger.authenticate("hkid", stranger, CODE)
    with pytest.raises(Locked):
        ledger.authenticate("hkid", stranger, CODE)


def test_success_is_not_a_wrong_code_but_the_days_wrong_codes_still_count(ledger, booked, clock):
    _, people = booked
    number = people[0].number
    for _ in range(4):
        with pytest.raises(NotFound):
            ledger.authenticate("hkid", number, "0000")
    ledger.authenticate("hkid", number, CODE)
    with pytest.raises(Locked):  # the fifth wrong code in 24 hours on the booking
        ledger.authenticate("hkid", number, "0000")
    clock.advance(hours=24)  # yesterday's wrong codes leave the booking's window
    for _ in range(3):  # (the document's own count of 1 lives in real time, not the test clock's)
        with pytest.raises(NotFound):
            ledger.authenticate("hkid", number, "0000")
    assert ledger.authenticate("hkid", number, CODE).applicants == 2


def test_parallel_guesses_cannot_pass_the_limit(ledger, booked):
    _, people = booked
    outcomes, barrier = [], threading.Barrier(20)

    def guess(code):
        barrier.wait()
        try:
            ledger.authenticate("hkid", people[0].number, code)
            outcomes.append("found")
        except (NotFound, Locked) as error:
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=guess, args=(f"{n:04d}",)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["Locked"] * 16 + ["NotFound"] * 4


def test_a_cancelled_booking_is_not_found(ledger, booked):
    reference, people = booked
    ledger.cancel(reference)
    with pytest.raises(NotFound):
        ledger.authenticate("hkid", people[0].number, CODE)


def test_a_past_booking_is_not_found(ledger, booked, clock):
    _, people = booked
    clock.now = dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(9), clock.now.tzinfo)
    with pytest.raises(NotFound):
        ledger.authenticate("hkid", people[0].number, CODE)


def test_travel_documents_authenticate(ledger):
    person = (Applicant("travel", "E12345678", 1, 2001),)
    reference = ledger.book(request(person, code=CODE), "k")
    assert ledger.authenticate("travel", "e12345678", CODE).reference == reference


def test_holds_active_booking(ledger, booked, clock):
    reference, people = booked
    assert ledger.holds_active_booking("hkid", people[0].number)
    assert ledger.holds_active_booking("birth_cert", people[1].number)
    assert not ledger.holds_active_booking("hkid", applicants(1)[0].number)
    clock.now = dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(9), clock.now.tzinfo)
    assert not ledger.holds_active_booking("hkid", people[0].number)  # the day has passed


def test_a_cancelled_booking_holds_no_document(ledger, booked):
    reference, people = booked
    ledger.cancel(reference)
    assert not ledger.holds_active_booking("hkid", people[0].number)

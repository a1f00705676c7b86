"""Change, cancel, reminders, rosters and closures."""
import datetime as dt

import pytest

from booking.calendar import HK_TZ
from booking.errors import (
    DocumentAlreadyBooked, NotActive, NotFound, ReminderPhoneMissing, SlotFull, SlotUnavailable,
    TooLate,
)
from store import keys
from tests.booking.conftest import DAY, applicants, request, used

D = dt.date
NEXT_DAY = D(2025, 3, 11)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), HK_TZ)


def reminder_epoch(day: dt.date) -> float:
    return at(day - dt.timedelta(days=2), 10).timestamp()


def test_change_moves_the_places_and_keeps_the_documents(ledger, redis_client):
    people = applicants(3)
    reference = ledger.book(request(people), "k")
    changed = ledger.change(reference, "KO", NEXT_DAY, "10:00")
    assert (changed.office, changed.day, changed.time, changed.status) == ("KO", NEXT_DAY, "10:00", "active")
    assert used(redis_client, "HKO", DAY, "09:00") == 0
    assert used(redis_client, "KO", NEXT_DAY, "10:00") == 3
    assert ledger.roster("HKO", DAY) == []
    assert [b.reference for b in ledger.roster("KO", NEXT_DAY)] == [reference]
    with pytest.raises(DocumentAlreadyBooked):
        ledger.book(request(people[2:]), "again")


def test_change_into_a_full_slot_changes_nothing(ledger, redis_client):
    ledger.book(request(applicants(4), time="10:00"), "a")
    ledger.book(request(applicants(4), time="10:00"), "b")
    reference = ledger.book(request(applicants(3)), "c")
    with pytest.raises(SlotFull):
        ledger.change(reference, "HKO", DAY, "10:00")
    assert ledger.get(reference).time == "09:00"
    assert (used(redis_client, "HKO", DAY, "09:00"), used(redis_client, "HKO", DAY, "10:00")) == (3, 8)


def test_change_within_the_same_day_and_to_the_same_slot(ledger, redis_client):
    reference = ledger.book(request(applicants(2)), "k")
    assert ledger.change(reference, "HKO", DAY, "09:00").time == "09:00"
    ledger.change(reference, "HKO", DAY, "11:00")
    assert redis_client.hgetall(keys.slot_usage("HKO", DAY.isoformat())) == {"11:00": "2"}


@pytest.mark.parametrize("target", [
    ("HKO", D(2025, 3, 3), "09:00"),   # today
    ("HKO", D(2025, 7, 3), "09:00"),   # beyond the window
    ("HKO", D(2025, 3, 9), "09:00"),   # Sunday
    ("KTT", NEXT_DAY, "09:00"),        # never by phone
    ("HKO", NEXT_DAY, "17:00"),        # extended hours
])
def test_change_only_to_offered_slots(ledger, target):
    reference = ledger.book(request(), "k")
    with pytest.raises(SlotUnavailable):
        ledger.change(reference, *target)


def test_change_and_cancel_end_the_day_before(ledger, clock):
    reference = ledger.book(request(), "k")
    clock.now = at(DAY)
    with pytest.raises(TooLate):
        ledger.change(reference, "HKO", NEXT_DAY, "09:00")
    with pytest.raises(TooLate):
        ledger.cancel(reference)
    clock.now = at(DAY - dt.timedelta(days=1), 23)
    assert ledger.change(reference, "HKO", NEXT_DAY, "09:00").day == NEXT_DAY
    assert ledger.cancel(reference).status == "cancelled"


def test_cancel_releases_places_documents_and_reminder(ledger, redis_client):
    people = applicants(2)
    reference = ledger.book(request(people, phone="+85291234567"), "k")
    assert redis_client.zscore(keys.reminders_due(), reference) == reminder_epoch(DAY)
    cancelled = ledger.cancel(reference)
    assert (cancelled.status, cancelled.reminder) == ("cancelled", False)
    assert used(redis_client, "HKO", DAY, "09:00") == 0
    assert redis_client.zscore(keys.reminders_due(), reference) is None
    assert ledger.book(request(people, time="10:00"), "k2")
    assert [b.status for b in ledger.roster("HKO", DAY)] == ["cancelled", "active"]


def test_cancelled_bookings_cannot_change(ledger):
    reference = ledger.book(request(), "k")
    ledger.cancel(reference)
    with pytest.raises(NotActive):
        ledger.cancel(reference)
    with pytest.raises(NotActive):
        ledger.change(reference, "HKO", NEXT_DAY, "09:00")
    with pytest.raises(NotFound):
        ledger.cancel("99999999")


def test_reminder_follows_the_booking(ledger, redis_client):
    reference = ledger.book(request(phone="+85291234567"), "k")
    ledger.change(reference, "HKO", NEXT_DAY, "09:00")
    assert redis_client.zscore(keys.reminders_due(), reference) == reminder_epoch(NEXT_DAY)
    assert ledger.set_reminder(reference, False).reminder is False
    assert redis_client.zscore(keys.reminders_due(), reference) is None
    assert ledger.set_reminder(reference, True).reminder is True  # the number kept
    assert redis_client.zscore(keys.reminders_due(), reference) == reminder_epoch(NEXT_DAY)
    assert ledger.reminder_phone(reference) == "+85291234567"


def test_reminder_needs_a_phone(ledger):
    reference = ledger.book(request(), "k")
    with pytest.raises(ReminderPhoneMissing):
        ledger.set_reminder(reference, True)
    ledger.set_reminder(reference, True, "+85261234567")
    assert ledger.reminder_phone(reference) == "+85261234567"


def test_reminder_changes_end_three_days_before(ledger, clock):
    reference = ledger.book(request(phone="+85291234567"), "k")
    clock.now = at(DAY - dt.timedelta(days=3), 23)
    ledger.set_reminder(reference, False)
    clock.now = at(DAY - dt.timedelta(days=2), 0)
    with pytest.raises(TooLate):
        ledger.set_reminder(reference, True)


def test_a_booking_too_close_for_a_reminder_is_not_scheduled(ledger, redis_client):
    reference = ledger.book(request(day=D(2025, 3, 4), phone="+85291234567"), "k")
    assert ledger.get(reference).reminder is False
    assert redis_client.zscore(keys.reminders_due(), reference) is None
    assert ledger.reminder_phone(reference) == "+85291234567"  # kept for a closure notice


def test_roster_is_ordered_by_time_then_reference(ledger):
    late = ledger.book(request(time="11:00"), "a")
    early = ledger.book(request(time="08:45"), "b")
    also_early = ledger.book(request(time="08:45"), "c")
    ledger.book(request(office="KO"), "d")
    assert [b.reference for b in ledger.roster("HKO", DAY)] == [early, also_early, late]


def test_closing_an_office_lists_the_affected_and_offers_nothing(ledger):
    first = ledger.book(request(applicants(2)), "a")
    second = ledger.book(request(time="10:00"), "b")
    ledger.cancel(ledger.book(request(time="11:00"), "c"))
    affected = ledger.close_office("HKO", DAY)
    assert [(b.reference, b.applicants) for b in affected] == [(first, 2), (second, 1)]
    assert ledger.closures("HKO") == [DAY]
    assert ledger.available_times("HKO", DAY, "lost_damaged", 1) == []
    assert ledger.available_times("KO", DAY, "lost_damaged", 1) != []
    with pytest.raises(SlotUnavailable):
        ledger.book(request(time="12:00"), "d")
    with pytest.raises(SlotUnavailable):
        ledger.change(ledger.book(request(day=NEXT_DAY), "e"), "HKO", DAY, "12:00")
    assert ledger.change(first, "HKO", NEXT_DAY, "12:00").day == NEXT_DAY


def test_the_one_appointment_rule_lapses_after_the_day(ledger, clock):
    people = applicants(1)
    ledger.book(request(people), "k")
    clock.now = at(DAY + dt.timedelta(days=1))
    assert ledger.book(request(people, day=D(2025, 3, 13)), "k2")

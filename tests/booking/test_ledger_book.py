"""Booking: one atomic step, all or nothing, never oversold, nothing personal in clear."""
import dataclasses
import datetime as dt
import re

import pytest

from booking.calendar import HK_TZ
from booking.errors import (
    DocumentAlreadyBooked, DuplicateDocument, InvalidDocument, InvalidRequest, SlotFull,
    SlotUnavailable, UnknownOffice,
)
from booking.model import Applicant, Booking
from store import keys
from tests.booking.conftest import DAY, START, applicants, request

D = dt.date


def test_book_returns_a_reference_and_stores_the_booking(ledger):
    people = (Applicant("hkid", "A123456(3)", 5, 1980), Applicant("birth_cert", "AB987654(3)", 17, 2012))
    reference = ledger.book(request(people, phone="+85291234567", language="zh-HK"), "CA1:confirm")
    assert re.fullmatch(r"[1-9][0-9]{7}", reference)
    assert ledger.get(reference) == Booking(
        reference=reference, office="HKO", day=DAY, time="09:00", app_type="lost_damaged",
        applicants=2, documents=("A1*****(*)", "AB******(*)"), status="active", reminder=True,
        language="zh-HK", created_at=START,
    )
    assert ledger.available_times("HKO", DAY, "lost_damaged", 4)[:3] == ["08:45", "09:00", "09:15"]


def test_references_come_from_a_counter(ledger):
    first = ledger.book(request(), "k1")
    second = ledger.book(request(), "k2")
    assert int(second) == int(first) + 1


def test_same_idempotency_key_books_once(ledger, redis_client):
    the_request = request(applicants(3))
    first = ledger.book(the_request, "CA9:summary")
    assert ledger.book(the_request, "CA9:summary") == first
    assert redis_client.hget(keys.slot_usage("HKO", DAY.isoformat()), "09:00") == "3"
    assert [b.reference for b in ledger.roster("HKO", DAY)] == [first]


def test_quota_covers_every_applicant_and_is_never_exceeded(ledger, redis_client):
    ledger.book(request(applicants(4)), "a")
    ledger.book(request(applicants(4)), "b")
    assert "09:00" not in ledger.available_times("HKO", DAY, "lost_damaged", 3)
    assert "09:00" in ledger.available_times("HKO", DAY, "lost_damaged", 2)
    with pytest.raises(SlotFull):
        ledger.book(request(applicants(3)), "c")
    ledger.book(request(applicants(2)), "d")
    with pytest.raises(SlotFull):
        ledger.book(request(applicants(1)), "e")
    assert redis_client.hget(keys.slot_usage("HKO", DAY.isoformat()), "09:00") == "10"
    assert sum(b.applicants for b in ledger.roster("HKO", DAY)) == 10


def test_a_refused_booking_leaves_nothing_behind(ledger, redis_client):
    person = applicants(1)
    ledger.book(request(applicants(4)), "a")
    ledger.book(request(applicants(4)), "b")
    ledger.book(request(applicants(2)), "c")
    before = sorted(redis_client.keys("*"))
    with pytest.raises(SlotFull):
        ledger.book(request(person), "d")
    assert sorted(k for k in redis_client.keys("*") if not k.endswith(":seq")) == \
        [k for k in before if not k.endswith(":seq")]
    assert ledger.book(request(person, time="09:15"), "e")  # the document was never held


def test_a_document_with_an_active_booking_is_refused_naming_the_applicant(ledger):
    holder = applicants(1)
    ledger.book(request(holder), "first")
    newcomer = applicants(1)
    with pytest.raises(DocumentAlreadyBooked) as caught:
        ledger.book(request(newcomer + holder, day=D(2025, 3, 11)), "second")
    assert caught.value.index == 1
    assert holder[0].number not in str(caught.value)
    ledger.book(request(newcomer, day=D(2025, 3, 11)), "third")


def test_the_same_number_as_birth_certificate_is_the_same_person(ledger):
    ledger.book(request((Applicant("hkid", "A123456(3)", 5, 2010),)), "first")
    with pytest.raises(DocumentAlreadyBooked):
        ledger.book(request((Applicant("birth_cert", "A1234563", 5, 2010),), day=D(2025, 3, 11)), "x")


def test_duplicates_within_a_request(ledger, redis_client):
    person = applicants(1)[0]
    twin = dataclasses.replace(person, doc_type="birth_cert", number=person.number.lower())
    with pytest.raises(DuplicateDocument) as caught:
        ledger.book(request((applicants(1)[0], person, twin)), "k")
    assert (caught.value.first, caught.value.second) == (1, 2)
    assert redis_client.keys("*") == []


@pytest.mark.parametrize("number, reason", [("A123456(9)", "check_digit"), ("C567890(8)", "check_digit"),
                                            ("A12345", "format")])
def test_an_invalid_document_is_never_booked(ledger, redis_client, number, reason):
    people = applicants(1) + (Applicant("hkid", number, 5, 1980),)
    with pytest.raises(InvalidDocument) as caught:
        ledger.book(request(people), "k")
    assert (caught.value.reason, caught.value.index) == (reason, 1)
    assert redis_client.keys("*") == []


@pytest.mark.parametrize("change", [
    {"people": ()}, {"people": applicants(5)}, {"code": "12a4"}, {"code": "123"},
    {"language": "fr-FR"}, {"app_type": "passport"}, {"phone": " "},
])
def test_invalid_requests(ledger, change):
    with pytest.raises(InvalidRequest):
        ledger.book(request(change.pop("people", None), **change), "k")


@pytest.mark.parametrize("change", [
    {"day": D(2025, 3, 9)},            # Sunday
    {"day": D(2025, 4, 18)},           # Good Friday
    {"day": D(2025, 3, 3)},            # the day of the call is day 0
    {"day": D(2025, 7, 3)},            # working day 97
    {"time": "16:30"},                 # extended hours start
    {"time": "08:50"},                 # not a slot start
    {"office": "KTT"},                 # never bookable by phone
    {"office": "KTO"},                 # ceased in 2024
    {"office": "YLO", "time": "09:00"},  # 30-minute slots from 08:45
])
def test_slots_the_phone_line_does_not_offer(ledger, change):
    with pytest.raises(SlotUnavailable):
        ledger.book(request(**change), "k")


def test_last_day_of_the_window_is_bookable(ledger):
    assert ledger.book(request(day=D(2025, 7, 2)), "k")


def test_unknown_office(ledger):
    with pytest.raises(UnknownOffice):
        ledger.book(request(office="XYZ"), "k")


def test_tseung_kwan_o_is_not_bookable_by_phone_while_switched_off(ledger, clock):
    clock.now = dt.datetime(2024, 6, 20, 9, 0, tzinfo=HK_TZ)
    with pytest.raises(SlotUnavailable):
        ledger.book(request(office="TKO", day=D(2024, 7, 2)), "k")
    assert ledger.book(request(office="TKO", day=D(2024, 9, 2)), "k2")


def _dump(redis_client) -> str:
    readers = {"string": redis_client.get, "hash": redis_client.hgetall, "set": redis_client.smembers,
               "zset": lambda k: redis_client.zrange(k, 0, -1, withscores=True)}
    return "\n".join(f"{k} {readers[redis_client.type(k)](k)}" for k in redis_client.keys("*"))


def test_nothing_personal_is_stored_in_clear(ledger, redis_client):
    people = (Applicant("hkid", "A123456(3)", 29, 1967), Applicant("travel", "E87654321", 29, 1967))
    ledger.book(request(people, code="9753", phone="+85298765432"), "k")
    # Keyed hashes and the sealed phone are opaque; what is left must hold no personal datum.
    dump = re.sub(r"[0-9a-f]{64}", "<hash>", _dump(redis_client))
    dump = re.sub(r"'phone': '[^']*'", "'phone': <sealed>", dump)
    assert dump.count("<hash>") == 7 and "<sealed>" in dump  # 2 documents, 2 births, code, 2 doc keys
    for personal in ("A1234563", "A123456", "E87654321", "87654321", "9753", "1967", "98765432"):
        assert personal not in dump, personal

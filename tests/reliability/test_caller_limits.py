"""Attacks from one phone, or from withheld numbers: asking which documents are booked,
booking invented applicants by the dozen, and a withheld flood that would shut every withheld
caller out (SPEC §2; docs/RELIABILITY.md, "Limits per calling number")."""
import datetime as dt

import pytest

from booking.errors import CallerLimited
from booking.model import Applicant
from booking.rate_limit import MAX_LOOKUPS
from booking.extensions import ledger_of
from tests.booking.conftest import request
from tests.documents import hkid
from tests.ivr.calls import applicant_keys, booking_keys, call, keypad
from tests.conftest import TEST_NOW
from tests.ivr.manage_calls import CODE, ENQUIRE, FIRST_DAY, book_ahead, identify
from store.connection import redis_of
from tests.reliability.invariants import active_references, ledger_problems
from tests.reliability.together import run_together
from tests.reliability.webhooks import WebhookCall

DAY = dt.date(2026, 12, 7)
ATTACKER = "+85298765432"
WITHHELD = "anonymous"
ALREADY_BOOKED = ("This document already has an appointment, and each person can hold only one. "
                  "To change the existing appointment, choose 3 in the main menu.")
APP_TYPE = "Which application?"
LOOKUPS_LIMITED = (
    "Sorry, this phone has already checked as many documents for appointments as one phone can in 24 hours, so "
    "nothing has been booked. You can book again by phone from {when} You can also book at www.gov.hk/icbooking or "
    "with the Immigration Department mobile application, or call two eight two four, six one one one during office "
    "hours.")
NUMBER_LIMIT = (
    "Sorry, this phone has already made as many appointments as one phone can make in 24 hours. You can book "
    "again by phone from {when} You can also book at www.gov.hk/icbooking or with the Immigration Department "
    "mobile application, or call two eight two four, six one one one during office hours."
)
WITHHELD_BUSY = ("Sorry, calls from withheld numbers have together made as many {used_up} as this line takes from "
                 "them for now. The next can be made from {when} To go on at once, call from a phone that shows its "
                 "number. You can also use www.gov.hk/icbooking or the Immigration Department mobile application, or "
                 "call two eight two four, six one one one during office hours.")
CALL_LIMITED = "Sorry, a call from a withheld number can make only a few of these attempts."
NOT_FOUND = "Sorry, we cannot find an appointment with this document number and enquiry code."


def booked_by_owner(app, serial: int) -> str:
    """A document booked with the birth date 5th, 1985 (what ``applicant_keys`` keys); its number."""
    number = hkid(serial)
    book_ahead(app, number, DAY)
    return number


def test_whether_a_document_is_booked_is_said_only_with_its_birth_date(app):
    number = booked_by_owner(app, 740001)
    start = ["3", "1", "1", keypad(number)]
    said = call(app, start, from_number=ATTACKER).heard
    assert said[-1] == "Day of birth, two digits."
    stranger = call(app, ["3", "1", "1"] + applicant_keys(number, day="17", year="1961"), from_number=ATTACKER).heard
    assert ALREADY_BOOKED not in stranger and stranger[-1].startswith(APP_TYPE)  # nothing said: on to the next step
    owner = call(app, ["3", "1", "1"] + applicant_keys(number), from_number="+85291234569").heard
    assert owner[-2] == ALREADY_BOOKED


def test_look_ups_count_against_the_calling_number(app):
    numbers = [booked_by_owner(app, 741000 + n) for n in range(4)]
    four_lookups = ["3", "1", "4"] + [key for number in numbers for key in applicant_keys(number, day="17")]
    for _ in range(MAX_LOOKUPS // 4):
        assert call(app, four_lookups, from_number=ATTACKER).heard[-1].startswith(APP_TYPE)
    said = call(app, ["3", "1", "1"] + applicant_keys(numbers[0], day="17"), from_number=ATTACKER).heard
    # Said plainly, as a booking caller: when it may book again and where else (it said "appointments looked up"
    # and "enquire at", the wording of the enquiry limit).
    assert said[-2] == LOOKUPS_LIMITED.format(when="Tuesday the twenty-fourth of November at ten a.m.")
    assert said[-1].startswith("1: book.")
    assert call(app, four_lookups, from_number="+85291234570").heard[-1].startswith(APP_TYPE)  # another phone


def test_thirty_look_ups_at_once_from_a_number_limited_for_enquiries(app):
    """The attack as found: a number already refused enquiries asked about 30 documents in 0.5 s, and each
    booked one was said to be booked as soon as its number was keyed."""
    numbers = [hkid(748000 + n) for n in range(30)]
    for n, number in enumerate(numbers):  # 30 bookings by their owners, 5 a day over 6 working days
        day = DAY + dt.timedelta(days=n // 5)
        ledger_of(app).book(request([Applicant("hkid", number, 5, 1985)], day=day, time=f"09:{15 * (n % 4):02d}"
                                    if n % 5 < 4 else "10:00", code=CODE), number)
    retries = [key for k in range(1, 11) for key in ["1", "1", keypad(hkid(748100 + k)), "1", "0000"]]
    said = call(app, identify("3", ENQUIRE, hkid(748100), "0000") + retries, from_number=ATTACKER).heard
    assert sum(text.startswith(NOT_FOUND) for text in said) == 10
    assert said[-2].startswith("Sorry, too many appointments have been looked up from this phone")
    calls = []
    for number in numbers:  # each call at its applicant's read-back, the birth date a guess
        webhook_call = WebhookCall(app.test_client(), From=ATTACKER)
        webhook_call.start()
        webhook_call.press_all(["3", "1", "1"] + applicant_keys(number, day="17", year="1961")[:-1])
        calls.append(webhook_call)

    def confirm(n: int) -> str:
        form = {**calls[n].form, "CallStatus": "in-progress", "Digits": "1"}
        return app.test_client().post(calls[n].action, data=form).get_data(as_text=True)

    answers = run_together(confirm, len(calls))
    assert not any("already has an appointment" in answer for answer in answers)
    assert sum(APP_TYPE in answer for answer in answers) == MAX_LOOKUPS  # exactly 20 counted, none more
    assert sum("checked as many documents" in answer for answer in answers) == 30 - MAX_LOOKUPS
    with pytest.raises(CallerLimited):  # the ledger holds the number at its limit
        ledger_of(app).booked_for("hkid", numbers[0], 5, 1985, ATTACKER)


def test_a_squatted_document_is_refused_without_saying_it_is_booked(app):
    number = booked_by_owner(app, 742001)  # booked by someone with a made-up birth date
    keys = booking_keys("3", [number])[:-1]  # no silence after: the caller chooses what to do
    keys[4:6] = ["28", "1990"]  # the real owner's birth date, not the one the booking was made with
    said = call(app, keys, from_number="+85291234568").heard
    assert said[-2:] == [
        "Sorry, applicant one cannot be booked by phone, so nothing has been booked yet. The enquiry hotline, two "
        "eight two four, six one one one, can help during office hours.",
        "To enter another document, press 1. To return to the main menu, press 3.",
    ]
    assert ALREADY_BOOKED not in said


def test_one_phone_books_at_most_four_appointments_a_day(app, clock):
    for n in range(4):
        said = call(app, booking_keys("3", [hkid(743000 + n)], time=["2", str(n + 1), "1", "1"]), from_number=ATTACKER).heard
        assert said[-2].startswith("Booked: "), said[-3:]
    # Said at once after main menu 1, before anything is keyed, then back to the main menu.
    said = call(app, ["3", "1"], from_number=ATTACKER).heard
    assert said[-3].startswith("1: book.")
    assert said[-2] == NUMBER_LIMIT.format(when="Tuesday the twenty-fourth of November at ten a.m.")
    assert said[-1].startswith("1: book.")
    with pytest.raises(CallerLimited):  # what the caller heard is what the ledger holds
        ledger_of(app).check_may_book(ATTACKER)
    clock.advance(hours=24)
    said = call(app, booking_keys("3", [hkid(743010)], time="1"), from_number=ATTACKER).heard
    assert said[-2].startswith("Booked: ")


def test_parallel_bookings_from_one_phone_never_pass_the_limit(app):
    calls = []
    for n in range(5):  # five calls, each at its summary with four invented applicants (20 look-ups: the most)
        numbers = [hkid(744000 + 10 * n + k) for k in range(4)]
        *to_summary, confirm, _ = booking_keys("3", numbers, time=["2", str(n % 4 + 1), "1", "1"], office=str(n // 4 + 1))
        webhook_call = WebhookCall(app.test_client(), From=ATTACKER)
        webhook_call.start()
        webhook_call.press_all(to_summary)
        calls.append(webhook_call)

    def confirm(n: int) -> str:
        webhook_call = calls[n]
        form = {**webhook_call.form, "CallStatus": "in-progress", "Digits": "1"}
        return app.test_client().post(webhook_call.action, data=form).get_data(as_text=True)

    answers = run_together(confirm, len(calls))
    assert sum("Booked: " in answer for answer in answers) == 4
    assert sum("as many appointments as one phone can make" in answer for answer in answers) == 1
    assert len(active_references(redis_of(app))) == 4  # what was heard is what the ledger holds
    assert ledger_problems(redis_of(app)) == []


def wrong_codes_call(app, serials, attempts: int = 5) -> int:
    """One withheld call keying ``attempts`` unknown documents with a wrong code, as fast as it goes; how many
    of them were compared (heard "cannot find")."""
    retries = [key for _ in range(attempts - 1) for key in ["1", "1", keypad(hkid(next(serials))), "1", "0000"]]
    said = call(app, identify("3", ENQUIRE, hkid(next(serials)), "0000") + retries, from_number=WITHHELD).heard
    return sum(text.startswith(NOT_FOUND) for text in said)


def test_a_withheld_flood_slows_withheld_callers_but_never_shuts_them_out_for_a_day(app, clock):
    number = booked_by_owner(app, 745001)
    serials = iter(range(745100, 746000))
    # The attack as found: 97 wrong codes from "anonymous" as fast as they go (19 calls of 5, one of 2).
    flood = sum(wrong_codes_call(app, serials, 5 if n < 19 else 2) for n in range(20))
    assert flood == 40  # each call's first from the opening lane (20), then the shared bucket (20); the rest wait
    found = call(app, identify("3", ENQUIRE, number, CODE), from_number=WITHHELD).heard
    assert found[-1].startswith("To hear the appointment again, press 1.")  # at once (before: refused for 24 h)
    # Only many whole calls empty the opening lane (60): 39 more, one wrong code each.
    assert sum(wrong_codes_call(app, serials, 1) for _ in range(39)) == 39
    busy = call(app, identify("3", ENQUIRE, number, CODE), from_number=WITHHELD).heard
    # The lane gives one attempt back every 6 s: the next is free at the minute after the flood's end.
    assert busy[-2] == WITHHELD_BUSY.format(used_up="enquiry code attempts",
                                            when="Monday the twenty-third of November at ten oh one a.m.")
    clock.advance(minutes=1)  # a minute, not a day
    found = call(app, identify("3", ENQUIRE, number, CODE), from_number=WITHHELD).heard
    assert found[-1].startswith("To hear the appointment again, press 1.")


def test_a_withheld_trickle_after_a_flood_never_keeps_the_next_withheld_caller_out(app, clock):
    """The flood emptied the allowance withheld calls share; then one withheld call a minute, five wrong codes
    each, takes every attempt it gives back. Each honest withheld caller in between, right code keyed first,
    is found: a call's first attempt has a lane of its own, which only many calls a minute can empty."""
    number = booked_by_owner(app, 749001)
    serial = iter(range(749100, 749900))

    def wrong_call() -> list[str]:
        retries = [key for _ in range(4) for key in ["1", "1", keypad(hkid(next(serial))), "1", "0000"]]
        return call(app, identify("3", ENQUIRE, hkid(next(serial)), "0000") + retries, from_number=WITHHELD).heard

    for _ in range(12):  # the flood
        wrong_call()
    found = 0
    clock.advance(minutes=1)
    for _ in range(30):  # then the trickle, one call a minute, and an honest caller 10 s after each of its calls
        wrong_call()
        clock.advance(seconds=10)
        honest = call(app, identify("3", ENQUIRE, number, CODE), from_number=WITHHELD).heard
        found += honest[-1].startswith("To hear the appointment again, press 1.")
        clock.advance(seconds=50)
    assert found == 30  # before: none (the shared allowance is taken as soon as it gives one back)


WITHHELD_BUSY_ZH = {
    "1": "對不起，隱藏號碼的來電合共已用完本熱線暫時接受的預約次數。下一次可在",
    "2": "对不起，隐藏号码的来电合共已用完本热线暂时接受的预约次数。下一次可在",
}


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_withheld_callers_refused_after_four_bookings_hear_why_and_when_one_is_free_again(app, language):
    """QA F12: the refusal blamed "many calls being answered just now" and "a few minutes"."""
    for n in range(4):  # one booking a call, from withheld numbers: the shared bucket holds 4
        call(app, booking_keys(language, [hkid(747000 + 10 * int(language) + n)], time=["2", str(n + 1), "1", "1"]),
             from_number=WITHHELD)
    assert len(ledger_of(app).roster("HKO", FIRST_DAY)) == 4
    said = call(app, [language, "1"], from_number=WITHHELD).heard
    with pytest.raises(CallerLimited) as limited:  # what the caller heard is what the ledger holds
        ledger_of(app).check_may_book(WITHHELD)
    assert limited.value.until == TEST_NOW + dt.timedelta(minutes=10)  # one booking back every 10 minutes
    if language == "3":
        assert said[-2] == WITHHELD_BUSY.format(used_up="bookings",
                                                when="Monday the twenty-third of November at ten ten a.m.")
    else:
        assert said[-2].startswith(WITHHELD_BUSY_ZH[language]) and "幾分鐘" not in said[-2]
    assert said[-1].startswith(("1: book.", "預約按一", "预约按一"))


def test_one_withheld_call_has_five_attempts(app):
    number = booked_by_owner(app, 746001)
    retries = [key for k in range(5) for key in ["1", "1", keypad(hkid(746100 + k)), "1", "0000"]]
    transcript = call(app, identify("3", ENQUIRE, hkid(746200), "0000") + retries + ["1"], from_number=WITHHELD)
    said = transcript.heard
    assert sum(text.startswith(NOT_FOUND) for text in said) == 5
    assert said[-1].startswith(CALL_LIMITED) and said[-1].endswith("Goodbye.")
    assert transcript.ended_by == "hangup"
    found = call(app, identify("3", ENQUIRE, number, CODE), from_number=WITHHELD).heard  # a new call may go on
    assert found[-1].startswith("To hear the appointment again, press 1.")

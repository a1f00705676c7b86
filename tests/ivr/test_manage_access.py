"""Finding an appointment by phone (SPEC §4.4): one answer for every miss, the 24-hour lock,
the SMS reminder switched on and off."""
import datetime as dt

import pytest

from booking.errors import Locked, NotFound
from booking.extensions import ledger_of
from booking.model import Applicant
from store import keys
from tests.documents import hkid
from tests.ivr.calls import call, heard, keypad
from tests.ivr.manage_calls import (
    CANCEL, CHANGE, CODE, CODE_PROMPT, ENQUIRE, ENQUIRE_DOC_TYPE, ENQUIRY_MENU, ENQUIRY_MENU_FIXED, NOT_FOUND, book_ahead, identify, request,
)

REMINDER_TOO_LATE = (
    "Sorry, the SMS reminder can be turned on or off only up to three days before the appointment, "
    "so it can no longer be changed for this appointment."
)
REMINDER_ON = "The SMS reminder is on. It will be sent to this phone two days before the appointment."
TURN_ON = "To have an SMS reminder sent to this phone, press 4."
LOCKED = (
    "Sorry, after 5 wrong attempts this document number is locked for 24 hours, to protect the appointment. "
    "You can try again from Tuesday the twenty-fourth of November at ten a.m. You can also enquire at "
    "www.gov.hk/icbooking or with the Immigration Department mobile application, or call two eight two "
    "four, six one one one during office hours."
)


def test_reminder_on_and_off_up_to_three_days_before(app, clock, redis_client):
    number, day = hkid(700005), dt.date(2026, 11, 30)
    reference = book_ahead(app, number, day)
    clock.now = dt.datetime(2026, 11, 27, 23, 59, tzinfo=clock.now.tzinfo)  # three days before
    said = heard(app, identify("3", ENQUIRE, number) + ["4"])
    assert said[-4].endswith("No SMS reminder is set.")
    assert said[-2] == REMINDER_ON and said[-1].endswith("To turn off the SMS reminder, press 4.")
    due = dt.datetime(2026, 11, 28, 10, 0, tzinfo=clock.now.tzinfo).timestamp()
    assert redis_client.zscore(keys.reminders_due(), reference) == due
    assert ledger_of(app).reminder_phone(reference) == "+85291234567"

    said = heard(app, identify("3", ENQUIRE, number) + ["4"])
    menu_offering_it = ENQUIRY_MENU.replace("To turn off the SMS reminder, press 4.", TURN_ON)
    assert said[-2:] == ["The SMS reminder is off.", menu_offering_it]
    assert redis_client.zscore(keys.reminders_due(), reference) is None


def test_reminder_change_two_days_before_is_refused(app, clock):
    number, day = hkid(700006), dt.date(2026, 11, 30)
    reference = book_ahead(app, number, day, phone="+85291234567")
    clock.now = dt.datetime(2026, 11, 28, 0, 0, tzinfo=clock.now.tzinfo)  # two days before
    said = heard(app, identify("3", ENQUIRE, number) + ["4"])
    assert said[-3:] == [ENQUIRY_MENU_FIXED, REMINDER_TOO_LATE, ENQUIRY_MENU_FIXED]
    assert ledger_of(app).get(reference).reminder is True


def test_reminder_needs_a_hong_kong_mobile(app):
    number = hkid(700007)
    book_ahead(app, number, dt.date(2026, 12, 7))
    said = call(app, identify("3", ENQUIRE, number) + ["4"], from_number="+85221234567").heard
    assert said[-2] == (
        "Sorry, an SMS reminder can be sent only to a Hong Kong mobile number. "
        "Please call from the mobile phone that should receive it."
    )


def test_unknown_number_and_wrong_code_get_the_same_answer(app):
    booked, unknown = hkid(700008), hkid(700009)
    book_ahead(app, booked, dt.date(2026, 12, 7))
    wrong_code = heard(app, identify("3", ENQUIRE, booked, code="0000"))
    no_booking = heard(app, identify("3", ENQUIRE, unknown))
    assert wrong_code[-1] == no_booking[-1] == NOT_FOUND
    assert wrong_code[-2] == no_booking[-2] == CODE_PROMPT
    # 1 tries again from the document type; 2 returns to the main menu.
    assert heard(app, identify("3", ENQUIRE, unknown) + ["1"])[-1] == ENQUIRE_DOC_TYPE
    assert heard(app, identify("3", ENQUIRE, unknown) + ["2"])[-1].startswith("1: book.")


def test_five_wrong_codes_lock_the_number_for_24_hours_across_calls(app, clock):
    number = hkid(700010)
    book_ahead(app, number, dt.date(2026, 12, 7))
    retry = ["1", "1", keypad(number), "1", "0000"]  # after "not found": try again, same document
    assert heard(app, identify("3", ENQUIRE, number, code="0000") + retry)[-1] == NOT_FOUND  # 2 failures
    assert heard(app, identify("3", CHANGE, number, code="1111") + retry)[-1] == NOT_FOUND  # 4 failures
    said = heard(app, identify("3", CANCEL, number, code="2222"))  # the fifth
    assert said[-2:] == [LOCKED, said[-1]] and said[-1].startswith("1: book.")
    clock.advance(hours=23, minutes=59)
    assert heard(app, identify("3", ENQUIRE, number))[-2] == LOCKED
    clock.advance(minutes=1)
    assert heard(app, identify("3", ENQUIRE, number))[-1].startswith("To hear the appointment again, press 1.")


def test_hash_at_the_enquiry_menu_returns_to_the_main_menu(app):
    number = hkid(700011)
    book_ahead(app, number, dt.date(2026, 12, 7))
    said = heard(app, identify("3", ENQUIRE, number) + ["#"])
    assert said[-1].startswith("1: book.")


BOOKING_LOCKED = {
    "3": "Sorry, too many wrong codes have been keyed for this appointment, with this number or another on it, so "
         "it is locked for 24 hours, to protect it. You can try again from Tuesday the twenty-fourth of November at "
         "ten a.m. You can also enquire at www.gov.hk/icbooking or with the Immigration Department mobile "
         "application, or call two eight two four, six one one one during office hours.",
    "1": "對不起，這個預約已多次輸入錯誤的查詢密碼（以這個或同一預約的另一個證件號碼），為保障預約，已被鎖定二十四小時。",
    "2": "对不起，这个预约已多次输入错误的查询密码（以这个或同一预约的另一个证件号码），为保障预约，已被锁定二十四小时。",
}


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_the_other_document_of_a_locked_appointment_hears_the_appointment_is_locked_not_five_tries_on_it(
        app, language):
    """QA F1: its first try, with the right code, was told "after 5 wrong attempts this document number"."""
    guessed, other = hkid(700020), hkid(700021)
    ledger = ledger_of(app)
    reference = ledger.book(request([Applicant("hkid", guessed, 5, 1985), Applicant("hkid", other, 6, 1986)],
                                    day=dt.date(2026, 12, 7), code=CODE), "family")
    for _ in range(5):
        with pytest.raises((NotFound, Locked)):
            ledger.authenticate("hkid", guessed, "0000")
    said = heard(app, identify(language, ENQUIRE, other))  # its first try, the right code
    assert said[-2].startswith(BOOKING_LOCKED[language]) and "5" not in said[-2] and "五" not in said[-2]
    if language == "3":
        assert said[-2] == BOOKING_LOCKED["3"]
    assert ledger.access.wrong_codes(reference) == 5
    assert [(lock.failures, bool(lock.locked_until)) for lock in ledger.access.document_locks(reference)] == [
        (5, True), (0, False)]
    # The guessed number's own lock is said as before: 5 wrong codes were keyed with it.
    assert heard(app, identify("3", ENQUIRE, guessed))[-2] == LOCKED

"""The SMS reminder is promised only when it will be sent (SPEC §2): the line, the ledger and
the reminder queue say the same thing."""
import datetime as dt

import pytest

from booking.extensions import ledger_of
from store import keys
from tests.documents import hkid
from tests.ivr.calls import HK_MOBILE, booking_keys, call, heard
from tests.ivr.manage_calls import CHANGE, ENQUIRE, ENQUIRY_MENU, ENQUIRY_MENU_FIXED, book_ahead, identify

TOMORROW = dt.date(2026, 11, 24)  # the clock says Monday 2026-11-23 10:00
TOO_NEAR = {
    "1": "日期太近，不設短訊提示。",
    "2": "日期太近，不设短信提醒。",
    "3": "The date is too near for an SMS reminder.",
}
CONFIRM = {
    "1": "密碼是一、二、三、四。確認預約按一，改密碼按三，重新開始按四。",
    "2": "密码是一、二、三、四。确认预约按一，改密码按三，重新开始按四。",
    "3": "Your code is one, two, three, four. 1: book. 3: change the code. 4: start again.",
}
QUESTION = "1: book with an SMS reminder. 2: book without."
NEEDS_MOBILE = "An SMS reminder can be set only when you call from a Hong Kong mobile phone."


def scheduled(app, reference: str) -> float | None:
    """When the reminder queue will send the booking's reminder, if at all."""
    return app.extensions["ledger"].redis.zscore(keys.reminders_due(), reference)


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_a_booking_for_tomorrow_promises_no_reminder(app, language):
    said = heard(app, booking_keys(language, [hkid(810001)]))
    assert said[-4] == TOO_NEAR[language]
    assert not [text for text in said if QUESTION in text] and said[-3] == CONFIRM[language]
    [booking] = ledger_of(app).roster("HKO", TOMORROW)
    assert booking.reminder is False and scheduled(app, booking.reference) is None
    assert app.extensions["ledger"].redis.zcard(keys.reminders_due()) == 0


def test_a_booking_two_days_ahead_after_ten_oclock_promises_no_reminder(app, clock):
    clock.now = clock.now.replace(hour=10, minute=1)  # Wednesday's reminder was due at 10:00 today
    said = heard(app, booking_keys("3", [hkid(810002)], date=["4", "2511"]))
    assert said[-4] == TOO_NEAR["3"]
    [booking] = ledger_of(app).roster("HKO", dt.date(2026, 11, 25))
    assert (booking.reminder, scheduled(app, booking.reference)) == (False, None)


def test_a_booking_far_enough_ahead_offers_the_reminder_and_schedules_it(app):
    said = heard(app, booking_keys("3", [hkid(810003)], date=["4", "0712"], reminder="1"))
    assert said[-3].startswith("Your code is one, two, three, four. " + QUESTION)
    [booking] = ledger_of(app).roster("HKO", dt.date(2026, 12, 7))
    due = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp()
    assert booking.reminder is True and scheduled(app, booking.reference) == due


REMINDER_SET = {
    "1": "短訊提示會在十二月五號星期六上午十時發送到這部電話。",
    "3": "An SMS reminder will be sent to this phone on Saturday the fifth of December at ten a.m.",
}


@pytest.mark.parametrize("language", ["1", "3"])
@pytest.mark.parametrize("reminder", ["1", "2"], ids=["with", "without"])
def test_the_booked_read_back_says_when_the_reminder_is_sent_and_only_when_it_is_set(app, language, reminder):
    said = heard(app, booking_keys(language, [hkid(810006)], date=["4", "0712"], reminder=reminder))
    [booking] = ledger_of(app).roster("HKO", dt.date(2026, 12, 7))
    due = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))).timestamp()
    assert scheduled(app, booking.reference) == (due if reminder == "1" else None)
    assert (REMINDER_SET[language] in said[-2]) is (reminder == "1")


def test_a_booking_too_near_for_a_reminder_says_none_is_sent_at_the_read_back(app):
    said = heard(app, booking_keys("3", [hkid(810007)]))
    [booking] = ledger_of(app).roster("HKO", TOMORROW)
    assert scheduled(app, booking.reference) is None
    assert said[-2].startswith("Booked:") and "SMS reminder" not in said[-2]


def test_a_change_to_a_near_day_drops_the_reminder_and_says_so(app):
    number = hkid(810004)
    reference = book_ahead(app, number, dt.date(2026, 12, 7), phone=HK_MOBILE)
    assert scheduled(app, reference) is not None
    said = heard(app, identify("3", CHANGE, number) + ["1", "1", "1"])
    assert said[-3].startswith(
        "Please check the new appointment: one applicant, at Hong Kong Office, on Tuesday the twenty-fourth "
        "of November at eight forty-five a.m., with no reminder, as none can be sent for so near a day.")
    assert said[-2].startswith("Your appointment is changed.")
    booking = ledger_of(app).get(reference)
    assert (booking.day, booking.reminder, scheduled(app, reference)) == (TOMORROW, False, None)
    assert heard(app, identify("3", ENQUIRE, number))[-2].endswith("No SMS reminder is set.")


def test_the_enquiry_menu_offers_the_switch_only_to_a_caller_who_can_use_it(app, clock):
    number = hkid(810005)
    book_ahead(app, number, dt.date(2026, 12, 7))
    offering = ENQUIRY_MENU.replace("To turn off the SMS reminder, press 4.",
                                    "To have an SMS reminder sent to this phone, press 4.")
    assert heard(app, identify("3", ENQUIRE, number))[-1] == offering
    landline = call(app, identify("3", ENQUIRE, number), from_number="+85221234567").heard
    assert landline[-1] == ENQUIRY_MENU.replace("To turn off the SMS reminder, press 4.", NEEDS_MOBILE)
    clock.now = dt.datetime(2026, 12, 5, 9, 0, tzinfo=clock.now.tzinfo)  # 2 days before: past the deadline
    assert heard(app, identify("3", ENQUIRE, number))[-1] == ENQUIRY_MENU_FIXED

"""A booking moved off a day staff closed gets back the SMS reminder the closure held: scheduled for
the new day while its sending time is ahead (as for any booking), and the caller hears which; a
booking whose reminder was not held moves as it always did."""
import datetime as dt

import pytest

from booking.extensions import ledger_of
from booking.reminder_schedule import reminder_due
from reminders.cli import worker_of
from store import keys
from store.connection import redis_of
from tests.documents import hkid
from tests.ivr.calls import booking_keys, heard
from tests.ivr.manage_calls import CODE, ENQUIRE, FIRST_DAY, identify
from tests.reminders_helpers import sent, use_twilio

CLOSED_DAY = dt.date(2026, 12, 7)  # a Monday; the clock says Monday 2026-11-23 10:00
NEW_DAY = dt.date(2026, 12, 9)  # its reminder falls due on Monday 7 December at 10:00
# At the closure menu: 1 move it, office 1, 4 to key a date, 0912, its first hour, first time, take it, confirm.
MOVE_TO_NEW_DAY = ["1", "1", "4", "0912", "1", "1", "1", "1"]
# At the closure menu: 1 move it, office 1, take the earliest offered (tomorrow, too near), confirm.
MOVE_TO_TOMORROW = ["1", "1", "1", "1"]

HELD_MENU = {
    "1": "重聽預約請按一。更改預約請按二。取消預約請按三。辦事處當日關閉，不會發短訊提示；預約改期之後，"
         "你要求的短訊提示會為新日期再次設定，除非日期太近。",
    "2": "重听预约请按一。更改预约请按二。取消预约请按三。办事处当天关闭，不会发送短信提醒；预约改期后，"
         "您要求的短信提醒会为新日期重新设置，除非日期太近。",
    "3": "To hear the appointment again, press 1. To change it, press 2. To cancel it, press 3. No SMS reminder "
         "is sent for a day the office is closed; when you move the appointment, the reminder you asked for is "
         "set again for the new day, unless that day is too near.",
}
SUMMARY_WITH = {
    "1": "請核對新的預約：一位申請人，香港辦事處，十二月九號星期三上午八時四十五分，設短訊提示。",
    "2": "请核对新的预约：一位申请人，香港办事处，十二月九号星期三上午八点四十五分，设短信提醒。",
    "3": "Please check the new appointment: one applicant, at Hong Kong Office, on Wednesday the ninth of "
         "December at eight forty-five a.m., with an SMS reminder.",
}
REMINDER_BACK = {
    "1": "申請人須親身前來。你要求的短訊提示已經為新日期再次設定，會在十二月七號星期一上午十時發送到這部電話。"
         "請帶備有關證明文件的正本。",
    "2": "申请人须本人亲自前来。您要求的短信提醒已经为新日期重新设置，将于十二月七号星期一上午十点发送到这部电话。"
         "请携带有关证明文件的正本。",
    "3": "The applicant must come in person. The SMS reminder you asked for is set again for the new day: it "
         "will be sent to this phone on Monday the seventh of December at ten a.m. Bring the original "
         "supporting documents.",
}
SUMMARY_TOO_NEAR = {
    "1": "請核對新的預約：一位申請人，香港辦事處，十一月二十四號星期二上午八時四十五分，不設短訊提示，因為日期太近，未能發出。",
    "2": "请核对新的预约：一位申请人，香港办事处，十一月二十四号星期二上午八点四十五分，不设短信提醒，因为日期太近，无法发送。",
    "3": "Please check the new appointment: one applicant, at Hong Kong Office, on Tuesday the twenty-fourth of "
         "November at eight forty-five a.m., with no reminder, as none can be sent for so near a day.",
}
REMINDER_NOT_BACK = {
    "1": "申請人須親身前來。新日期太近，未能發出你要求的短訊提示，所以沒有設提示。請帶備有關證明文件的正本。",
    "2": "申请人须本人亲自前来。新日期太近，无法发送您要求的短信提醒，因此没有设置提醒。请携带有关证明文件的正本。",
    "3": "The applicant must come in person. The SMS reminder you asked for cannot be sent for so near a day, "
         "so none is set. Bring the original supporting documents.",
}
REMINDER_SET = {"1": "已設短訊提示。", "2": "已设短信提醒。", "3": "An SMS reminder is set."}


def book_by_phone(app, language: str, serial: int, reminder: str) -> tuple[str, str]:
    """Book 7 December at Hong Kong Office by phone, 1 with the SMS reminder or 2 without; the
    document number and the reference."""
    number = hkid(serial)
    said = heard(app, booking_keys(language, [number], date=["4", "0712"], reminder=reminder, code=CODE))
    assert said[-1] in ("多謝你的來電，再見。", "谢谢您的来电，再见。", "Thank you for calling. Goodbye."), said
    [booking] = ledger_of(app).roster("HKO", CLOSED_DAY)
    return number, booking.reference


def queued(app, reference: str) -> float | None:
    """When the reminder queue sends the booking's reminder (epoch s), or None."""
    return redis_of(app).zscore(keys.reminders_due(), reference)


def close_the_day(runner) -> None:
    result = runner.invoke(args=["offices", "close", "HKO", "--date", CLOSED_DAY.isoformat()])
    assert result.exit_code == 0 and result.output.startswith("HKO closed on 2026-12-07: 1 booking(s) affected."), \
        result.output


def scheduled_count(runner) -> str:
    return runner.invoke(args=["reminders", "status"]).output.split()[1]


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_a_move_off_a_closed_day_gives_back_the_reminder_the_closure_held(app, runner, language):
    number, reference = book_by_phone(app, language, 930001, reminder="1")
    assert queued(app, reference) == reminder_due(CLOSED_DAY).timestamp()
    close_the_day(runner)
    booking = ledger_of(app).get(reference)
    assert (booking.reminder, booking.reminder_held, queued(app, reference)) == (False, True, None)
    assert scheduled_count(runner) == "0"

    # Heard at the enquiry menu while it waits: the reminder comes back with a move.
    said = heard(app, identify(language, ENQUIRE, number) + ["3"])
    assert said[-1] == HELD_MENU[language]

    said = heard(app, identify(language, ENQUIRE, number) + MOVE_TO_NEW_DAY)
    assert said[-3].startswith(SUMMARY_WITH[language])
    assert said[-2].endswith(REMINDER_BACK[language])
    booking = ledger_of(app).get(reference)
    assert (booking.day, booking.reminder, booking.office_closed, booking.reminder_held) == (NEW_DAY, True, False, False)
    assert queued(app, reference) == reminder_due(NEW_DAY).timestamp()
    assert scheduled_count(runner) == "1"
    assert heard(app, identify(language, ENQUIRE, number))[-2].endswith(REMINDER_SET[language])


def test_the_reminder_given_back_is_sent_for_the_new_day_and_the_closure_notice_is_not(app, runner, httpserver, clock):
    number, reference = book_by_phone(app, "3", 930011, reminder="1")
    close_the_day(runner)
    heard(app, identify("3", ENQUIRE, number) + MOVE_TO_NEW_DAY)
    use_twilio(app, httpserver)
    clock.now = reminder_due(NEW_DAY)
    worker_of(app).drain()
    # The SMS confirmation of the booking (queued when it was made by phone) and the reminder of the
    # new day; the moved booking's closure notice is dropped.
    confirmation, reminder = sorted((m["Body"] for m in sent(httpserver)), key=lambda body: "reminder" in body)
    assert confirmation.startswith(f"Immigration Department: your identity card appointment is booked. "
                                   f"Reference {reference}.")
    assert reminder.startswith(f"Immigration Department reminder: your identity card appointment, "
                               f"reference {reference}, is on 9/12/2026 at 08:45 at Hong Kong Office")
    assert redis_of(app).zcard(keys.closure_notices()) == 0


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_a_move_off_a_closed_day_to_a_day_too_near_says_no_reminder_can_be_sent(app, runner, language):
    number, reference = book_by_phone(app, language, 930021, reminder="1")
    close_the_day(runner)
    said = heard(app, identify(language, ENQUIRE, number) + MOVE_TO_TOMORROW)
    assert said[-3].startswith(SUMMARY_TOO_NEAR[language])
    assert said[-2].endswith(REMINDER_NOT_BACK[language])
    booking = ledger_of(app).get(reference)
    assert (booking.day, booking.reminder, queued(app, reference)) == (FIRST_DAY, False, None)
    assert scheduled_count(runner) == "0"


CHANGED_WITHOUT_A_WORD_OF_IT = (
    "Your appointment is changed. Your reference number is still one, zero, zero, zero, zero, zero, zero, one, "
    "and your enquiry code is the same. Please come to Hong Kong Office, eighth floor, Immigration Tower, "
    "7 Gloucester Road, Wan Chai, Hong Kong, on Wednesday the ninth of December at eight forty-five a.m. "
    "The applicant must come in person. Bring the original supporting documents."
)
CLOSED_MENU_NOTHING_HELD = (
    "To hear the appointment again, press 1. To change it, press 2. To cancel it, press 3. No SMS reminder "
    "is sent for a day the office is closed; once you have moved the appointment, one can be set from a Hong Kong "
    "mobile phone."
)


def test_a_move_off_a_closed_day_with_no_reminder_held_moves_as_before(app, runner):
    number, reference = book_by_phone(app, "3", 930031, reminder="2")
    close_the_day(runner)
    assert not ledger_of(app).get(reference).reminder_held
    assert heard(app, identify("3", ENQUIRE, number) + ["3"])[-1] == CLOSED_MENU_NOTHING_HELD
    said = heard(app, identify("3", ENQUIRE, number) + MOVE_TO_NEW_DAY)
    assert said[-3].startswith(SUMMARY_WITH["3"].replace("with an SMS reminder", "without a reminder"))
    assert said[-2] == CHANGED_WITHOUT_A_WORD_OF_IT
    booking = ledger_of(app).get(reference)
    assert (booking.day, booking.reminder, queued(app, reference)) == (NEW_DAY, False, None)
    assert scheduled_count(runner) == "0"
    assert heard(app, identify("3", ENQUIRE, number))[-1].endswith("To have an SMS reminder sent to this phone, press 4.")


def test_a_change_of_an_open_day_with_its_reminder_on_is_as_before(app, runner):
    number, reference = book_by_phone(app, "3", 930041, reminder="1")
    # Enquiry menu 2 changes it; office 1, key 0912, first hour, first time, take it, confirm.
    said = heard(app, identify("3", ENQUIRE, number) + ["2", *MOVE_TO_NEW_DAY[1:]])
    assert said[-3].startswith(SUMMARY_WITH["3"])
    assert said[-2] == CHANGED_WITHOUT_A_WORD_OF_IT
    booking = ledger_of(app).get(reference)
    assert (booking.day, booking.reminder, queued(app, reference)) == (NEW_DAY, True, reminder_due(NEW_DAY).timestamp())

"""What the caller trial (docs/CALLER_TRIAL.md) found wrong, heard as a caller would hear it."""
import datetime as dt

import pytest

from tests.documents import hkid
from tests.ivr.calls import booking_keys, heard
from tests.ivr.manage_calls import CANCEL, CHANGE, book_ahead, identify

WRONG_KEY = "Sorry, that key is not one of the choices."
# The generic read-back help: right for a document number or a birth date, wrong elsewhere.
READBACK_HELP = "For example, if everything you heard is right, press 1 now."
CANCEL_HELP = (
    "Press 1 only if you want to cancel this appointment. To keep it, press 2. "
    "For example, if you still plan to come on that day, press 2."
)
LATER_DAY = dt.date(2026, 12, 7)


def test_a_wrong_key_at_the_cancel_confirmation_explains_cancel_and_keep(app):
    number = hkid(910001)
    book_ahead(app, number, LATER_DAY)
    said = heard(app, identify("3", CANCEL, number) + ["3"])
    assert said[-3:-1] == [WRONG_KEY, CANCEL_HELP]
    assert said[-1].endswith("To cancel it, press 1. To keep it, press 2.")
    assert not any(READBACK_HELP in text for text in said)


@pytest.mark.parametrize("language, help_text", [
    ("1", "只有在你要取消這個預約時才按一。保留預約請按二。例如，你仍然會在那天前來，請按二。"),
    ("2", "只有在您要取消这个预约时才按一。保留预约请按二。例如，您仍然会在那天前来，请按二。"),
])
def test_the_cancel_help_in_chinese(app, language, help_text):
    number = hkid(910002)
    book_ahead(app, number, LATER_DAY)
    assert heard(app, identify(language, CANCEL, number) + [""])[-2] == help_text


def test_a_wrong_key_at_the_booking_summary_explains_confirm_and_start_again(app):
    keys = booking_keys("3", [hkid(910003)])
    keys[-1] = "5"  # at the summary
    said = heard(app, keys)
    assert said[-2] == (
        "Press 1 to book the appointment you just heard, or 2 to start again from the number of "
        "applicants. For example, if every detail is right, press 1."
    )
    assert said[-1].startswith("Please check: one applicant, at Hong Kong Office")


def test_a_wrong_key_at_the_change_summary_explains_change_and_choose_again(app):
    number = hkid(910004)
    book_ahead(app, number, LATER_DAY)
    said = heard(app, identify("3", CHANGE, number) + ["1", "1", "1", "5"])
    assert said[-2] == (
        "Press 1 to move your appointment to the office, date and time you just heard, or 2 to choose "
        "them again. For example, if the new date and time suit you, press 1."
    )
    assert said[-1].startswith("Please check the new appointment:")


def test_the_next_date_is_not_called_the_earliest(app):
    keys = booking_keys("3", [hkid(910005)])[:-5] + ["2"]  # at the date offer: the next date
    said = heard(app, keys)
    assert said[-2:] == [
        "At Hong Kong Office, there are places for all applicants on Tuesday the twenty-fourth of November. "
        "To take this date, press 1. To hear the next available date, press 2. To enter a date yourself, press 3.",
        "At Hong Kong Office, there are places for all applicants on Wednesday the twenty-fifth of November. "
        "To take this date, press 1. To hear the next available date, press 2. To enter a date yourself, press 3.",
    ]
    assert not any("earliest" in text for text in said)


@pytest.mark.parametrize("language, together", [
    ("1", "兩位申請人須一同前來。"),
    ("2", "两位申请人须一同前来。"),
    ("3", "The two applicants must come together."),
])
def test_two_applicants_hear_they_come_together_in_plain_words(app, language, together):
    booked = heard(app, booking_keys(language, [hkid(910006), hkid(910007, "B")]))[-2]
    assert together in booked
    assert "All two" not in booked and "全部兩位" not in booked and "全部两位" not in booked


@pytest.mark.parametrize("language, summary, reminder, birth", [
    ("1", "請核對：一位申請人，香港辦事處，十一月二十四號星期二上午八時四十五分，不設短訊提示。",
     "預約日期太近，未能發出短訊提示，所以這個預約不設短訊提示。",
     "出生日子五號，出生年份一九八五年。正確請按一，重新輸入請按二。"),
    ("2", "请核对：一位申请人，香港办事处，十一月二十四号星期二上午八点四十五分，不设短信提醒。",
     "预约日期太近，无法发送短信提醒，所以这个预约不设短信提醒。",
     "出生日子五号，出生年份一九八五年。正确请按一，重新输入请按二。"),
])
def test_chinese_booking_wording(app, language, summary, reminder, birth):
    said = heard(app, booking_keys(language, [hkid(910008)]))
    assert birth in said
    assert reminder in said
    assert said[-3].startswith(summary)
    assert said[-2].endswith("再重複一次，你的預約編號是一、零、零、零、零、零、零、一。" if language == "1"
                             else "再重复一次，您的预约编号是一、零、零、零、零、零、零、一。")


def test_putonghua_prompts_use_mainland_words(app):
    said = heard(app, ["2", "", "", ""])  # the main menu, silence until the line gives up
    assert said[-2].endswith("其他信息请按六。") and "移动应用程序" in said[-1]
    assert not any(term in text for text in said for term in ("流动应用程序", "其他资料"))
    reminder = heard(app, booking_keys("2", [hkid(910020)], date=["3", "0712"])[:-1])[-1]
    assert reminder == "需要在预约日前两天收到短信提醒吗？需要请按一，不需要请按二。"


@pytest.mark.parametrize("language, qualifying", [
    ("1", "一九九五年十一月六日或之後登記的香港出生證明書請按二。"),
    ("2", "一九九五年十一月六日或之后登记的香港出生证明书请按二。"),
    ("3", "For a Hong Kong birth certificate registered on or after the sixth of November 1995, press 2."),
])
def test_the_document_menu_names_the_birth_certificates_that_qualify(app, language, qualifying):
    assert qualifying in heard(app, [language, "1", "1"])[-1]

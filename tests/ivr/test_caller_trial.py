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


def test_a_wrong_key_at_the_booking_confirmation_explains_each_key(app):
    keys = booking_keys("3", [hkid(910003)])
    keys[-2] = "5"  # at the confirmation, after the code
    said = heard(app, keys)
    assert said[-2] == (
        "Press 1 to book the appointment you chose, 3 to choose another enquiry code, or 4 to start again "
        "from the number of applicants."
    )
    assert said[-1].startswith("Your code is one, two, three, four.")


def test_a_wrong_key_at_the_change_summary_explains_change_and_choose_again(app):
    number = hkid(910004)
    book_ahead(app, number, LATER_DAY)
    said = heard(app, identify("3", CHANGE, number) + ["1", "1", "5"])
    assert said[-2] == (
        "Press 1 to move your appointment to the office, date and time you just heard, or 2 to choose "
        "them again. For example, if the new date and time suit you, press 1."
    )
    assert said[-1].startswith("Please check the new appointment:")


def test_the_next_date_is_not_called_the_earliest(app):
    keys = booking_keys("3", [hkid(910005)])[:-4] + ["3"]  # at the date offer: the next date
    said = heard(app, keys)
    assert said[-2:] == [
        "Earliest at Hong Kong Office: Tuesday the twenty-fourth of November at eight forty-five a.m. "
        "1: take it. 2: another time. 3: the next date. 4: key a date.",
        "Next: Wednesday the twenty-fifth of November at eight forty-five a.m. "
        "1: take it. 2: another time. 3: the next date. 4: key a date.",
    ]
    assert "earliest" not in said[-1].lower()


@pytest.mark.parametrize("language, together", [
    ("1", "兩位申請人須一同前來。"),
    ("2", "两位申请人须一同前来。"),
    ("3", "The two applicants must come together."),
])
def test_two_applicants_hear_they_come_together_in_plain_words(app, language, together):
    booked = heard(app, booking_keys(language, [hkid(910006), hkid(910007, "B")]))[-2]
    assert together in booked
    assert "All two" not in booked and "全部兩位" not in booked and "全部两位" not in booked


@pytest.mark.parametrize("language, confirm, birth, booked", [
    ("1", "密碼是一、二、三、四。確認預約按一，改密碼按三，重新開始按四。",
     "，五號出生，一九八五年。正確按一，改號碼按二，改出生日期按三。",
     "預約完成：十一月二十四號星期二上午八時四十五分，香港辦事處，香港灣仔告士打道7號入境事務大樓8樓。編號一、零、零、零、零、零、零、一。"),
    ("2", "密码是一、二、三、四。确认预约按一，改密码按三，重新开始按四。",
     "，五号出生，一九八五年。正确按一，改号码按二，改出生日期按三。",
     "预约完成：十一月二十四号星期二上午八点四十五分，香港办事处，香港湾仔告士打道7号入境事务大楼8楼。编号一、零、零、零、零、零、零、一。"),
])
def test_chinese_booking_wording(app, language, confirm, birth, booked):
    said = heard(app, booking_keys(language, [hkid(910008)]))
    assert any(text.endswith(birth) for text in said)
    assert said[-3] == confirm
    assert said[-2].startswith(booked)


def test_putonghua_prompts_use_mainland_words(app):
    said = heard(app, ["2", "", "", ""])  # the main menu, silence until the line gives up
    assert said[-2].endswith("其他信息按六。") and "移动应用程序" in said[-1]
    assert not any(term in text for text in said for term in ("流动应用程序", "其他资料"))
    confirm = heard(app, booking_keys("2", [hkid(910020)], date=["4", "0712"])[:-2])[-1]
    assert confirm == "密码是一、二、三、四。预约并要短信提醒按一，不要提醒按二，改密码按三，重新开始按四。"


@pytest.mark.parametrize("language, qualifying", [
    ("1", "一九九五年十一月六日或之後登記的香港出生證明書請按二。"),
    ("2", "一九九五年十一月六日或之后登记的香港出生证明书请按二。"),
    ("3", "For a Hong Kong birth certificate registered on or after the sixth of November 1995, press 2."),
])
def test_the_document_menu_names_the_birth_certificates_that_qualify(app, language, qualifying):
    assert qualifying in heard(app, [language, "1", "1", "0"])[-1]  # another document than the identity card


def test_putonghua_reminder_prompts_say_ti_xing_and_this_phone_as_the_mainland_does(app):
    prompts = app.extensions["line"].prompts
    wording = {key: prompts.render(key, "zh-CN", {}) for key in (
        "manage.reminder_turn_on", "manage.reminder_now_on", "manage.reminder_no_mobile")}
    assert wording["manage.reminder_turn_on"] == "如需把短信提醒发送到这部电话，请按四。"
    assert wording["manage.reminder_now_on"] == "已设置短信提醒，会在预约日前两天发送到这部电话。"
    # Hong Kong words left behind: 提示 (for a reminder), 这个电话 (for this phone), 只可以.
    assert not any(term in text for text in wording.values() for term in ("提示", "这个电话", "只可以"))

"""Scripted calls through the language menu, main menu and information menus (SPEC §4.1-2, 5-6)."""
import pytest

from booking.extensions import ledger_of
from tests.ivr.calls import call, heard

LANGUAGE_MENU = [
    "入境處預約熱線。廣東話請按一。",
    "普通话请按二。",
    "For English, press 3.",
]
MAIN_MENU = "1: book. 2, 3 or 4: check, change or cancel. 5: offices. 6: other information."
OFFICES = [
    "Office addresses, hours and services.",
    "For Hong Kong Office, press one.",
    "For Kowloon Office, press two.",
    "For Tseung Kwan O Office, press three.",
    "For Tuen Mun Office, press four.",
    "For Yuen Long Office, press five.",
    "For Fo Tan Office, press six.",
]
OTHER = "Other information. For the documents to bring, press 1. For HKSAR passport fees and validity, press 2."
PASSPORT = (
    "HKSAR passport fees. Applicants aged 16 or over: three hundred and seventy dollars for a "
    "32-page passport, and four hundred and sixty dollars for a 48-page passport. Applicants "
    "under 16: one hundred and eighty-five dollars for 32 pages, and two hundred and thirty "
    "dollars for 48 pages. Amendment of a passport: eighty-four dollars. Cross-link endorsement: "
    "one hundred and seventy dollars. A passport is normally valid for five years if the applicant is "
    "under 16 when applying, and ten years otherwise."
)


def test_english_information_call_hears_exactly_this(app):
    transcript = call(app, ["3", "5", "1", "#", "6", "2"])
    office_detail = [
        "Hong Kong Office. Address: eighth floor, Immigration Tower, 7 Gloucester Road, Wan Chai, Hong Kong. General service hours:",
        "Monday to Friday, eight forty-five a.m. to four thirty p.m.",
        "Saturday, nine to eleven thirty a.m.",
        "Closed on Sundays and general holidays.",
        "Appointments at this office can be made on this line.",
    ]
    assert transcript.heard == [
        *LANGUAGE_MENU,
        "Star repeats, hash goes back.",
        MAIN_MENU,
        *OFFICES,
        *office_detail,
        *OFFICES,
        MAIN_MENU,
        OTHER,
        PASSPORT,
        OTHER,
    ]
    assert transcript.ended_by == "caller"


@pytest.mark.parametrize(
    "language_key, office_line, passport_fragment, validity, main_menu",
    [
        ("1", "一般辦公時間：", "三十二頁護照三百七十元，四十八頁護照四百六十元", "申請時未滿十六歲，護照有效期一般為五年",
         "預約按一；查詢、更改或取消，按二、三或四；"),
        ("2", "一般办公时间：", "三十二页护照三百七十元，四十八页护照四百六十元", "申请时未满十六岁，护照有效期一般为五年",
         "预约按一；查询、更改或取消，按二、三或四；"),
    ],
)
def test_chinese_information_calls(app, language_key, office_line, passport_fragment, validity, main_menu):
    said = heard(app, [language_key, "5", "1", "#", "6", "2"])
    assert said[:3] == LANGUAGE_MENU
    assert said[4].startswith(main_menu)
    detail = next(text for text in said if office_line in text)
    assert detail.startswith(("香港辦事處。", "香港办事处。"))
    hours = said[said.index(detail) + 1]
    assert hours in ("星期一至五，上午八時四十五分至下午四時三十分。", "星期一至五，上午八点四十五分至下午四点三十分。")
    assert passport_fragment in said[-2]
    assert validity in said[-2]


def test_silence_three_times_ends_the_call_politely(app):
    transcript = call(app, ["3", "", "", ""])
    assert transcript.heard[-7:] == [
        "Sorry, I did not hear a key.",
        "Press the number of your choice on the phone keypad, for example 1. Press star to hear the choices again, or hash to go back.",
        MAIN_MENU,
        "Sorry, I still did not hear a key.",
        "Press the number of your choice on the phone keypad, for example 1. Press star to hear the choices again, or hash to go back.",
        MAIN_MENU,
        "We are sorry we could not help you by phone. You can book at www.gov.hk/icbooking or with "
        "the Immigration Department mobile application. For enquiries, call two eight two four, six "
        "one one one, Monday to Friday from eight forty-five a.m. to five fifteen p.m., and Saturday "
        "from nine a.m. to twelve noon, except public holidays. Thank you for calling. Goodbye.",
    ]
    assert transcript.ended_by == "hangup"


def test_silence_at_the_language_menu_escalates_in_all_three_languages(app):
    said = heard(app, [""])
    assert said[3:6] == ["對不起，我們未收到你的按鍵。", "对不起，我们没有收到您的按键。", "Sorry, I did not hear a key."]
    assert said[-3:] == LANGUAGE_MENU


def test_wrong_keys_escalate_then_end(app):
    transcript = call(app, ["3", "9", "0", "7"])
    said = transcript.heard
    assert said[-7] == "Sorry, that key is not one of the choices."
    assert said[-4] == "Sorry, that key is still not one of the choices."
    assert said[-1].startswith("We are sorry we could not help you by phone.")
    assert transcript.ended_by == "hangup"


def test_star_repeats_the_main_menu_and_hash_returns_to_the_language_menu(app):
    said = heard(app, ["3", "*", "#"])
    # * says the main menu as it was entered: the keys' hint, then the menu.
    assert said[-7:-3] == ["Star repeats, hash goes back.", MAIN_MENU] * 2
    assert said[-3:] == said[:3]


def test_a_good_key_after_a_wrong_one_resets_the_tries(app):
    said = heard(app, ["3", "9", "6", "9", "9"])
    assert said.count("Sorry, that key is not one of the choices.") == 2
    assert said[-1] == OTHER


CLOSED_TODAY = {"1": "請注意：這個辦事處今日關閉。", "2": "请注意：这个办事处今天关闭。", "3": "Please note: this office is closed today."}


@pytest.mark.parametrize("language_key", ["1", "2", "3"])
def test_an_office_closed_by_staff_today_is_said_to_be_closed_today(app, clock, language_key):
    ledger, today = ledger_of(app), clock.now.date()
    ledger.close_office("KO", today)
    assert ledger.is_closed("KO", today) and not ledger.is_closed("HKO", today)
    kowloon = heard(app, [language_key, "5", "2"])
    hong_kong = heard(app, [language_key, "5", "1"])
    assert CLOSED_TODAY[language_key] in kowloon and CLOSED_TODAY[language_key] not in hong_kong
    # Its normal hours are still said, for the other days.
    hours = kowloon.index(CLOSED_TODAY[language_key]) - 3
    assert kowloon[hours].startswith(("Monday to Friday", "星期一至五")) and kowloon[hours + 1].startswith(("Saturday", "星期六"))
    clock.advance(days=1)  # tomorrow it is open again: nothing said
    assert CLOSED_TODAY[language_key] not in heard(app, [language_key, "5", "2"])
    clock.advance(days=5)  # a Sunday: every office is closed today
    assert CLOSED_TODAY[language_key] in heard(app, [language_key, "5", "1"])


FO_TAN = {
    "1": ["火炭辦事處。本熱線暫未有這個辦事處的地址及辦公時間，請在辦公時間致電二八二四、六一一一查詢。",
          "這個辦事處不能經電話預約。請經 www.gov.hk/icbooking 或入境事務處流動應用程式預約。"],
    "2": ["火炭办事处。本热线暂时没有这个办事处的地址及办公时间，请在办公时间致电二八二四、六一一一查询。",
          "这个办事处不能通过电话预约。请通过 www.gov.hk/icbooking 或入境事务处移动应用程序预约。"],
    "3": ["Fo Tan Office. This line does not yet have its address and service hours: for them, please call "
          "two eight two four, six one one one during office hours.",
          "Appointments at this office cannot be made by phone. Please book at www.gov.hk/icbooking or with the "
          "Immigration Department mobile application."],
}


@pytest.mark.parametrize("language_key", ["1", "2", "3"])
def test_every_office_of_the_catalogue_is_named_and_one_not_bookable_by_phone_says_so(app, clock, language_key):
    """QA F7 (SPEC §4.5): Fo Tan, in the catalogue but not bookable by phone, was left out of menu 5."""
    said = heard(app, [language_key, "5", "6"])
    detail = next(n for n, text in enumerate(said) if text.startswith(("火炭辦事處。", "火炭办事处。", "Fo Tan Office.")))
    assert said[detail - 1] in ("火炭辦事處請按六。", "火炭办事处请按六。", "For Fo Tan Office, press six.")
    assert said[detail:detail + 2] == FO_TAN[language_key]
    # No address or hours is made up for it: the data file has none from a published source.
    fo_tan = ledger_of(app).catalogue.office("FTO")
    assert not fo_tan.listed and not fo_tan.general_hours_on(clock.now.date())
    assert not any(fo_tan.phone_bookable_on(clock.now.date(), kind) for kind in fo_tan.general_types)

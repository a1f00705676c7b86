"""Enquire, change and cancel by phone (SPEC §4.4): the whole story in each language, and refusals."""
import datetime as dt
import json
import re

import pytest

from booking.extensions import ledger_of
from phone import Call, FlaskTransport
from store.connection import redis_of
from supervision.calls import call_turns, list_calls
from tests.booking.conftest import applicants, request
from tests.documents import hkid
from tests.ivr.calls import HK_MOBILE, heard, keypad
from tests.ivr.manage_calls import (
    CANCEL, CHANGE, CODE, CODE_PROMPT, DETAILS_HKO, DOC_PROMPT, ENQUIRE, ENQUIRE_DOC_TYPE,
    ENQUIRY_MENU_FIXED, FIRST_DAY, NOT_FOUND, TOO_LATE, book, identify, places_taken,
)

# Per language: the office and date words of the story, and the prompts that end each step.
STORY = {
    "1": {"hko": "香港辦事處", "ko": "九龍辦事處", "first": "十一月二十四號星期二上午八時四十五分",
          "changed": "預約已經更改。", "cancelled": "已經取消。", "not_found": "對不起，我們找不到這個證件號碼和查詢密碼的預約。"},
    "2": {"hko": "香港办事处", "ko": "九龙办事处", "first": "十一月二十四号星期二上午八点四十五分",
          "changed": "预约已经更改。", "cancelled": "已经取消。", "not_found": "对不起，我们找不到这个证件号码和查询密码的预约。"},
    "3": {"hko": "Hong Kong Office", "ko": "Kowloon Office",
          "first": "on Tuesday the twenty-fourth of November at eight forty-five a.m.",
          "changed": "Your appointment is changed.", "cancelled": "is cancelled.", "not_found": NOT_FOUND},
}


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_book_enquire_change_enquire_cancel_enquire(app, language):
    words, number = STORY[language], hkid(700001)
    reference = book(app, language, number)
    enquiry = heard(app, identify(language, ENQUIRE, number))
    assert words["hko"] in enquiry[-2] and words["first"] in enquiry[-2]

    # Change to Kowloon Office: its first date (Tuesday), another time: the 9 o'clock hour, its first time.
    changed = heard(app, identify(language, CHANGE, number) + ["2", "2", "2", "1", "1", "1"])
    assert changed[-2].startswith(words["changed"]) and words["ko"] in changed[-2]
    booking = ledger_of(app).get(reference)
    assert (booking.office, booking.day, booking.time) == ("KO", FIRST_DAY, "09:00")
    assert (places_taken(app, "HKO", FIRST_DAY, "08:45"), places_taken(app, "KO", FIRST_DAY, "09:00")) == (0, 1)
    assert [b.reference for b in ledger_of(app).roster("HKO", FIRST_DAY)] == []

    enquiry = heard(app, identify(language, ENQUIRE, number))
    assert words["ko"] in enquiry[-2] and words["hko"] not in enquiry[-2]

    cancelled = heard(app, identify(language, CANCEL, number) + ["1"])
    assert words["cancelled"] in cancelled[-2]
    assert ledger_of(app).get(reference).status == "cancelled"
    assert places_taken(app, "KO", FIRST_DAY, "09:00") == 0

    assert heard(app, identify(language, ENQUIRE, number))[-1].startswith(words["not_found"])


def test_english_enquiry_hears_exactly_this_and_one_repeats(app):
    number = hkid(700002)
    book(app, "3", number)
    said = heard(app, identify("3", ENQUIRE, number) + ["1"])
    start = said.index(ENQUIRE_DOC_TYPE)
    assert said[start + 1] == DOC_PROMPT
    assert said[start + 2].startswith("You entered A, seven, zero, zero, zero, zero, two, bracket ")
    assert said[start + 3:] == [CODE_PROMPT, DETAILS_HKO, ENQUIRY_MENU_FIXED, DETAILS_HKO, ENQUIRY_MENU_FIXED]


def test_a_change_from_the_main_menu_first_reads_the_appointment_being_changed(app):
    number = hkid(700015)
    book(app, "3", number)
    said = heard(app, identify("3", CHANGE, number))
    current = said.index(
        "Your appointment now: one applicant, at Hong Kong Office, on Tuesday the twenty-fourth of November at "
        "eight forty-five a.m. Now choose the new office, date and time."
    )
    assert said[current - 1] == CODE_PROMPT
    assert said[-1] == "Yuen Long Office, press five."  # then the office menu, to its last office


@pytest.mark.parametrize("menu_key", [CHANGE, CANCEL])
def test_change_or_cancel_on_the_appointment_day_is_refused(app, clock, menu_key):
    number = hkid(700003)
    reference = book(app, "3", number)
    clock.now = dt.datetime.combine(FIRST_DAY, dt.time(7, 30), clock.now.tzinfo)
    said = heard(app, identify("3", menu_key, number))
    assert said[-2:] == [TOO_LATE, ENQUIRY_MENU_FIXED]
    # The enquiry menu's own keys 2 and 3 are refused the same way.
    assert heard(app, identify("3", ENQUIRE, number) + ["2"])[-2:] == [TOO_LATE, ENQUIRY_MENU_FIXED]
    assert heard(app, identify("3", ENQUIRE, number) + ["3"])[-2:] == [TOO_LATE, ENQUIRY_MENU_FIXED]
    booking = ledger_of(app).get(reference)
    assert (booking.status, booking.office, booking.time) == ("active", "HKO", "08:45")


def test_cancel_the_day_before_is_accepted_and_two_keeps_it(app):
    number = hkid(700004)
    reference = book(app, "3", number)
    kept = heard(app, identify("3", CANCEL, number) + ["2"])
    assert kept[-3:] == [
        "Your appointment: one applicant, at Hong Kong Office, on Tuesday the twenty-fourth of November at "
        "eight forty-five a.m. To cancel it, press 1. To keep it, press 2.",
        "Your appointment is kept unchanged.",
        ENQUIRY_MENU_FIXED,
    ]
    assert ledger_of(app).get(reference).status == "active"
    cancelled = heard(app, identify("3", CANCEL, number) + ["1"])
    assert cancelled[-2:] == [
        "Your appointment on Tuesday the twenty-fourth of November at eight forty-five a.m., reference number "
        "one, zero, zero, zero, zero, zero, zero, one, is cancelled.",
        "Thank you for calling. Goodbye.",
    ]


def test_a_slot_taken_during_a_change_offers_the_other_times(app):
    number = hkid(700012)
    reference = book(app, "3", number)
    # Hong Kong Office, another time: 09:00, taken, confirmed; then 09:15, taken, confirmed.
    keys_pressed = identify("3", CHANGE, number) + ["1", "2", "2", "1", "1", "1"] + ["2", "1", "1", "1"]
    confirm_turn = len(keys_pressed) - 5

    class RaceTransport(FlaskTransport):
        """Other callers take every place at 09:00 just before this caller confirms."""

        def post(self, path, form, headers):
            if path.endswith(f"t={confirm_turn}"):
                for n, people in enumerate((applicants(4), applicants(4), applicants(2))):
                    ledger_of(app).book(request(people, day=FIRST_DAY, time="09:00"), f"fill-{n}")
            return super().post(path, form, headers)

    said = Call(RaceTransport(app.test_client()), from_number=HK_MOBILE).run(keys_pressed).heard
    taken = said.index("Sorry, another caller has just taken the last places at that time. Please choose another time.")
    assert said[taken + 1:taken + 4] == ["On Tuesday the twenty-fourth of November, from which hour?",
                                         "From eight forty-five a.m., press one.", "From nine fifteen a.m., press two."]
    assert said[-3].startswith("Please check the new appointment: one applicant, at Hong Kong Office, on Tuesday "
                               "the twenty-fourth of November at nine fifteen a.m., without a reminder.")
    assert said[-2].startswith("Your appointment is changed.")
    assert (ledger_of(app).get(reference).time, places_taken(app, "HKO", FIRST_DAY, "09:00")) == ("09:15", 10)


UNCHANGED = {
    "1": "這已經是你現時的預約：香港辦事處，十一月二十四號星期二上午八時四十五分。如要選擇另一個日期或時間，請按一。保留現有預約請按二。",
    "3": "That is already your appointment: Hong Kong Office, Tuesday the twenty-fourth of November at eight "
         "forty-five a.m. To choose another date or time, press 1. To keep your appointment as it is, press 2.",
}


@pytest.mark.parametrize("language", ["1", "3"])
def test_a_change_to_the_same_office_date_and_time_is_no_change(app, language):
    number = hkid(700016)
    reference = book(app, language, number)
    before = ledger_of(app).get(reference)
    same = identify(language, CHANGE, number) + ["1", "1"]  # Hong Kong Office, its earliest: the booked time
    said = heard(app, same + ["1"])
    assert said[-2] == UNCHANGED[language]
    assert said[-1] == heard(app, same[:-1])[-1]  # 1: the date offer again
    kept = heard(app, same + ["2"])
    assert kept[-3] == UNCHANGED[language] and kept[-2] in ("你的預約維持不變。", "Your appointment is kept unchanged.")
    assert not [text for text in said + kept if "is changed." in text or "已經更改" in text]
    assert ledger_of(app).get(reference) == before
    assert [summary.outcome for summary in list_calls(redis_of(app))].count("changed") == 0


def test_two_at_the_change_summary_chooses_again(app):
    number = hkid(700013)
    book(app, "3", number)
    said = heard(app, identify("3", CHANGE, number) + ["2", "1", "2"])  # Kowloon Office, its earliest
    assert said[-6] == "Which office?"
    offices = ("Hong Kong", "Kowloon", "Tseung Kwan O", "Tuen Mun", "Yuen Long")
    keys = ("one", "two", "three", "four", "five")
    assert said[-5:] == [f"{name} Office, press {key}." for key, name in zip(keys, offices)]


def test_the_call_log_keeps_outcomes_and_never_the_number_or_code(app):
    number = hkid(700014)
    book(app, "3", number)
    heard(app, identify("3", ENQUIRE, number))
    heard(app, identify("3", CHANGE, number) + ["2", "1", "1"])
    heard(app, identify("3", CANCEL, number) + ["1"])
    client = redis_of(app)
    calls = list_calls(client)
    assert sorted(summary.outcome for summary in calls) == ["booked", "cancelled", "changed", "enquired"]
    logged = json.dumps([call_turns(client, summary.sid) for summary in calls], ensure_ascii=False)
    # Timestamps are floats whose digits could hold the code by chance: they are not keys.
    logged = re.sub(r"\d+\.\d+", "<time>", logged)
    for secret in (number, number[1:7], keypad(number), CODE):
        assert secret not in logged
    # Booking hides the year of birth and the code; each later call hides its code.
    assert logged.count("[4 keys hidden]") == 5


def test_a_change_to_a_day_closed_by_staff_meanwhile_is_said_as_closed_and_changes_nothing(app):
    """Staff close the new office on the new day while the caller listens to the summary."""
    number = hkid(700021)
    reference = book(app, "3", number)
    keys = identify("3", CHANGE, number) + ["2", "2", "2", "1", "1", "1"]  # Kowloon, its first day at 9, confirmed

    class ClosingTransport(FlaskTransport):
        """Closes Kowloon Office on the new day just before the caller confirms."""

        def post(self, path, form, headers):
            if path.endswith(f"t={len(keys) - 1}"):
                ledger_of(app).close_office("KO", FIRST_DAY)
            return super().post(path, form, headers)

    said = Call(ClosingTransport(app.test_client()), from_number=HK_MOBILE).run(keys).heard
    notice = said.index("Sorry, the office has just been closed on that day, so it cannot be booked. "
                        "Here is the earliest date that still has places.")
    assert "Wednesday the twenty-fifth of November" in said[notice + 1]
    assert not any("another caller" in line or "is changed" in line for line in said)
    booking = ledger_of(app).get(reference)
    assert (booking.office, booking.day, booking.time) == ("HKO", FIRST_DAY, "08:45")

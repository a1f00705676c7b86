"""Every refusal while booking explains itself and lets the caller try again (SPEC §4.3)."""
import datetime as dt
import json

import pytest

from booking.extensions import ledger_of
from store.connection import redis_of
from supervision.calls import call_turns, list_calls
from tests.documents import hkid
from tests.ivr.calls import FIRST_DAY, applicant_keys, booking_keys, heard, keypad
from tests.ivr.manage_calls import book_ahead

START = ["3", "1"]
DOC_PROMPT = (
    "Identity card number, then hash. A letter is star, its key, then its place on the key: A is star 2 1. "
    "Another document: 0, then hash."
)
DOC_HELP = "For example, for A 1 2 3 4 5 6 bracket 3, press star 2 1, then 1 2 3 4 5 6 3, then hash. B is star 2 2, and Z is star 9 4."
DAY_PROMPT = "Day of birth, two digits."
READ_BACK_KEYS = "Press 1 if correct, 2 to change the number, 3 the birth date."


def test_wrong_check_digit_is_explained_and_asked_again(app):
    said = heard(app, START + ["1", "*211234569#"])
    assert said[-3:] == [
        "Sorry, A, one, two, three, four, five, six with check digit nine is not a valid number. Please check the document and enter it again.",
        DOC_HELP,
        DOC_PROMPT,
    ]
    # The caller hears what they keyed; the call log keeps it masked.
    logged = json.dumps([call_turns(redis_of(app), summary.sid) for summary in list_calls(redis_of(app))])
    assert "with check digit" in logged
    assert "1234569" not in logged and "one, two, three" not in logged


def test_keys_that_are_not_a_document_number(app):
    said = heard(app, START + ["1", "*1123#"])
    assert said[-3].startswith("Sorry, those keys are not a document number.")
    assert said[-1] == DOC_PROMPT


def test_a_document_that_already_has_an_appointment(app):
    number = hkid(500002)
    heard(app, booking_keys("3", [number]))
    said = heard(app, START + ["1"] + applicant_keys(number))  # its own day and year of birth
    assert said[-2] == (
        "This document already has an appointment, and each person can hold only one. "
        "To change the existing appointment, choose 3 in the main menu."
    )
    assert said[-1] == "To enter another document, press 1. To return to the main menu, press 3."
    # Another document may be another person's: its birth date is asked, not taken from the refused one.
    assert heard(app, START + ["1"] + applicant_keys(number) + ["1", keypad(hkid(500025)) + "#"])[-1] == DAY_PROMPT


def test_day_32_is_refused(app):
    said = heard(app, START + ["1", keypad(hkid(500003)), "32"])
    assert said[-3:] == [
        "Sorry, a day of birth is from 0 1 to 3 1.",
        "Enter only the day of the month, from 0 1 to 3 1, not the month. For the fifth, press 0 5.",
        DAY_PROMPT,
    ]


def test_a_year_in_the_future_or_before_1900_is_refused(app):
    said = heard(app, START + ["1", keypad(hkid(500004)), "05", "2027", "1899", "1990"])
    refusal = "Sorry, the year of birth must be from 1900 to this year."
    assert said.count(refusal) == 2
    assert said[-1].endswith(", born on the fifth, nineteen ninety. " + READ_BACK_KEYS)


def test_the_code_is_read_back_and_key_3_chooses_another(app):
    keys = START + ["1"] + applicant_keys(hkid(500005)) + ["6", "1", "1", "1234", "3", "4321"]
    said = heard(app, keys)
    assert said[-3].startswith("Your code is one, two, three, four.")
    assert said[-2] == "Key in a four-digit code for later enquiries."
    # The confirmation again, without saying again that no reminder can be sent.
    assert said[-1].startswith("Your code is four, three, two, one.")
    assert said.count("The date is too near for an SMS reminder.") == 1


def _date_entry(app, ddmm):
    keys = START + ["1"] + applicant_keys(hkid(500006)) + ["6", "1", "4", ddmm]
    return heard(app, keys)


def test_a_date_outside_the_window(app):
    said = _date_entry(app, "2311")
    # The help that fits: the window, not the DDMM format the caller keyed correctly.
    assert said[-2:] == [
        "Sorry, appointments can be booked from Tuesday the twenty-fourth of November to Monday the twenty-second of March.",
        "Enter the date as four digits, the day then the month. For example, for the ninth of December, press 0 9 1 2.",
    ]


ENTER_DATE = "Enter the date as four digits, the day then the month. For example, for the ninth of December, press 0 9 1 2."


def test_a_general_holiday_is_not_a_working_day(app):
    said = _date_entry(app, "2512")
    # The help that fits: which days are working days, not the DDMM format the caller keyed correctly.
    assert said[-2:] == [
        "Sorry, Friday the twenty-fifth of December is not a working day. "
        "Offices open Monday to Saturday, except general holidays.",
        ENTER_DATE,
    ]


def test_a_sunday_is_not_a_working_day(app):
    said = _date_entry(app, "2911")
    assert said[-2:] == [
        "Sorry, Sunday the twenty-ninth of November is not a working day. "
        "Offices open Monday to Saturday, except general holidays.",
        ENTER_DATE,
    ]


def test_dates_keyed_right_but_not_open_are_not_failed_tries(app, runner):
    # A Sunday, Christmas, a date past the window, another Sunday: then a working day is taken.
    keys = START + ["1"] + applicant_keys(hkid(500007)) + ["6", "1", "4", "2911", "2512", "2303", "0612", "0112"]
    said = heard(app, keys + ["1", "1", "1", "1234", "1"])
    assert not [text for text in said if text.startswith("We are sorry we could not help you by phone")]
    assert "Two digits for the day, then two for the month." not in said
    assert said[-1].startswith("Booked: Tuesday the first of December")
    assert [booking.day.isoformat() for booking in ledger_of(app).roster("HKO", dt.date(2026, 12, 1))] == ["2026-12-01"]


def test_a_date_that_is_not_a_date(app):
    said = _date_entry(app, "3102")
    assert said[-3] == "Sorry, that is not a valid date."


def test_a_chosen_date_leads_to_its_hours(app):
    said = _date_entry(app, "0112")
    assert said[-10:-7] == [
        "On Tuesday the first of December, from which hour?",
        "From eight forty-five a.m., press one.",
        "From nine a.m., press two.",
    ]
    assert said[-1] == "From four p.m., press nine."  # the ninth hour, the last: no page of its own


def test_hash_alone_at_an_entry_field_is_not_called_silence(app):
    # Twilio posts the same empty Digits for # alone and for silence: the words fit both, and
    # the second try explains with an example; a menu still says it heard no key.
    said = heard(app, START + ["1", "#", "#"])
    nothing = "No number was keyed. Key the number first, then press hash."
    assert said[-5:] == [nothing, DOC_PROMPT, nothing, DOC_HELP, DOC_PROMPT]
    assert not any("did not hear a key" in text for text in said)
    said = heard(app, START + ["1", keypad(hkid(500007)), "#", "05", "#"])
    year = "Year of birth, four digits."
    assert said[-5:] == ["No day of birth was keyed.", DAY_PROMPT, year, "No year of birth was keyed.", year]
    keys = START + ["1"] + applicant_keys(hkid(500008)) + ["6", "1", "4", "#", "0112", "1", "1", "1", "#"]
    said = heard(app, keys)
    assert said[-2:] == ["No code was keyed.", "Key in a four-digit code for later enquiries."]
    assert "No date was keyed." in said
    assert heard(app, START + ["wait"])[-3] == "Sorry, I did not hear a key."  # the applicants menu


def test_hash_alone_at_an_entry_field_in_chinese(app):
    said = heard(app, ["1", "1", "1", "#"])
    assert said[-2:] == ["未有輸入號碼。請先輸入號碼，然後按井號。", "請輸入身份證號碼，再按井號。字母按星號、所在按鍵及次序，例如A是星號二一。其他證件按零再按井號。"]
    said = heard(app, ["2", "3", "1", "#"])  # a change: the identity card number of the appointment
    assert said[-2] == "没有输入号码。请先输入号码，然后按井号。"



SQUATTED_DAY = dt.date(2026, 12, 7)
CANNOT_BOOK_SECOND = (
    "Sorry, applicant two cannot be booked by phone, so nothing has been booked yet. The enquiry hotline, two eight "
    "two four, six one one one, can help during office hours."
)
REFUSED_SECOND = (
    "To enter another document for applicant two, press 1. To go on without applicant two, press 2. "
    "To return to the main menu, press 3."
)
NO_REMINDER = "The date is too near for an SMS reminder."
REGROUPED = "Now booking for one applicant, at Hong Kong Office, on Tuesday the twenty-fourth of November at eight forty-five a.m."
CONFIRM_FOR_TWO = "Your code is one, two, three, four. 1: book. 3: change the code. 4: start again."


def _group_with_a_squatted_second(app) -> list[str]:
    """Keys of a booking for two whose second document is booked under another birth date, up to its confirmation."""
    squatted = hkid(500022)
    book_ahead(app, squatted, SQUATTED_DAY)  # booked with the birth date 5th 1985
    keys = booking_keys("3", [hkid(500021), squatted])[:-2]  # up to the confirmation, not yet pressed
    at = keys.index(keypad(squatted))
    keys[at + 1:at + 3] = ["28", "1990"]  # the real owner's birth date: the line cannot say it is booked
    return keys


def test_star_at_a_refusal_repeats_why_as_well_as_the_choices(app):
    said = heard(app, _group_with_a_squatted_second(app) + ["1", "*"])
    assert said[-4:] == [CANNOT_BOOK_SECOND, REFUSED_SECOND] * 2
    # A document with an appointment of its own: why, then the choices, again.
    number = hkid(500024)
    heard(app, booking_keys("3", [number]))
    said = heard(app, START + ["1"] + applicant_keys(number) + ["*"])
    assert said[-2].startswith("This document already has an appointment") and said[-4:-2] == said[-2:]


@pytest.mark.parametrize("choice, then, after, applicants", [
    # Another document for applicant 2: keyed and read back, then the confirmation again.
    ("1", [keypad(hkid(500023)), "05", "1985", "1", "1", "wait"],
     ["Applicant two: the identity card number, then hash.", "Day of birth, two digits."], (500021, 500023)),
    # On without applicant 2: who, where and when is now booked, then the confirmation again ("no
    # reminder" was said already, before the first).
    ("2", ["1", "wait"], [REGROUPED, CONFIRM_FOR_TWO], (500021,)),
    ("3", [], ["1: book. 2, 3 or 4: check, change or cancel. 5: offices. "
               "6: other information."], ()),
], ids=["another document", "without applicant 2", "main menu"])
def test_a_document_refused_at_the_confirmation_costs_only_its_own_place(app, choice, then, after, applicants):
    said = heard(app, _group_with_a_squatted_second(app) + ["1", choice, *then])
    confirm = said.index(CONFIRM_FOR_TWO)
    assert said[confirm + 1:confirm + 3 + len(after)] == [CANNOT_BOOK_SECOND, REFUSED_SECOND, *after]
    assert not any("already has an appointment" in text for text in said)  # never said to another birth date
    assert said.count(NO_REMINDER) == 1
    ledger = ledger_of(app)
    made = [booking for booking in ledger.roster("HKO", FIRST_DAY) if booking.active]
    assert [(booking.time, booking.applicants) for booking in made] == ([("08:45", len(applicants))] if applicants else [])
    assert all(ledger.holds_active_booking("hkid", hkid(serial)) for serial in applicants)
    assert [booking.day for booking in ledger.roster("HKO", SQUATTED_DAY)] == [SQUATTED_DAY]  # the squatter's, untouched
    if applicants:
        together = "The applicant must come in person." if len(applicants) == 1 else "The two applicants must come together."
        assert said[-2].startswith("Booked: Tuesday the twenty-fourth of November at eight forty-five a.m.")
        assert together in said[-2]

"""Callers who wander off the script: `#` back through a booking, start again, a refused applicant."""
import json

import pytest

from tests.documents import hkid
from tests.ivr.calls import applicant_keys, booking_keys, call, heard, keypad

APOLOGY = "Sorry, the booking line has a technical problem."
BIRTH_CONFIRM = ", born on the fifth, nineteen eighty. Press 1 if correct, 2 to change the number, 3 the birth date."
MAIN_MENU = "1: book."
HOW_MANY = "How many applicants? Press 1 to 4."
CONFIRM = "Your code is "


def _no_apology(said):
    assert not [text for text in said if APOLOGY in text or "技術問題" in text or "技术问题" in text]


@pytest.mark.parametrize("language, confirm", [("1", "，五號出生，一九八零年。"), ("2", "，五号出生，一九八零年。"), ("3", BIRTH_CONFIRM)])
def test_hash_at_the_application_type_returns_to_the_read_back(app, language, confirm):
    # The keys of the report: one applicant, then `#` at "Which application?".
    said = heard(app, [language, "1", "1", "*211234563#", "05", "1980", "1", "#"])
    _no_apology(said)
    assert confirm in said[-1]


def test_hash_at_applicant_two_returns_to_applicant_one_and_the_booking_goes_on(app, runner):
    first, second = hkid(610001), hkid(610002)
    keys = ["3", "1", "2"] + applicant_keys(first, year="1980") + ["0", "#"]  # applicant two: another document, then back
    said = heard(app, keys)
    _no_apology(said)
    assert said[-2] == (
        "For a Hong Kong identity card, press 1. For a Hong Kong birth certificate registered on or after the sixth "
        "of November 1995, press 2. For a travel document, press 3."
    )
    assert said[-1].endswith(BIRTH_CONFIRM)
    # Confirming again keeps applicant one once, and applicant two follows.
    transcript = call(app, keys + ["1"] + applicant_keys(second) + ["6", "1", "1", "1234", "1", "wait"])
    _no_apology(transcript.heard)
    assert "The two applicants must come together." in transcript.heard[-2]
    result = runner.invoke(args=["bookings", "list", "--date", "2026-11-24", "--json"])
    assert '"applicants": 2' in result.output


def _to_confirmation(numbers):
    return booking_keys("3", numbers)[:-2]


def test_start_again_then_hash_hash_reaches_the_main_menu_not_the_old_confirmation(app):
    keys = _to_confirmation([hkid(620001)]) + ["4", "1", "0", "#"]  # start again, one applicant, another document, back
    said = heard(app, keys)
    _no_apology(said)
    assert said[-1].startswith(HOW_MANY)
    said = heard(app, keys + ["#"])
    _no_apology(said)
    assert said[-1].startswith(MAIN_MENU)


def test_one_hash_after_start_again_does_not_return_to_the_old_confirmation(app, runner):
    said = heard(app, _to_confirmation([hkid(620002)]) + ["4", "#", "1"])
    _no_apology(said)
    assert said[-2].startswith(MAIN_MENU)
    assert said[-1].startswith(HOW_MANY)
    assert not [text for text in said[-3:] if text.startswith(CONFIRM)]
    result = runner.invoke(args=["bookings", "list", "--date", "2026-11-24", "--json"])
    assert result.output.strip() == "[]"


REFUSED = (
    "This document already has an appointment, and each person can hold only one. "
    "To change the existing appointment, choose 3 in the main menu."
)
REFUSED_MENU = (
    "To enter another document for applicant two, press 1. To go on without applicant two, press 2. "
    "To return to the main menu, press 3."
)


def _refused_second(app, runner):
    booked = hkid(630002)
    heard(app, booking_keys("3", [booked]))
    # Whether a document is booked is said only after its matching birth date (SPEC §2).
    return ["3", "1", "2"] + applicant_keys(hkid(630001)) + applicant_keys(booked)


def _roster(runner):
    result = runner.invoke(args=["bookings", "list", "--date", "2026-11-24", "--json"])
    return json.loads(result.output)


def test_applicant_two_already_booked_keeps_applicant_one(app, runner):
    keys = _refused_second(app, runner)
    said = heard(app, keys)
    _no_apology(said)
    assert said[-2:] == [REFUSED, REFUSED_MENU]
    # Another document for applicant two: a booking for two.
    said = heard(app, keys + ["1", "1", keypad(hkid(630003)), "05", "1985", "1", "6", "1", "1", "1234", "1", "wait"])
    assert said[-2].startswith("Booked: ")
    assert sorted(entry["applicants"] for entry in _roster(runner)) == [1, 2]


def test_go_on_without_the_refused_applicant(app, runner):
    said = heard(app, _refused_second(app, runner) + ["2", "6", "1", "1", "1234", "1", "wait"])
    _no_apology(said)
    assert said[-3].startswith(CONFIRM)
    assert said[-2].startswith("Booked: ") and "The applicant must come in person." in said[-2]
    assert [entry["applicants"] for entry in _roster(runner)] == [1, 1]


def test_a_refused_applicant_may_return_to_the_main_menu(app, runner):
    said = heard(app, _refused_second(app, runner) + ["3"])
    assert said[-1].startswith(MAIN_MENU)


def test_the_same_document_twice_offers_the_same_choices(app):
    number = hkid(640001)
    said = heard(app, ["3", "1", "2"] + applicant_keys(number) + [keypad(number)])  # refused at once
    assert said[-2:] == [
        "Sorry, this document number was already entered for applicant one. Each applicant needs their own document.",
        REFUSED_MENU,
    ]


def test_the_only_applicant_refused_is_not_offered_to_go_on_without(app):
    booked = hkid(650001)
    heard(app, booking_keys("3", [booked]))
    said = heard(app, ["3", "1", "1"] + applicant_keys(booked))
    assert said[-1] == "To enter another document, press 1. To return to the main menu, press 3."
    said = heard(app, ["3", "1", "1"] + applicant_keys(booked) + ["2"])
    assert said[-3] == "Sorry, that key is not one of the choices."


def test_hash_at_the_main_menu_returns_to_the_language_menu(app):
    said = heard(app, ["3", "#"])
    assert said[-3:] == said[:3]  # the language menu, in the three languages
    assert said[-1] == "For English, press 3."


def test_silence_after_a_wrong_key_is_not_called_still_no_key(app):
    said = heard(app, ["3", "8", ""])
    assert said[-6] == "Sorry, that key is not one of the choices."
    assert said[-3] == "Sorry, I did not hear a key."
    said = heard(app, ["3", "", ""])
    assert said[-3] == "Sorry, I still did not hear a key."


def test_the_document_number_waits_longer_between_keys_than_a_menu(app):
    from phone.call import Call
    from phone.transports import FlaskTransport

    gathers = []
    transport = FlaskTransport(app.test_client())
    post = transport.post

    def recording(path, form, headers):
        status, body = post(path, form, headers)
        gathers.append(body)
        return status, body

    transport.post = recording
    Call(transport).run(["3", "1", "1", "*21"])  # one applicant, then part of a document number
    menu_timeout = app.config["GATHER_TIMEOUT_SECONDS"]
    assert f'timeout="{menu_timeout}"' in gathers[2]  # the number of applicants (after the language and main menus)
    assert 'timeout="10"' in gathers[3]  # the document number


LANGUAGE_HELP = [
    "請用電話按鍵選擇，例如按一。按星號或井號重聽選項。",
    "请用电话按键选择，例如按一。按星号或井号重听选项。",
    "Press the number of your choice on the phone keypad, for example 1. Press star or hash to hear the choices again.",
]


def test_the_language_menu_help_says_what_hash_does_there(app):
    said = heard(app, ["", "#"])
    menu = said[:3]
    # Silence: the apology, then the help in the three languages; it promises no way back.
    assert said[6:9] == LANGUAGE_HELP and said[9:12] == menu
    assert said[-3:] == menu  # `#` at the language menu repeats it, as the help says

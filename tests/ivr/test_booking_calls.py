"""Make an appointment by phone, end to end (SPEC §4.3), in the three languages."""
import datetime as dt

import pytest

from booking.calendar import window_days
from phone import Call, FlaskTransport
from store import keys
from store.connection import redis_of
from tests.booking.conftest import applicants, request
from tests.documents import hkid
from tests.ivr.calls import FIRST_DAY, booking_keys, call, heard, keypad, later_time_keys, roster

QUOTA = 10  # places per slot at every office (data/offices.json)

BOOKED_ENGLISH = (
    "Booked: Tuesday the twenty-fourth of November at eight forty-five a.m., Hong Kong Office, eighth floor, "
    "Immigration Tower, 7 Gloucester Road, Wan Chai, Hong Kong. Reference one, zero, zero, zero, zero, zero, "
    "zero, one. These details follow by SMS. The applicant must come in person. Bring the original supporting "
    "documents. Star repeats this."
)


def test_english_booking_for_one_applicant(app, runner):
    transcript = call(app, booking_keys("3", [hkid(123456)]))
    said = transcript.heard
    assert said[6] == (
        "Identity card number, then hash. A letter is star, its key, then its place on the key: A is star 2 1. "
        "Another document: 0, then hash."
    )
    assert said[7:9] == ["Day of birth, two digits.", "Year of birth, four digits."]
    assert said[9] == (
        "A, one, two, three, four, five, six, bracket three, born on the fifth, nineteen eighty-five. "
        "Press 1 if correct, 2 to change the number, 3 the birth date."
    )
    assert (
        "Earliest at Hong Kong Office: Tuesday the twenty-fourth of November at eight forty-five a.m. "
        "1: take it. 2: another time. 3: the next date. 4: key a date." in said
    )
    # Tomorrow is too near for a reminder: the caller hears so, and the confirmation offers none.
    assert said[-4] == "The date is too near for an SMS reminder."
    assert said[-3] == "Your code is one, two, three, four. 1: book. 3: change the code. 4: start again."
    assert said[-2:] == [BOOKED_ENGLISH, "Thank you for calling. Goodbye."]
    assert transcript.ended_by == "hangup"
    assert transcript.keys_pressed <= 30
    [entry] = roster(runner)
    assert entry == {"reference": "10000001", "office": "HKO", "date": "2026-11-24", "time": "08:45",
                     "applicants": 1, "status": "active", **_rest(entry)}


def test_star_repeats_the_booking_read_back_and_hash_returns_to_the_main_menu(app, runner):
    keys = booking_keys("3", [hkid(123457)])
    said = heard(app, keys[:-1] + ["*", "#"])
    assert said[-3] == said[-2] == BOOKED_ENGLISH
    assert said[-1].startswith("1: book.")
    assert len(roster(runner)) == 1


def test_another_document_type_by_key_0(app, runner):
    keys = ["3", "1", "1", "0", "2", keypad(hkid(123458, "B")), "05", "2015", "1", "6", "1", "1", "1234", "1"]
    said = heard(app, keys)
    assert said[7] == (
        "For a Hong Kong identity card, press 1. For a Hong Kong birth certificate registered on or after the sixth "
        "of November 1995, press 2. For a travel document, press 3."
    )
    assert said[8] == "Applicant one: the birth certificate number, then hash."
    assert said[-1].startswith("Booked: Tuesday the twenty-fourth of November")
    assert app.extensions["ledger"].holds_active_booking("birth_cert", hkid(123458, "B"))


def test_key_3_at_the_read_back_re_enters_only_the_birth_date(app):
    keys = ["3", "1", "1", keypad(hkid(123459)), "05", "1958", "3", "05", "1985"]
    said = heard(app, keys)
    assert said[-1] == (
        "A, one, two, three, four, five, nine, bracket " + said[-1].split("bracket ")[1].split(",")[0] +
        ", born on the fifth, nineteen eighty-five. Press 1 if correct, 2 to change the number, 3 the birth date."
    )


READ_BACK_KEYS = "Press 1 if correct, 2 to change the number, 3 the birth date."
READ_BACK = ", born on the {day}, nineteen eighty-{year}. " + READ_BACK_KEYS


def test_key_2_at_the_read_back_re_enters_only_the_number(app):
    wrong, right = hkid(123461), hkid(123462)
    keys = ["3", "1", "1", keypad(wrong), "05", "1985", "2", keypad(right) + "#"]
    said = heard(app, keys + ["1", "6", "1", "1", "1234", "1"])
    at = said.index("Applicant one: the identity card number, then hash.")
    # The new number is read back with the birth date kept: the day of birth is not asked again.
    assert said[at + 1].startswith("A, one, two, three, four, six, two, bracket ")
    assert said[at + 1].endswith(", born on the fifth, nineteen eighty-five. " + READ_BACK_KEYS)
    assert said.count("Day of birth, two digits.") == 1
    assert said[-1].startswith("Booked:")
    ledger = app.extensions["ledger"]
    assert ledger.holds_active_booking("hkid", right) and not ledger.holds_active_booking("hkid", wrong)


GROUP = ((hkid(130001), "01", "1981", "first", "one"), (hkid(130002), "02", "1982", "second", "two"),
         (hkid(130003), "03", "1983", "third", "three"))


def test_hash_at_a_later_read_back_goes_back_one_applicant_and_keeps_the_others(app, runner):
    keyed = [key for number, day, year, *_ in GROUP for key in (keypad(number), day, year, "1")]
    said = heard(app, ["3", "1", "3", *keyed[:-1], "#", "1", keypad(GROUP[0][0]) + "#"])
    # `#` at applicant three's read-back: applicant two's read-back, as it was said.
    assert said[-4].endswith(READ_BACK.format(day="second", year="two"))
    assert said[-3] == "Applicant three: the identity card number, then hash."
    # Applicants one and two are still kept: applicant one's document is refused for applicant three.
    assert said[-2].startswith("Sorry, this document number was already entered for applicant one.")


def test_hash_from_the_application_type_goes_back_one_read_back_at_a_time(app, runner):
    keyed = [key for number, day, year, *_ in GROUP for key in (keypad(number), day, year, "1")]
    # Back to applicant one's read-back, as it was: 1 takes applicant one, then two and three again.
    said = heard(app, ["3", "1", "3", *keyed, "#", "#", "#", "1", *keyed[4:], "6", "1", "1", "1234", "1"])
    at = next(index for index, text in enumerate(said) if text.startswith("Which application?"))
    assert said[at + 1].endswith(READ_BACK.format(day="third", year="three"))
    assert said[at + 2].endswith(READ_BACK.format(day="second", year="two"))
    assert said[at + 3].endswith(READ_BACK.format(day="first", year="one"))
    assert said[at + 4] == "Applicant two: the identity card number, then hash."
    assert said[-1].startswith("Booked:")
    # Nothing was thrown away: the three applicants are booked.
    [entry] = roster(runner)
    assert entry["applicants"] == 3


def _rest(entry):
    """Fields of a roster entry beyond those the SPEC names (kept as they are)."""
    named = {"reference", "office", "date", "time", "applicants", "status"}
    return {key: value for key, value in entry.items() if key not in named}


@pytest.mark.parametrize(
    "language, date_words, time_words, together",
    [
        ("1", "十一月二十四號星期二", "上午八時四十五分", "四位申請人須一同前來。"),
        ("2", "十一月二十四号星期二", "上午八点四十五分", "四位申请人须一同前来。"),
        ("3", "Tuesday the twenty-fourth of November", "eight forty-five a.m.", "The four applicants must come together."),
    ],
)
def test_booking_for_four_applicants_in_each_language(app, runner, language, date_words, time_words, together):
    numbers = [hkid(200000 + n, prefix) for n, prefix in enumerate("ABCZ")]
    said = heard(app, booking_keys(language, numbers))
    booked = said[-2]
    assert date_words in booked and time_words in booked and together in booked
    assert "10000001" not in booked  # the reference is read digit by digit
    [entry] = roster(runner)
    assert (entry["applicants"], entry["time"], entry["status"]) == (4, "08:45", "active")


@pytest.mark.parametrize("language, reference", [("1", "一、零、零、零、零、零、零、一"), ("2", "一、零、零、零、零、零、零、一")])
def test_chinese_booking_for_one_applicant(app, runner, language, reference):
    said = heard(app, booking_keys(language, [hkid(300001, "G")]))
    assert reference in said[-2]
    assert roster(runner)[0]["applicants"] == 1


def test_two_callers_race_for_the_last_place(app, runner):
    """Both reach the confirmation with one place left; one books it, the other picks another time."""
    ledger = app.extensions["ledger"]
    for _ in range(3):  # nine of the ten places at 08:45
        ledger.book(request(applicants(3), day=FIRST_DAY, time="08:45"), idempotency_key=f"fill-{_}")
    winner_keys = booking_keys("3", [hkid(400001)])
    loser_keys = booking_keys("3", [hkid(400002)])[:-1] + ["1", "1", "1", "1"]  # 9 a.m., its first time, take it

    class RaceTransport(FlaskTransport):
        """Lets the other caller confirm first, just before this caller confirms."""

        def post(self, path, form, headers):
            if path.endswith(f"t={len(loser_keys) - 5}"):
                call(app, winner_keys)
            return super().post(path, form, headers)

    loser = Call(RaceTransport(app.test_client()), from_number="+85298765432").run(loser_keys)
    said = loser.heard
    taken = said.index("Sorry, another caller has just taken the last places at that time. Please choose another time.")
    assert said[taken + 1:taken + 3] == ["On Tuesday the twenty-fourth of November, from which hour?", "From nine a.m., press one."]
    assert said[-3].startswith("Tuesday the twenty-fourth of November at nine a.m. Press 1 to take it")
    # Back at the confirmation, "no reminder for so near a date" is not said again for the same day.
    assert said[-2].startswith("Your code is one, two, three, four.")
    assert said.count("The date is too near for an SMS reminder.") == 1
    assert said[-1].startswith("Booked: Tuesday the twenty-fourth of November at nine a.m.")
    times = sorted((entry["time"], entry["applicants"]) for entry in roster(runner))
    assert times == [("08:45", 1), ("08:45", 3), ("08:45", 3), ("08:45", 3), ("09:00", 1)]


@pytest.mark.parametrize("language, closed_notice", [
    ("3", "Sorry, the office has just been closed on that day, so it cannot be booked. "
          "Here is the earliest date that still has places."),
    ("1", "對不起，辦事處剛剛宣佈那天關閉，未能預約。以下是最早仍有名額的日期。"),
])
def test_a_day_closed_by_staff_before_the_confirmation_is_said_as_closed_not_taken(app, runner, language, closed_notice):
    """Staff close the office on the chosen day while the caller listens to the summary: the
    caller hears the closure (not that another caller took the places) and the next date."""
    keys = booking_keys(language, [hkid(400101)])[:-1] + ["1", "1", "1"]  # the next date offered, taken, confirmed

    class ClosingTransport(FlaskTransport):
        """Closes the office on the chosen day just before the caller confirms."""

        def post(self, path, form, headers):
            if path.endswith(f"t={len(keys) - 4}"):
                assert runner.invoke(args=["offices", "close", "HKO", "--date", FIRST_DAY.isoformat()]).exit_code == 0
            return super().post(path, form, headers)

    said = Call(ClosingTransport(app.test_client()), from_number="+85298765433").run(keys).heard
    assert closed_notice in said and not any("another caller" in line or "另一位來電者" in line for line in said)
    offer = said[said.index(closed_notice) + 1]
    assert "Wednesday the twenty-fifth of November at eight forty-five" in offer or "十一月二十五號星期三上午八時四十五分" in offer
    assert roster(runner) == []  # nothing booked on the closed day
    [booked] = roster(runner, FIRST_DAY + dt.timedelta(days=1))
    assert (booked["office"], booked["time"]) == ("HKO", "08:45")


def test_any_time_of_the_day_is_three_keys_away_at_most(app, runner):
    """The hour, then the time: one page of hours (the ninth, the last, is key 9), never pages of times."""
    keys = booking_keys("3", [hkid(600001)], time=["2", "9", "2", "1"])  # other time, 4 p.m., 16:15
    said = heard(app, keys)
    hours = said.index("On Tuesday the twenty-fourth of November, from which hour?")
    assert said[hours + 1:hours + 10] == [
        "From eight forty-five a.m., press one.", "From nine a.m., press two.", "From ten a.m., press three.",
        "From eleven a.m., press four.", "From twelve noon, press five.", "From one p.m., press six.",
        "From two p.m., press seven.", "From three p.m., press eight.", "From four p.m., press nine.",
    ]
    assert said[hours + 10:hours + 13] == ["Which time?", "At four p.m., press one.", "At four fifteen p.m., press two."]
    assert "For more choices, press nine." not in said
    assert [entry["time"] for entry in roster(runner)] == ["16:15"]


@pytest.mark.parametrize("time", ["08:45", "11:30", "15:00"])
def test_a_later_time_is_the_hour_then_the_time(app, runner, time):
    heard(app, booking_keys("3", [hkid(600002)], time=later_time_keys(time)))
    assert [entry["time"] for entry in roster(runner)] == [time]


def test_hash_after_the_next_dates_goes_back_to_the_office_menu(app, runner):
    # "The next date" pages within the date offer, as "more" pages a menu: # leaves every page
    # for the menu before it, said as it was there, and the earliest offer is made again.
    keys = booking_keys("3", [hkid(123458)])
    to_offer = keys[: keys.index("6") + 2]  # up to the office
    said = heard(app, to_offer + ["3", "3", "3", "#"])
    offices = said[len(said) - 6:]
    assert offices[0] == "Which office?" and offices == said[-16:-10]
    assert [text[:5] for text in said[-10:-6]] == ["Earli", "Next:", "Next:", "Next:"]
    said = heard(app, to_offer + ["3", "#", "1", "1", "1234", "1", "wait"])
    assert said[-12:-6] == offices
    assert said[-6].startswith("Earliest at Hong Kong Office: Tuesday the twenty-fourth of November at eight forty-five a.m.")
    assert said[-2].startswith("Booked: Tuesday the twenty-fourth of November at eight forty-five a.m.")
    assert [(entry["date"], entry["time"]) for entry in roster(runner)] == [("2026-11-24", "08:45")]


def _leave_one_place(app, days, office="HKO", time="08:45"):
    """Every general-hours slot of ``office`` on ``days`` full but one place at ``time`` on the first."""
    catalogue = app.extensions["catalogue"]
    with redis_of(app).pipeline(transaction=False) as pipe:
        for day in days:
            times = set(catalogue.office(office).phone_times(day, "old_card"))
            if times:
                pipe.hset(keys.slot_usage(office, day.isoformat()), mapping=dict.fromkeys(times, QUOTA))
        pipe.hset(keys.slot_usage(office, days[0].isoformat()), time, QUOTA - 1)
        pipe.execute()


def _interrupted(app, keys_: list[str], before_turn: int, meanwhile) -> list[str]:
    """A call in which ``meanwhile()`` happens just before the webhook of turn ``before_turn``; what it heard."""

    class RaceTransport(FlaskTransport):
        def post(self, path, form, headers):
            if path.endswith(f"t={before_turn}"):
                meanwhile()
            return super().post(path, form, headers)

    return Call(RaceTransport(app.test_client()), from_number="+85298765432").run(keys_).heard


def _lose_the_race(app, after_confirm: list[str]) -> list[str]:
    """A caller confirms the last place just after another caller booked it; what the loser heard."""
    keys_ = booking_keys("3", [hkid(400012)])[:-1] + after_confirm

    def other_caller_books():
        assert call(app, booking_keys("3", [hkid(400011)])).heard[-2].startswith("Booked: ")

    return _interrupted(app, keys_, len(keys_) - len(after_confirm) - 1, other_caller_books)


def _after_confirm(said: list[str]) -> list[str]:
    confirm = min(i for i, text in enumerate(said) if text.startswith("Your code is one, two, three, four."))
    return said[confirm + 1:]


def test_losing_the_last_place_of_a_day_leads_to_the_earliest_date_with_places(app, runner):
    _leave_one_place(app, [FIRST_DAY])
    said = _after_confirm(_lose_the_race(app, ["1", "1", "wait"]))
    assert said[:2] == [
        "Sorry, another caller has just taken the last places on that day. Here is the earliest date that still has places.",
        "Earliest at Hong Kong Office: Wednesday the twenty-fifth of November at eight forty-five a.m. 1: take it. 2: another time. "
        "3: the next date. 4: key a date.",
    ]
    assert sum(text.startswith("Sorry") for text in said) == 1
    assert said[-2].startswith("Booked: Wednesday the twenty-fifth of November at eight forty-five a.m., Hong Kong Office")
    days = [(entry["date"], entry["time"]) for day in (FIRST_DAY, FIRST_DAY + dt.timedelta(days=1)) for entry in roster(runner, day)]
    assert days == [("2026-11-24", "08:45"), ("2026-11-25", "08:45")]


def test_losing_the_last_place_of_an_office_offers_only_offices_with_places(app, runner):
    ledger = app.extensions["ledger"]
    _leave_one_place(app, window_days(ledger.today()))
    said = _after_confirm(_lose_the_race(app, ["1", "1", "1", "wait"]))
    assert said[:6] == [
        "Sorry, another caller has just taken the last places at this office for all your applicants in the booking "
        "period. Please choose another office.",
        "Which office?", "Kowloon Office, press one.", "Tseung Kwan O Office, press two.", "Tuen Mun Office, press three.",
        "Yuen Long Office, press four.",
    ]
    assert sum(text.startswith("Sorry") for text in said) == 1
    assert said[6].startswith(
        "Earliest at Kowloon Office: Tuesday the twenty-fourth of November at eight forty-five a.m.")
    assert said[-2].startswith("Booked: Tuesday the twenty-fourth of November at eight forty-five a.m., Kowloon Office")
    assert sorted(entry["office"] for entry in roster(runner)) == ["HKO", "KO"]
    assert ledger.offices_with_places(["HKO", "KO"], "old_card", 1) == {"KO"}


def test_a_day_that_fills_while_the_caller_chooses_its_time_leads_to_the_earliest_date(app, runner):
    _leave_one_place(app, [FIRST_DAY])
    keys_ = booking_keys("3", [hkid(400013)], time=["2", "1"])  # another time (the day fills first), take the offer

    def day_fills():
        redis_of(app).hset(keys.slot_usage("HKO", FIRST_DAY.isoformat()), "08:45", QUOTA)

    said = _interrupted(app, keys_, keys_.index("2"), day_fills)  # just before the offer's "2" (another time)
    offer = said.index(next(text for text in said if text.startswith("Earliest at")))
    assert said[offer + 1:offer + 3] == [
        "Sorry, that day has just filled up. Here is the earliest date that still has places.",
        "Earliest at Hong Kong Office: Wednesday the twenty-fifth of November at eight forty-five a.m. 1: take it. 2: another time. "
        "3: the next date. 4: key a date.",
    ]
    assert sum(text.startswith("Sorry") for text in said) == 1
    assert said[-2].startswith("Booked: Wednesday the twenty-fifth of November at eight forty-five a.m.")
    assert roster(runner) == [] and [entry["time"] for entry in roster(runner, FIRST_DAY + dt.timedelta(days=1))] == ["08:45"]

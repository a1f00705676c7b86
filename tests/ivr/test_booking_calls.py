"""Make an appointment by phone, end to end (SPEC §4.3), in the three languages."""
import datetime as dt
import json

import pytest

from phone import Call, FlaskTransport
from tests.booking.conftest import applicants, request
from tests.documents import hkid
from tests.ivr.calls import booking_keys, call, heard

FIRST_DAY = dt.date(2026, 11, 24)  # the clock says Monday 2026-11-23: day 1 is Tuesday

BOOKED_ENGLISH = (
    "Your appointment is booked. Your reference number is one, zero, zero, zero, zero, zero, "
    "zero, one. Please come to Hong Kong Office, eighth floor, Immigration Tower, 7 Gloucester Road, Wan "
    "Chai, Hong Kong, on Tuesday the twenty-fourth of November at eight forty-five a.m. The "
    "applicant must come in person. Bring the original supporting documents. Your reference "
    "number again: one, zero, zero, zero, zero, zero, zero, one."
)


def roster(runner, day=FIRST_DAY):
    result = runner.invoke(args=["bookings", "list", "--date", day.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_english_booking_for_one_applicant(app, runner):
    transcript = call(app, booking_keys("3", [hkid(123456)]))
    said = transcript.heard
    assert "You entered A, one, two, three, four, five, six, bracket " in said[8]
    assert said[10] == "Enter the year of birth as four digits. For example, 1 9 8 5."
    assert said[11] == "Born on the fifth, in nineteen eighty-five. If this is correct, press 1. To enter it again, press 2."
    assert (
        "At Hong Kong Office, there are places for all applicants on Tuesday the "
        "twenty-fourth of November." in " ".join(said)
    )
    assert "For eight forty-five a.m., press one." in said
    assert said[-3] == (
        "Please check: one applicant, at Hong Kong Office, on Tuesday the twenty-fourth of November at "
        "eight forty-five a.m., without a reminder. To confirm this appointment, press 1. To start again, press 2."
    )
    assert said[-2:] == [BOOKED_ENGLISH, "Thank you for calling. Goodbye."]
    assert transcript.ended_by == "hangup"
    assert roster(runner) == [
        {"reference": "10000001", "office": "HKO", "date": "2026-11-24", "time": "08:45",
         "applicants": 1, "status": "active", **_rest(roster(runner)[0])}
    ]


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
    """Both reach the summary with one place left; one books it, the other picks another time."""
    ledger = app.extensions["ledger"]
    for _ in range(3):  # nine of the ten places at 08:45
        ledger.book(request(applicants(3), day=FIRST_DAY, time="08:45"), idempotency_key=f"fill-{_}")
    winner_keys = booking_keys("3", [hkid(400001)])
    loser_keys = booking_keys("3", [hkid(400002)]) + ["1", "1"]

    class RaceTransport(FlaskTransport):
        """Lets the other caller confirm first, just before this caller confirms."""

        def post(self, path, form, headers):
            if path.endswith(f"t={len(loser_keys) - 3}"):
                call(app, winner_keys)
            return super().post(path, form, headers)

    loser = Call(RaceTransport(app.test_client()), from_number="+85298765432").run(loser_keys)
    said = loser.heard
    taken = said.index("Sorry, another caller has just taken the last places at that time. Please choose another time.")
    assert said[taken + 2] == "For nine a.m., press one."
    assert said[-3].startswith("Please check: one applicant, at Hong Kong Office, on Tuesday the twenty-fourth of November at nine a.m.")
    assert said[-2].startswith("Your appointment is booked.")
    times = sorted((entry["time"], entry["applicants"]) for entry in roster(runner))
    assert times == [("08:45", 1), ("08:45", 3), ("08:45", 3), ("08:45", 3), ("09:00", 1)]


def test_nine_hears_more_times_and_a_key_chooses_from_that_page(app, runner):
    keys = booking_keys("3", [hkid(600001)])
    keys[-4:-3] = ["9", "2"]  # at the time menu: more times, then the second of them
    said = heard(app, keys)
    more = said.index("For more choices, press nine.")
    assert said[more + 1:more + 6] == [
        "On Tuesday the twenty-fourth of November, these times are available.",
        "For nine forty-five a.m., press one.",
        "For ten a.m., press two.",
        "For ten fifteen a.m., press three.",
        "For ten thirty a.m., press four.",
    ]
    assert [entry["time"] for entry in roster(runner)] == ["10:00"]

"""Scripted calls for tests: the terminal phone driving the app in-process."""
import datetime as dt
import json

from booking.identity import encode_keypad as keypad
from phone import Call, FlaskTransport

HK_MOBILE = "+85291234567"
FIRST_DAY = dt.date(2026, 11, 24)  # the clock says Monday 2026-11-23 10:00: day 1 is Tuesday


def call(app, keys, from_number=HK_MOBILE, **options):
    """Make one call with the scripted ``keys``; the transcript of what happened."""
    return Call(FlaskTransport(app.test_client()), from_number=from_number, **options).run(keys)


def heard(app, keys, **options) -> list[str]:
    """Everything the caller heard, in order."""
    return call(app, keys, **options).heard


def applicant_keys(number: str, day: str = "05", year: str = "1985", doc_type: str | None = None) -> list[str]:
    """The keys that enter one applicant (an identity card unless ``doc_type``) and confirm the read-back."""
    other = ["0", doc_type] if doc_type else []
    return [*other, keypad(number), day, year, "1"]


def later_time_keys(time: str) -> list[str]:
    """The keys at the date offer that pick ``time`` ("HH:MM") of a weekday with every time free."""
    hours, minutes = map(int, time.split(":"))
    return ["2", str(hours - 8 + 1), str(1 if hours == 8 else minutes // 15 + 1), "1"]


def booking_keys(language: str, numbers: list[str], app_type: str = "6", office: str = "1",
                 time: str | list[str] = "1", code: str = "1234", reminder: str | None = None,
                 date: list[str] | None = None) -> list[str]:
    """A whole booking: language, main menu 1, applicants, type, office, the time offered (or
    ``time``: the keys from the date offer on; or ``date``: the keys that choose a date at the
    offer, then its first hour, first time, taken), the code, then the confirmation: ``reminder``
    (1 with, 2 without) when the reminder is offered, else 1; silence after the read-back ends
    the call."""
    keys = [language, "1", str(len(numbers))]
    for number in numbers:
        keys += applicant_keys(number)
    times = [*date, "1", "1", "1"] if date else [time] if isinstance(time, str) else list(time)
    return keys + [app_type, office, *times, code, reminder or "1", "wait"]


def roster(runner, day: dt.date = FIRST_DAY) -> list[dict]:
    """The day's bookings as staff list them (``bookings list --json``)."""
    result = runner.invoke(args=["bookings", "list", "--date", day.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)

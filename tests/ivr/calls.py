"""Scripted calls for tests: the terminal phone driving the app in-process."""
from booking.identity import encode_keypad as keypad
from phone import Call, FlaskTransport

HK_MOBILE = "+85291234567"


def call(app, keys, from_number=HK_MOBILE, **options):
    """Make one call with the scripted ``keys``; the transcript of what happened."""
    return Call(FlaskTransport(app.test_client()), from_number=from_number, **options).run(keys)


def heard(app, keys, **options) -> list[str]:
    """Everything the caller heard, in order."""
    return call(app, keys, **options).heard


def applicant_keys(number: str, day: str = "05", year: str = "1985", doc_type: str = "1") -> list[str]:
    """The keys that enter one applicant and confirm both read-backs."""
    return [doc_type, keypad(number), "1", day, year, "1"]


def booking_keys(language: str, numbers: list[str], app_type: str = "6", office: str = "1",
                 time: str = "1", code: str = "1234", reminder: str | None = None,
                 date: list[str] = ("1",)) -> list[str]:
    """A whole booking: language, main menu 1, applicants, type, office, date (default the first
    offered), a time, code; ``reminder`` answers the reminder question, which a near day skips."""
    keys = [language, "1", str(len(numbers))]
    for number in numbers:
        keys += applicant_keys(number)
    return keys + [app_type, office, *date, time, code, code, *([reminder] if reminder else []), "1"]

"""After a campaign of calls (bookings, enquiries, mistakes), no document number, birth date,
enquiry code (nor the calling number) is in clear anywhere in Redis or in the app's log output."""
import logging
from collections import Counter

from store.connection import redis_of
from supervision.calls import list_calls
from tests.documents import hkid
from tests.ivr.calls import HK_MOBILE, call, keypad
from tests.reliability.pii import Person, Secrets
from tests.supervision.test_privacy import every_value

TWO_LETTERS = Person("1", hkid(917305, "AB"), "29", "1967")
BIRTH_CERT = Person("2", hkid(864209, "C"), "13", "2011")
TRAVEL = Person("3", "KJ5027183", "31", "1973")
ONE_LETTER = Person("1", hkid(390462, "Z"), "07", "1988")
CODES = ["7394", "8261", "5170", "0715", "4826"]


def booking(language: str, people: list[Person], codes: list[str], reminder: str | None = None) -> list[str]:
    """A booking call: applicants, old-card replacement, first office, the time offered, the code
    (each further code after a ``3`` that changes it), then book; with ``reminder`` the date is
    keyed far enough ahead for the reminder choice (its first hour, first time, taken)."""
    keys = [language, "1", str(len(people))] + [key for person in people for key in person.keys()]
    changes = [key for code in codes[1:] for key in ("3", code)]
    date = ["4", "0712", "1", "1", "1"] if reminder else ["1"]
    return keys + ["6", "1", *date, codes[0], *changes, reminder or "1"]


def manage(language: str, menu_key: str, person: Person, code: str) -> list[str]:
    """Enquire (2), change (3) or cancel (4): the document, its read-back, the code."""
    return [language, menu_key, person.doc_type, keypad(person.number), "1", code]


UNKNOWN = Person("1", hkid(555555), "01", "1950")
CAMPAIGN = [
    booking("3", [TWO_LETTERS, BIRTH_CERT], [CODES[0]], reminder="1"),
    booking("1", [TRAVEL], [CODES[1]]),
    booking("2", [ONE_LETTER], [CODES[3], CODES[2]]),  # the code changed once at the confirmation
    booking("3", [TWO_LETTERS], [CODES[4]])[:7],  # a document that already has an appointment
    ["3", "1", "1", keypad(TWO_LETTERS.number)[:-2] + "9#", "1"],  # a wrong check digit, then silence
    manage("3", "2", TWO_LETTERS, CODES[0]) + ["1"],  # enquire, hear it again
    manage("1", "2", BIRTH_CERT, CODES[0]) + ["4"],  # enquire by the other applicant, reminder off
    *[manage("2", "2", TRAVEL, CODES[4])] * 5,  # wrong codes until the document locks
    manage("3", "3", UNKNOWN, CODES[3]),  # change: no such appointment
    manage("3", "4", ONE_LETTER, CODES[2]) + ["1"],  # cancel
]


def test_no_personal_data_in_clear_after_a_campaign(app, caplog):
    caplog.set_level(logging.DEBUG)
    transcripts = [call(app, keys) for keys in CAMPAIGN]
    outcomes = Counter(summary.outcome for summary in list_calls(redis_of(app)))
    assert (outcomes["booked"], outcomes["enquired"], outcomes["cancelled"]) == (3, 2, 1)
    assert "已被锁定二十四小时" in transcripts[11].heard[-2]  # the fifth wrong code locked it
    secrets = Secrets.of([TWO_LETTERS, BIRTH_CERT, TRAVEL, ONE_LETTER, UNKNOWN], CODES, phones=(HK_MOBILE,))
    assert secrets.leaks(" ".join(transcripts[0].heard))  # the scan sees what callers heard
    assert [value for value in every_value(redis_of(app)) if secrets.leaks(value)] == []
    assert secrets.leaks(caplog.text) == []

"""Keys and bookings shared by the enquire / change / cancel call tests."""
import datetime as dt

from booking.model import Applicant
from booking.extensions import ledger_of
from store import keys
from store.connection import redis_of
from tests.booking.conftest import request
from tests.ivr.calls import FIRST_DAY, booking_keys, heard, keypad

CODE = "7391"
ENQUIRE, CHANGE, CANCEL = "2", "3", "4"  # main-menu keys

DETAILS_HKO = (
    "Your appointment, reference number one, zero, zero, zero, zero, zero, zero, one: one applicant, "
    "at Hong Kong Office, eighth floor, Immigration Tower, 7 Gloucester Road, Wan Chai, Hong Kong, on Tuesday "
    "the twenty-fourth of November at eight forty-five a.m. No SMS reminder is set."
)
ENQUIRY_MENU = (
    "To hear the appointment again, press 1. To change it, press 2. To cancel it, press 3. "
    "To turn off the SMS reminder, press 4."
)
# Within three days of the appointment the reminder can no longer be switched: key 4 is not offered.
ENQUIRY_MENU_FIXED = ENQUIRY_MENU.replace(
    "To turn off the SMS reminder, press 4.", "The SMS reminder can no longer be changed for this appointment."
)
ENQUIRE_DOC_TYPE = (
    "Enquire about an appointment. You can use the document of any applicant on the appointment. For a "
    "Hong Kong identity card, press 1. For a Hong Kong birth certificate, press 2. For a travel document, press 3."
)
DOC_PROMPT = (
    "Enter the document number, then press hash. For a letter, press star, then the key with the letter, "
    "then the letter's place on that key."
)
CODE_PROMPT = "Enter the four-digit enquiry code you chose when booking."
NOT_FOUND = (
    "Sorry, we cannot find an appointment with this document number and enquiry code. "
    "To try again, press 1. To return to the main menu, press 2."
)
TOO_LATE = (
    "Sorry, an appointment can be changed or cancelled only up to the day before the appointment day. "
    "This appointment can no longer be changed or cancelled."
)


def identify(language: str, menu_key: str, number: str, code: str = CODE) -> list[str]:
    """Keys from the language menu to the enquiry code: document type, number, read-back, code."""
    return [language, menu_key, "1", keypad(number), "1", code]


def book(app, language: str, number: str) -> str:
    """Book the first time of the first day (tomorrow: too near for a reminder) at Hong Kong Office
    by phone; the reference."""
    said = heard(app, booking_keys(language, [number], code=CODE))
    assert said[-1] in ("多謝你的來電，再見。", "谢谢您的来电，再见。", "Thank you for calling. Goodbye.")
    [booking] = ledger_of(app).roster("HKO", FIRST_DAY)
    return booking.reference


def book_ahead(app, number: str, day: dt.date, phone: str | None = None) -> str:
    """Book a later day straight in the ledger, with the enquiry code CODE."""
    applicant = Applicant("hkid", number, 5, 1985)
    return ledger_of(app).book(request([applicant], day=day, time="09:00", code=CODE, phone=phone), number)


def places_taken(app, office: str, day: dt.date, time: str) -> int:
    """Places the ledger counts as taken in one slot."""
    return int(redis_of(app).hget(keys.slot_usage(office, day.isoformat()), time) or 0)

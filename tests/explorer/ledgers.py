"""The ledgers the explorer calls into: empty, and busy (an office full, a day full, documents
that are booked, locked, or booked for tomorrow)."""
import datetime as dt
from dataclasses import dataclass, field

from booking import calendar
from booking.errors import Locked, NotFound
from booking.identity import encode_keypad
from booking.model import APPLICATION_TYPES, Applicant, BookingRequest
from store import keys
from tests.documents import hkid

CODE = "1234"  # the enquiry code of every booking made here, and the one the explorer keys
FAILURES_TO_LOCK = 5
LETTER = "E"  # the explorer's documents: HKID numbers with their own letter


@dataclass(frozen=True)
class Ledger:
    """A named ledger state and the documents in it the explorer may key (as keypad entries)."""

    name: str
    documents: tuple[str, ...] = field(default=())
    squatted: str | None = None  # booked under another birth date than the explorer keys
    # After the enquiry code of the first document, the keys that choose its own office, date and
    # time again as a change (no change: the caller chooses again or keeps it).
    same_slot: tuple[str, ...] = ()


def empty(app) -> Ledger:
    """Nothing booked."""
    return Ledger("empty")


def busy(app) -> Ledger:
    """The first phone office full for the whole window, the second full on its first day, and
    four documents: booked in two weeks, booked and locked, booked for tomorrow, booked on a day
    its office is closed; and a fifth booked under another birth date (refused at the confirmation)."""
    ledger, catalogue = app.extensions["ledger"], app.extensions["catalogue"]
    today = ledger.today()
    days = calendar.window_days(today)
    first, second, third = catalogue.phone_offices_between(days[0], days[-1], "old_card")[:3]
    _fill(ledger.redis, first, days)
    _fill(ledger.redis, second, days[:1])
    booked, locked, tomorrow, closed, squatted = (hkid(serial, LETTER) for serial in range(900001, 900006))
    same_slot = ("3", "4", days[10].strftime("%d%m"), "1", "1", "1")  # the third office, its first time
    _book(ledger, booked, third, days[10])
    _book(ledger, locked, third, days[11])
    _book(ledger, tomorrow, third, days[0])
    _book(ledger, closed, third, days[12])
    _book(ledger, squatted, third, days[13], birth=(17, 1961))
    ledger.close_office(third.code, days[12])
    for _ in range(FAILURES_TO_LOCK):
        try:
            ledger.authenticate("hkid", locked, "0000")
        except (NotFound, Locked):
            pass
    return Ledger("busy", tuple(encode_keypad(number) for number in (booked, locked, tomorrow, closed)),
                  encode_keypad(squatted), same_slot)


def _fill(redis, office, days) -> None:
    """Every general-hours slot of ``office`` on ``days`` taken to its quota."""
    with redis.pipeline(transaction=False) as pipe:
        for day in days:
            times = {time for app_type in APPLICATION_TYPES for time in office.phone_times(day, app_type)}
            if times:
                pipe.hset(keys.slot_usage(office.code, day.isoformat()), mapping=dict.fromkeys(times, office.quota))
        pipe.execute()


def _book(ledger, number: str, office, day: dt.date, birth: tuple[int, int] = (5, 1985)) -> None:
    time = ledger.available_times(office.code, day, "old_card", 1)[0]
    request = BookingRequest((Applicant("hkid", number, *birth),), office.code, day, time, "old_card", CODE,
                             None, "en-GB")
    ledger.book(request, f"explorer:{number}")


LEDGERS = (empty, busy)

"""Whole scripted calls as the benchmarks make them: booking, enquiry and information.

Each booking needs documents nobody else holds (one active appointment per document), so
every caller draws HKID numbers from its own range of serial numbers. The line remembers the
language a calling number chose: an enquiry from the phone that booked skips the language
menu, and each information call comes from a number new to the line, which hears it.
"""
from dataclasses import dataclass
from typing import NamedTuple

from booking.identity import encode_keypad as keypad
from tests.ivr.calls import booking_keys
from tests.documents import hkid

SERIALS_PER_CALLER = 1_000  # more than any caller books in a benchmark; 26,000 callers fit the letters A-Z
ENGLISH, MAIN_ENQUIRE, HKID_CARD, CORRECT = "3", "2", "1", "1"
INFORMATION_KEYS = ("3", "5", "1", "#", "6", "2")
LINE_HANGS_UP, CALLER_HANGS_UP = "hangup", "caller"
# What each call hears once it has gone as planned (a call that took a wrong turn may still take
# every key and end as it should).
BOOKED, READ_BACK, PASSPORT_FEES = "Booked: ", "To hear the appointment again, press 1.", "HKSAR passport fees."


@dataclass(frozen=True)
class Booked:
    """What a caller keyed to book, and needs again to enquire; the phone they call from."""

    number: str
    code: str
    phone: str


class Script(NamedTuple):
    """A call's keys, one entry per prompt, who ends it when it goes as planned, who calls, and
    what the caller hears at its end when it went as planned."""

    kind: str
    keys: list[str]
    ended_by: str
    caller: str
    hears: str

    def went_as_planned(self, transcript) -> bool:
        """Whether the call took every key, heard what it came for and ended as planned."""
        return (len(transcript.turns) == len(self.keys) and transcript.ended_by == self.ended_by
                and any(self.hears in said for said in transcript.heard[-3:]))


def booking(booked: Booked, office: int = 1, time: int = 1) -> Script:
    """One English booking for one applicant: type 6, the office, the earliest date (too near for
    the reminder question), the first time of its ``time``-th hour with a free time."""
    keys = booking_keys(ENGLISH, [booked.number], office=str(office), time=["2", str(time), "1", "1"],
                        code=booked.code)
    return Script("booking", keys, LINE_HANGS_UP, booked.phone, BOOKED)


def enquiry(booked: Booked) -> Script:
    """An enquiry about a booking from the phone that made it (the line speaks the English it chose
    then); the caller hangs up once it is read back."""
    keys = [MAIN_ENQUIRE, HKID_CARD, keypad(booked.number), CORRECT, booked.code]
    return Script("enquiry", keys, CALLER_HANGS_UP, booked.phone, READ_BACK)


def information(phone: str) -> Script:
    """Office information (the first office), then passport fees, in English from ``phone``, a number
    new to the line; the caller hangs up."""
    return Script("information", list(INFORMATION_KEYS), CALLER_HANGS_UP, phone, PASSPORT_FEES)


class Documents:
    """The HKID numbers one caller books with, never shared with another caller."""

    def __init__(self, caller: int):
        self.next_serial = self.next_stranger = caller * SERIALS_PER_CALLER

    def draw(self) -> Booked:
        """A fresh document, an enquiry code for it, and a Hong Kong mobile number of its own.

        Each booking calls from its own number: the line limits identification attempts per
        calling number, and real callers are different people.
        """
        serial, self.next_serial = self.next_serial, self.next_serial + 1
        return Booked(hkid(serial), f"{serial % 10_000:04d}", f"+85291{serial % 1_000_000:06d}")

    def new_phone(self) -> str:
        """A Hong Kong mobile number that has never called the line (nor booked): someone new."""
        serial, self.next_stranger = self.next_stranger, self.next_stranger + 1
        return f"+85292{serial % 1_000_000:06d}"

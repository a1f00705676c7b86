"""Value objects of the booking domain: requests in, bookings out."""
import datetime as dt
from dataclasses import dataclass

# Keypad order of SPEC §4.3.3: key 1 is APPLICATION_TYPES[0], and so on.
APPLICATION_TYPES = (
    "first_registration",
    "replacement_11_18",
    "lost_damaged",
    "amendment",
    "immigration_status",
    "old_card",
)
# What office staff read for each type (the ids stay in --json), in the words of the line's menu.
APPLICATION_TYPE_LABELS = {
    "first_registration": "first registration",
    "replacement_11_18": "replacement at 11 or 18",
    "lost_damaged": "lost or damaged card",
    "amendment": "amendment",
    "immigration_status": "immigration status change",
    "old_card": "old card replacement",
}
MAX_APPLICANTS = 4
ACTIVE = "active"


@dataclass(frozen=True)
class Applicant:
    """One person on a booking as entered by the caller (never logged: see ``__repr__``)."""

    doc_type: str
    number: str
    birth_day: int
    birth_year: int

    def __repr__(self) -> str:
        # Dataclass reprs end up in logs and tracebacks: keep the number out of them.
        return f"Applicant(doc_type={self.doc_type!r}, number=<hidden>)"


@dataclass(frozen=True)
class BookingRequest:
    """Everything needed to book one slot for 1-4 applicants."""

    applicants: tuple[Applicant, ...]
    office: str
    day: dt.date
    time: str
    app_type: str
    enquiry_code: str
    reminder_phone: str | None
    language: str

    def __repr__(self) -> str:
        return (
            f"BookingRequest(office={self.office!r}, day={self.day.isoformat()}, "
            f"time={self.time!r}, applicants={len(self.applicants)})"
        )


@dataclass(frozen=True)
class Booking:
    """A stored appointment as the ledger returns it (documents masked)."""

    reference: str
    office: str
    day: dt.date
    time: str
    app_type: str
    applicants: int
    documents: tuple[str, ...]
    status: str
    reminder: bool
    language: str
    created_at: dt.datetime
    office_closed: bool = False  # staff closed its office on its day: it must be moved
    # The closure took the SMS reminder the caller had set: a move gives it back (lua/change.lua).
    reminder_held: bool = False

    @property
    def active(self) -> bool:
        """True unless cancelled."""
        return self.status == ACTIVE

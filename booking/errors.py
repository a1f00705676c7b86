"""Domain exceptions: the edge (IVR, CLI) turns them into spoken prompts or messages.

Messages never carry a document number, birth date or enquiry code: only indexes, reasons,
references and office codes.
"""


class BookingError(Exception):
    """Base of every booking-domain error."""


class CatalogueError(BookingError, ValueError):
    """The office data file is invalid (the message names the office and the field)."""


class UnknownOffice(BookingError, KeyError):
    """No office has this code."""

    def __init__(self, code: str):
        super().__init__(f"unknown office code {code!r}")
        self.code = code

    def __str__(self) -> str:
        # KeyError would otherwise print the repr of the message.
        return self.args[0]


class ClosureRefused(BookingError, ValueError):
    """Staff asked to close an office on a day it cannot be closed (the message says why)."""


class ClosureUnfinished(BookingError):
    """Every office asked is closed on ``day``, but the bookings of ``pending`` are not yet marked or told."""

    def __init__(self, day, pending: list[str]):
        super().__init__(f"offices {', '.join(pending)}: bookings on {day.isoformat()} not yet marked")
        self.day, self.pending = day, pending


class ReopeningUnfinished(BookingError):
    """The office is open again on ``day``, but some of its bookings may still carry the closure's mark."""

    def __init__(self, office: str, day):
        super().__init__(f"office {office}: bookings on {day.isoformat()} may still be marked closed")
        self.office, self.day = office, day


class InvalidRequest(BookingError, ValueError):
    """A request field is out of range (applicant count, enquiry code, language, ...)."""


class InvalidDocument(BookingError, ValueError):
    """A document number fails validation; ``reason`` is "format", "check_digit" or "keypad"."""

    def __init__(self, reason: str, index: int | None = None):
        where = "" if index is None else f" (applicant index {index})"
        super().__init__(f"invalid document number: {reason}{where}")
        self.reason = reason
        self.index = index


class InvalidKeypadEntry(InvalidDocument):
    """A keypad sequence that is not digits and ``*`` + key + position letters."""

    def __init__(self):
        super().__init__("keypad")


class InvalidBirthDate(BookingError, ValueError):
    """A day or year of birth out of range; ``field`` is "day" or "year"."""

    def __init__(self, field: str):
        super().__init__(f"invalid birth {field}")
        self.field = field


class DuplicateDocument(BookingError):
    """The same document appears twice in one booking request (0-based indexes)."""

    def __init__(self, first: int, second: int):
        super().__init__(f"applicant indexes {first} and {second} carry the same document")
        self.first = first
        self.second = second


class DocumentAlreadyBooked(BookingError):
    """An applicant's document already has an active appointment (0-based ``index``)."""

    def __init__(self, index: int):
        super().__init__(f"applicant index {index} already has an active appointment")
        self.index = index


class SlotFull(BookingError):
    """The slot's remaining quota does not cover every applicant."""


class SlotUnavailable(BookingError):
    """The slot is not offered: outside the window, not a working day, closed, not by phone."""


class OfficeClosed(SlotUnavailable):
    """Staff closed the office on that day: nothing booked or moved there, no reminder for it."""


class NotFound(BookingError):
    """No booking matches: unknown reference, unknown number or wrong code alike."""


class Locked(BookingError):
    """Too many failed enquiry codes for this document: locked until ``until``."""

    def __init__(self, until):
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


class BookingLocked(Locked):
    """Too many failed enquiry codes for the booking holding this document, whichever of its documents were keyed."""


class CallerLimited(Locked):
    """Too many requests of one kind (``purpose``: "identify", "lookup", "book") from one calling number (or
    from withheld numbers together): refused until ``until``."""

    def __init__(self, until, purpose: str | None = None):
        super().__init__(until)
        self.purpose = purpose


class CallLimited(BookingError):
    """A call from a withheld number has made as many requests of one kind as a call may."""


class TooLate(BookingError):
    """The change, cancellation or reminder change comes too close to the appointment."""


class NotActive(BookingError):
    """The booking was cancelled (or is past) and cannot be changed."""


class ReminderPhoneMissing(BookingError):
    """A reminder was asked for but no phone number is known for it."""


class Conflict(BookingError):
    """The booking kept changing under a concurrent request; the caller may retry."""

"""The ledger: appointments in Redis, each change one atomic Lua script (SPEC §2).

Calendar, catalogue and request checks run in Python first (they need no Redis); quota,
the one-active-appointment-per-document rule, closures and the record itself are checked
and written together inside one script, so concurrency can never oversell a slot.
"""
import datetime as dt
import logging
from typing import Callable

from booking import calendar
from booking.access import Access
from booking.availability import Availability
from booking.rate_limit import BOOK, DEFAULT_BOOKINGS_PER_NUMBER, caller_limit
from booking.errors import Conflict, NotActive, NotFound, TooLate
from booking.model import APPLICATION_TYPES, Booking, BookingRequest
from booking.office_model import Office
from booking.records import booking_of, document_keys, hold_seconds, new_record
from booking.reminder_schedule import due_score, reminder_changeable, reminder_possible
from booking.requests import check_request
from booking.scripts import Scripts, check, pairs
from booking.sealing import seal, unseal
from booking.staff import Reopening, Staff
from booking.unheard import Unheard, unheard_key
from store import keys

log = logging.getLogger(__name__)

REFERENCE_BASE = 10_000_000  # references are 8 digits and never start with 0
IDEMPOTENCY_SECONDS = 24 * 3600
ATTEMPTS = 3


class Ledger:
    """Bookings over Redis for one catalogue; ``clock()`` returns an aware datetime."""

    def __init__(self, redis, secret: str | bytes, catalogue, clock: Callable[[], dt.datetime],
                 bookings_per_number: int = DEFAULT_BOOKINGS_PER_NUMBER):
        if not secret:
            raise ValueError("the ledger needs the app's secret key to hash personal data")
        self.redis, self.secret, self.catalogue, self.clock = redis, secret, catalogue, clock
        self.bookings_per_number = bookings_per_number
        self.scripts = Scripts(redis)
        self.availability = Availability(redis, catalogue, clock, self.scripts)
        self.access = Access(redis, secret, clock, self.scripts)
        self.staff = Staff(redis, catalogue, self.scripts)
        self.unheard = Unheard(redis, secret)

    def today(self) -> dt.date:
        """Today in Hong Kong by the ledger's clock."""
        return calendar.hk_today(self.clock())

    def available_times(self, office_code: str, day: dt.date, app_type: str, applicants: int,
                        *, change: bool = False) -> list[str]:
        """General-hours times on ``day`` whose remaining quota covers every applicant."""
        return self.availability.available_times(
            office_code, day, app_type, applicants, change=change)

    def earliest_available_day(self, office_code: str, app_type: str, applicants: int,
                               after: dt.date | None = None, *,
                               change: bool = False) -> dt.date | None:
        """The first day of the window (after ``after``) with a slot for every applicant."""
        return self.availability.earliest_available_day(
            office_code, app_type, applicants, after, change=change)

    def earliest_available_slot(self, office_code: str, app_type: str, applicants: int,
                                after: dt.date | None = None, *,
                                change: bool = False) -> tuple[dt.date, str] | None:
        """The first slot (day, "HH:MM") of the window (after ``after``) with room for every applicant."""
        return self.availability.earliest_available_slot(
            office_code, app_type, applicants, after, change=change)

    def offices_with_places(self, office_codes: list[str], app_type: str, applicants: int, *,
                            change: bool = False) -> set[str]:
        """The offices among ``office_codes`` with a slot for every applicant in the window."""
        return self.availability.offices_with_places(office_codes, app_type, applicants, change=change)

    def authenticate(self, doc_type: str, number: str, code: str, caller: str | None = None,
                     pipeline=None, call: str | None = None) -> Booking:
        """The document's booking if ``code`` is right (see ``Access.authenticate``)."""
        return self.access.authenticate(doc_type, number, code, caller, pipeline, call)

    def holds_active_booking(self, doc_type: str, number: str) -> bool:
        """True when the document already has an active appointment (one per person)."""
        return self.access.holds_active_booking(doc_type, number)

    def booked_for(self, doc_type: str, number: str, birth_day: int, birth_year: int, caller: str,
                   call: str | None = None) -> bool:
        """True when the document is booked for this birth date, counted against ``caller`` (``Access.booked_for``)."""
        return self.access.booked_for(doc_type, number, birth_day, birth_year, caller, call)

    def book(self, request: BookingRequest, idempotency_key: str, caller: str | None = None,
             call: str | None = None, confirm_to: str | None = None) -> str:
        """Book the request's slot for all its applicants, once per idempotency key.

        Booked by phone (``caller``: the calling number, ``call``: the CallSid), it counts against
        the number: ``bookings_per_number`` in 24 hours (``CallerLimited``, ``CallLimited``).
        ``confirm_to``: the mobile number the SMS confirmation goes to, queued in the same step.
        """
        now = self.clock()
        applicants = check_request(request, calendar.hk_today(now), self.catalogue.languages)
        office = self.catalogue.office(request.office)
        self.availability.require_offered(office, request.day, request.time, request.app_type)
        self.access.require_unheld_under_old_keys(applicants)
        record = new_record(self.secret, request, applicants, now)
        if caller is None:
            limit_keys, rule = [keys.caller_limit(BOOK, "-"), keys.call_limit(BOOK, "-")], [now.timestamp(), "none", 0, 0, "", 0, 0, 0, 0]
        else:
            limit_keys, rule = caller_limit(self.secret, BOOK, caller, call, self.bookings_per_number,
                                            now.timestamp(), idempotency_key)
        limit_keys.append(unheard_key(self.secret, caller or "", call))
        confirmation = [int(now.timestamp()), seal(self.secret, confirm_to)] if confirm_to else ["", ""]
        reference = check(self._run_book(record, office.quota, idempotency_key, now, limit_keys, rule, confirmation),
                          BOOK)[1]
        log.info("booking %s: %s %s %s, %d applicant(s)", reference, office.code,
                 request.day.isoformat(), request.time, len(applicants))
        return reference

    def check_may_book(self, caller: str, call: str | None = None) -> None:
        """Refuse (``CallerLimited``, ``CallLimited``) when ``caller`` may book no more for now; counts nothing."""
        now = self.clock()
        limit_keys, rule = caller_limit(self.secret, BOOK, caller, call, self.bookings_per_number, now.timestamp(), "-")
        check(self.scripts.limit_peek(keys=limit_keys, args=rule), BOOK)

    def _run_book(self, record: dict, quota: int, idempotency_key: str, now: dt.datetime,
                  limit_keys: list[str], rule: list, confirmation: list) -> list:
        day, office = record["day"], record["office"]
        script_keys = [
            keys.idempotency(idempotency_key), keys.ledger_sequence(),
            keys.slot_usage(office, day), keys.day_bookings(office, day),
            keys.office_closures(office), keys.reminders_due(), *limit_keys,
            keys.confirmations(), keys.confirmation_phones(), *document_keys(record),
        ]
        appointment = dt.date.fromisoformat(day)
        score = due_score(appointment, now) if record["reminder"] == "1" else ""
        # The flag says a reminder is scheduled, nothing less; the phone stays for a closure notice.
        record["reminder"] = "1" if score else "0"
        fields = [item for pair in record.items() for item in pair]
        args = [REFERENCE_BASE, day, record["time"], quota, calendar.hk_today(now).isoformat(),
                hold_seconds(appointment, now), IDEMPOTENCY_SECONDS, score, *rule, *confirmation, *fields]
        return self.scripts.book(keys=script_keys, args=args)

    def change(self, reference: str, office_code: str, day: dt.date, time: str, caller: str | None = None,
               call: str | None = None) -> Booking:
        """Move a booking to another slot: old places released, new taken, in one step.

        Moved by phone (``caller``: the calling number, ``call``: the CallSid), the move is marked
        unheard until the call that made it is saved (``booking.unheard``).
        """
        office = self.catalogue.office(office_code)
        now = self.clock()
        new_day = day.isoformat()
        unheard = [] if caller is None else [unheard_key(self.secret, caller, call)]
        result = self.scripts.change(
            keys=[keys.booking(reference), keys.slot_usage(office.code, new_day),
                  keys.day_bookings(office.code, new_day), keys.office_closures(office.code),
                  keys.reminders_due(), *unheard],
            args=[reference, office.code, new_day, time, office.quota, hold_seconds(day, now),
                  due_score(day, now), calendar.hk_today(now).isoformat(),
                  self._types_offered(office, day, time), IDEMPOTENCY_SECONDS],
        )
        booking = _saved(result)
        log.info("booking %s changed to %s %s %s", reference, office.code, new_day, time)
        return booking

    def _types_offered(self, office: Office, day: dt.date, time: str) -> str:
        # The script reads the booking's type itself (the record is read nowhere else), so it
        # gets every type the new slot may take by phone, as ",type,type,".
        types = [t for t in APPLICATION_TYPES
                 if time in self.availability.offered_times(office, day, t, change=True)]
        return ",".join(["", *types, ""])

    def cancel(self, reference: str, by_staff: bool = False, once: str | None = None) -> Booking:
        """Cancel a booking (a caller: up to the day before it; staff: any day) and give its places back.

        ``once`` names the request (a call's turn): its repeat gets the cancelled booking again.
        """
        now = self.clock()
        result = self.scripts.cancel(
            keys=[keys.booking(reference), keys.reminders_due(), *_once_key(once, "cancel")],
            args=[reference, "" if by_staff else calendar.hk_today(now).isoformat(), now.isoformat(),
                  IDEMPOTENCY_SECONDS],
        )
        booking = _saved(result)
        log.info("booking %s cancelled%s", reference, " by staff" if by_staff else "")
        return booking

    def set_reminder(self, reference: str, on: bool, phone: str | None = None,
                     seen: Booking | None = None, once: str | None = None) -> Booking:
        """Switch the SMS reminder on (to ``phone`` or the number kept) or off; ``seen``: the booking just read.

        ``once`` names the request (a call's turn): its repeat switches nothing and gets the booking
        as it stands, so the caller hears what the first request did.
        """
        for _ in range(ATTEMPTS):
            booking, seen = seen or self.get(reference), None
            if not booking.active:
                raise NotActive(f"booking {reference} is {booking.status}")
            now = self.clock()
            if not reminder_changeable(booking.day, calendar.hk_today(now)) or (
                    on and not reminder_possible(booking.day, now)):
                raise TooLate("the reminder can be changed up to 3 days before the appointment")
            # The script refuses ("conflict") when the booking moved since it was read: read again.
            result = self.scripts.reminder(
                keys=[keys.booking(reference), keys.reminders_due(), *_once_key(once, "reminder")],
                args=[reference, booking.office, booking.day.isoformat(), booking.time,
                      "1" if on else "0", seal(self.secret, phone) if on and phone else "",
                      due_score(booking.day, now) if on else "", IDEMPOTENCY_SECONDS],
            )
            if result[0] != "conflict":
                log.info("booking %s reminder %s", reference, "on" if on else "off")
                return _saved(result)
        raise Conflict(f"booking {reference} kept changing; try again")

    def _record(self, reference: str) -> dict:
        record = self.redis.hgetall(keys.booking(reference))
        if not record:
            raise NotFound()
        return record

    def get(self, reference: str) -> Booking:
        """The booking with ``reference``, or ``NotFound``."""
        return booking_of(self._record(reference))

    def reminder_phone(self, reference: str) -> str | None:
        """The number the SMS reminder goes to (for the reminder worker), or None."""
        sealed = self._record(reference).get("phone")
        return unseal(self.secret, sealed) if sealed else None

    def confirmation_phone(self, reference: str) -> str | None:
        """The number a booking's SMS confirmation goes to (for the reminder worker), or None."""
        sealed = self.redis.hget(keys.confirmation_phones(), reference)
        return unseal(self.secret, sealed) if sealed else None

    def forget_confirmation_phone(self, reference: str) -> None:
        """Drop the number once the confirmation is settled (sent or given up)."""
        self.redis.hdel(keys.confirmation_phones(), reference)

    def roster(self, office_code: str, day: dt.date) -> list[Booking]:
        """Every booking at an office on a day (cancelled ones included), by time and reference."""
        return self.staff.roster(office_code, day)

    def close_office(self, office_code: str, day: dt.date) -> list[Booking]:
        """Close an office for a working day (not past): no more slots offered; the active bookings hit."""
        return self.staff.close_office(office_code, day, self.today())

    def close_offices(self, office_codes: list[str], day: dt.date) -> list[tuple[str, list[Booking]]]:
        """Close several offices for a day in one step, all or none; each office with its bookings hit."""
        return self.staff.close_offices(office_codes, day, self.today())

    def reopen_office(self, office_code: str, day: dt.date) -> Reopening | None:
        """Lift a staff closure, giving back the reminders it took; None when the office was not closed that day."""
        return self.staff.reopen_office(office_code, day, self.clock())

    def is_closed(self, office_code: str, day: dt.date) -> bool:
        """True when staff closed the office on ``day``."""
        return self.staff.is_closed(office_code, day)

    def closures(self, office_code: str) -> list[dt.date]:
        """The days staff closed an office, in order."""
        return self.staff.closures(office_code)


def _once_key(once: str | None, effect: str) -> list[str]:
    # Where a request's effect is marked done (it holds the reference, as a booking's idempotency key does).
    return [keys.idempotency(f"{once}:{effect}")] if once else []


def _saved(result: list) -> Booking:
    # The scripts that change a booking answer with it as it now stands (``saved`` in common.lua).
    return booking_of(pairs(check(result)[1:]))

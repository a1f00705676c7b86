"""Office staff's side of the ledger: the day's roster, and closing or reopening an office for a day."""
import dataclasses
import datetime as dt
import logging
from typing import NamedTuple

from redis.exceptions import RedisError

from booking import calendar
from booking.errors import ClosureRefused, ClosureUnfinished, ReopeningUnfinished
from booking.model import Booking
from booking.records import booking_of, closure_mark
from booking.reminder_schedule import due_score
from languages import STAFF_LANGUAGE
from store import keys

log = logging.getLogger(__name__)


def notice_member(booking: Booking) -> str:
    """How a closure SMS notice names its booking and the closed day in the notice queue."""
    return f"{booking.reference}|{booking.office}|{booking.day.isoformat()}"


REMINDER_BACK = 2  # what lua/reopen.lua answers when it gave a booking its reminder back


class Reopening(NamedTuple):
    """What reopening an office for a day did: bookings no longer marked closed, reminders given
    back, SMS notices of the closure withdrawn before they were sent."""

    bookings: int
    reminders: int
    notices_withdrawn: int
    maybe_told: int = 0  # bookings still marked whose closure SMS had left the queue (sent, or being sent)
    finished_interrupted: bool = False  # the day had already left the closure set: a rerun finished it


class Staff:
    """Rosters and closures over the ledger's Redis."""

    def __init__(self, redis, catalogue, scripts):
        self.redis = redis
        self.catalogue = catalogue
        self.scripts = scripts

    def roster(self, office_code: str, day: dt.date) -> list[Booking]:
        """Every booking at an office on a day (cancelled ones included), by time and reference."""
        return [booking for booking, _ in self._roster_records(office_code, day)]

    def _roster_records(self, office_code: str, day: dt.date) -> list[tuple[Booking, dict]]:
        office = self.catalogue.office(office_code)
        references = self.redis.smembers(keys.day_bookings(office.code, day.isoformat()))
        with self.redis.pipeline(transaction=False) as pipe:
            for reference in sorted(references):
                pipe.hgetall(keys.booking(reference))
            records = pipe.execute()
        found = [(booking_of(record), record) for record in records if record]
        return sorted(found, key=lambda pair: (pair[0].time, pair[0].reference))

    def closure_refusal(self, office_code: str, day: dt.date, today: dt.date) -> str | None:
        """Why the office cannot be closed on ``day``, or None when it can."""
        office = self.catalogue.office(office_code)
        if day < today:
            return f"{day.isoformat()} is in the past"
        if day.weekday() == calendar.SUNDAY:
            return f"{day.isoformat()} is a Sunday: offices are closed anyway"
        if calendar.is_general_holiday(day):
            return f"{day.isoformat()} is a general holiday: offices are closed anyway"
        if not office.is_open(day):
            return f"{office.name[STAFF_LANGUAGE]} does not serve the public on {day.isoformat()}"
        return None

    def close_office(self, office_code: str, day: dt.date, today: dt.date) -> list[Booking]:
        """Close an office for a working day from ``today`` on; the active bookings hit, each with
        a mobile number queued for one SMS notice."""
        return self.close_offices([office_code], day, today)[0][1]

    def close_offices(self, office_codes: list[str], day: dt.date, today: dt.date) -> list[tuple[str, list[Booking]]]:
        """Close several offices for a day in one step (all or none); each office with its bookings hit.

        ``ClosureRefused`` names every office that cannot be closed, and none is closed then.
        ``ClosureUnfinished`` says which offices' bookings were not yet marked, every office being closed.
        """
        offices = [self.catalogue.office(code).code for code in office_codes]
        refusals = [f"{code} not closed: {why}" for code in offices if (why := self.closure_refusal(code, day, today))]
        if refusals:
            raise ClosureRefused("; ".join(refusals))
        # One transaction for every office (their keys share the ledger's hash slot): a typhoon
        # day interrupted half way never leaves some offices open and others closed. Book and
        # change check the closure inside their scripts, so no booking slips in after it.
        with self.redis.pipeline(transaction=True) as pipe:
            for code in offices:
                pipe.sadd(keys.office_closures(code), day.isoformat())
            pipe.execute()
        done = []
        for code in offices:
            try:
                done.append((code, self._mark_closed(code, day)))
            except (RedisError, KeyboardInterrupt) as error:  # every office is closed: say what is left to do
                raise ClosureUnfinished(day, offices[len(done):]) from error
        return done

    def _mark_closed(self, office_code: str, day: dt.date) -> list[Booking]:
        """Mark the active bookings of a closed office day and queue their SMS notices (safe to repeat)."""
        candidates = [(b, record) for b, record in self._roster_records(office_code, day) if b.active]
        mark = closure_mark(office_code, day.isoformat())
        # The mark rides with the booking, so the line knows of the closure at no extra read; the
        # same script drops the reminder, so flag, queue and what the line says agree.
        # One script per booking, not a pipeline: Redis Cluster refuses scripts in pipelines.
        # A booking moved or cancelled meanwhile is not hit (the script leaves it alone).
        affected = [(booking, record) for booking, record in candidates if self.scripts.close(
            keys=[keys.booking(booking.reference), keys.reminders_due()],
            args=[booking.reference, office_code, day.isoformat(), mark])]
        notices = {notice_member(b): 0 for b, record in affected if record.get("phone")}
        if notices:
            # NX: closing the same day twice never sends a second notice.
            self.redis.zadd(keys.closure_notices(), notices, nx=True)
        # For the server's log: the staff command prints its own confirmation (once).
        log.info("office %s closed on %s: %d booking(s) affected, %d SMS notice(s) queued",
                 office_code, day.isoformat(), len(affected), len(notices))
        return [dataclasses.replace(booking, office_closed=True, reminder=False,
                                    reminder_held=booking.reminder or booking.reminder_held)
                for booking, _ in affected]

    def reopen_office(self, office_code: str, day: dt.date, now: dt.datetime) -> Reopening | None:
        """Lift a staff closure (and its unsent notices), giving back the SMS reminders it took
        whose moment is still ahead; None when the office was not closed that day and nothing is
        left of a closure (no booking marked, no notice queued).

        Safe to repeat: a reopening cut short after the day left the closure set finishes on a
        rerun, unmarking whatever still carries the closure's mark. ``ReopeningUnfinished`` says
        the day is open again but some bookings may still be marked.
        """
        office = self.catalogue.office(office_code)
        # The day leaves the closure set first: from here no notice is sent for it (the worker
        # checks) and a new caller may book it; the marks below are what a rerun finishes.
        was_closed = bool(self.redis.srem(keys.office_closures(office.code), day.isoformat()))
        mark, score = closure_mark(office.code, day.isoformat()), due_score(day, now)
        marked = [(booking, record) for booking, record in self._roster_records(office.code, day)
                  if record.get("closed") == mark]
        suffix = f"|{office.code}|{day.isoformat()}"
        unsent = [m for m in self.redis.zrange(keys.closure_notices(), 0, -1) if m.endswith(suffix)]
        if not (was_closed or marked or unsent):
            return None
        # A marked booking with a mobile number whose notice is no longer queued had it sent (or a
        # worker holds it now): that caller may have been told of the closure.
        maybe_told = sum(1 for booking, record in marked if record.get("phone") and notice_member(booking) not in unsent)
        try:
            if unsent:
                self.redis.zrem(keys.closure_notices(), *unsent)
            # One script per booking (Redis Cluster refuses scripts in pipelines); each checks the
            # mark itself, so a booking moved meanwhile is left alone and a rerun lifts none twice.
            outcomes = [self.scripts.reopen(keys=[keys.booking(booking.reference), keys.reminders_due()],
                                            args=[booking.reference, mark, score])
                        for booking, _ in marked]
        except (RedisError, KeyboardInterrupt) as error:  # the day is open: say a rerun finishes it
            raise ReopeningUnfinished(office.code, day) from error
        reopening = Reopening(sum(1 for outcome in outcomes if outcome), outcomes.count(REMINDER_BACK), len(unsent),
                              maybe_told, finished_interrupted=not was_closed)
        log.info("office %s reopened on %s: %s", office.code, day.isoformat(), reopening)
        return reopening

    def is_closed(self, office_code: str, day: dt.date) -> bool:
        """True when staff closed the office on ``day``."""
        return bool(self.redis.sismember(keys.office_closures(office_code), day.isoformat()))

    def closures(self, office_code: str) -> list[dt.date]:
        """The days staff closed an office, in order."""
        office = self.catalogue.office(office_code)
        days = self.redis.smembers(keys.office_closures(office.code))
        return sorted(dt.date.fromisoformat(day) for day in days)

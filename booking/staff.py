"""Office staff's side of the ledger: the day's roster and closing an office for a day."""
import datetime as dt
import logging

from booking.model import Booking
from booking.records import booking_of
from store import keys

log = logging.getLogger(__name__)


class Staff:
    """Rosters and closures over the ledger's Redis."""

    def __init__(self, redis, catalogue):
        self.redis = redis
        self.catalogue = catalogue

    def roster(self, office_code: str, day: dt.date) -> list[Booking]:
        """Every booking at an office on a day (cancelled ones included), by time and reference."""
        office = self.catalogue.office(office_code)
        references = self.redis.smembers(keys.day_bookings(office.code, day.isoformat()))
        with self.redis.pipeline(transaction=False) as pipe:
            for reference in sorted(references):
                pipe.hgetall(keys.booking(reference))
            records = pipe.execute()
        bookings = [booking_of(record) for record in records if record]
        return sorted(bookings, key=lambda booking: (booking.time, booking.reference))

    def close_office(self, office_code: str, day: dt.date) -> list[Booking]:
        """Close an office for a day (no more slots offered) and list the active bookings hit."""
        office = self.catalogue.office(office_code)
        # The closure is one SADD; book and change check it inside their scripts, so no
        # booking can slip in after it and be missing from the list below.
        self.redis.sadd(keys.office_closures(office.code), day.isoformat())
        affected = [booking for booking in self.roster(office.code, day) if booking.active]
        log.warning("office %s closed on %s: %d booking(s) affected",
                    office.code, day.isoformat(), len(affected))
        return affected

    def closures(self, office_code: str) -> list[dt.date]:
        """The days staff closed an office, in order."""
        office = self.catalogue.office(office_code)
        days = self.redis.smembers(keys.office_closures(office.code))
        return sorted(dt.date.fromisoformat(day) for day in days)

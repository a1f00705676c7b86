"""Phone bookings and moves their caller may not have heard: committed, but the read-back never reached them.

When Redis stalls during the confirm, the webhook gives up and the caller hears an apology,
yet the booking script may still run once Redis resumes. So ``book.lua`` marks each phone
booking unheard under its caller (the calling number as a keyed hash, or the call itself when
the number is withheld), and ``change.lua`` each move made by phone; the webhook that reads it
back clears the mark in the pipeline that saves the call. A mark left behind is read back by
the fallback URL and by the next call: the booking made, or the appointment moved, as it stands.
"""
import dataclasses

from booking.model import Booking
from booking.rate_limit import is_withheld
from booking.records import booking_of
from booking import identity
from store import keys


def unheard_key(secret: str | bytes, calling_number: str, call_sid: str | None) -> str:
    """Where a booking made on ``call_sid`` from ``calling_number`` is marked unheard."""
    if is_withheld(calling_number):
        return keys.unheard_booking(f"call:{call_sid or '-'}")
    return keys.unheard_booking(identity.keyed_hash(secret, f"caller:{calling_number}"))


@dataclasses.dataclass(frozen=True)
class Landed:
    """A commit its caller never heard: the booking as it stands, and whether the commit moved it."""

    booking: Booking
    changed: bool


class Unheard:
    """The unheard marks over the ledger's Redis."""

    def __init__(self, redis, secret: str | bytes):
        self.redis, self.secret = redis, secret

    def key(self, calling_number: str, call_sid: str | None) -> str:
        """Where this caller's (or call's) unheard mark is kept."""
        return unheard_key(self.secret, calling_number, call_sid)

    def landed(self, calling_number: str, call_sid: str | None, reader=None) -> Landed | None:
        """The active booking this caller (or call) made or moved but never heard read back, if any.

        ``reader`` answers the mark's ``GET`` instead of Redis (``store.read_ahead``).
        """
        mark = (reader or self.redis).get(self.key(calling_number, call_sid)) or ""
        reference, _, kind = mark.partition("|")
        record = self.redis.hgetall(keys.booking(reference)) if reference else None
        booking = booking_of(record) if record else None
        return Landed(booking, kind == "changed") if booking and booking.active else None

    def heard(self, calling_number: str, call_sid: str | None, pipeline=None) -> None:
        """Clear the mark: the caller has heard the booking (on ``pipeline``, with the call's save)."""
        (pipeline if pipeline is not None else self.redis).delete(self.key(calling_number, call_sid))

"""What the hooks may use of the booking domain: the line's, and each webhook's own.

The web layer makes one webhook's services (``for_webhook(pipeline)``) and hands them to the
engine, which hands them to the hooks: inside it the hooks share what the ledger last told
them about a booking, so a read-back after finding or changing it costs no second read, and a
write that can wait rides in the pipeline that saves the call's state.
"""
import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from booking.calendar import hk_today
from booking.caller_language import CallerLanguages
from booking.model import Booking
from store.read_ahead import ReadAhead


@dataclass(frozen=True)
class LineServices:
    """The office catalogue, the ledger and the clock (tests move the clock); in a webhook, its own."""

    catalogue: object
    ledger: object
    clock: Callable[[], dt.datetime]
    languages: object = None  # the language each calling number last chose (booking.caller_language)
    pipeline: object = None  # the pipeline that ends this webhook by saving the call
    bookings: dict[str, Booking] | None = None  # this webhook's readings; None outside one
    reader: ReadAhead | None = None  # what this webhook read ahead with its claim, if anything

    def for_webhook(self, pipeline, read_ahead: dict | None = None) -> "LineServices":
        """The services of one webhook: bookings read once, writes that can wait queued on ``pipeline``,
        and the values ``read_ahead`` with the call's claim (keys of ``caller_keys``)."""
        reader = ReadAhead(self.ledger.redis, read_ahead) if read_ahead else None
        return dataclasses.replace(self, pipeline=pipeline, bookings={}, reader=reader)

    def caller_keys(self, caller: dict) -> list[str]:
        """What a call's first webhook reads ahead with its claim: the caller's remembered language
        (``recall_language``) and unheard mark (``find_landed_booking``), both read as the call starts."""
        number = caller.get("from", "")
        remembered = self.languages.key(number) if self.languages else None
        return [key for key in (remembered, self.ledger.unheard.key(number, caller.get("sid"))) if key]

    def today(self) -> dt.date:
        """Today in Hong Kong by the line's clock."""
        return hk_today(self.clock())

    def booking(self, reference: str) -> Booking:
        """The booking as the ledger holds it, read at most once per webhook."""
        if self.bookings is None:
            return self.ledger.get(reference)
        if reference not in self.bookings:
            self.bookings[reference] = self.ledger.get(reference)
        return self.bookings[reference]

    def remember(self, booking: Booking) -> Booking:
        """Keep a booking the ledger returned as this webhook's reading of it."""
        if self.bookings is not None:
            self.bookings[booking.reference] = booking
        return booking

    def closing_pipeline(self):
        """The pipeline that ends this webhook by saving the call, or None outside a webhook."""
        return self.pipeline


def services_of(app) -> LineServices:
    """The services of ``app``, built from what the booking domain attached to it."""
    extensions = app.extensions
    ledger = extensions["ledger"]
    languages = CallerLanguages(ledger.redis, ledger.secret, app.config.get("LANGUAGE_MEMORY_DAYS", 0))
    return LineServices(extensions["catalogue"], ledger, ledger.clock, languages)

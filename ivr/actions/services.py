"""What the hooks may use of the booking domain, handed to the engine at start-up.

Inside one webhook (``webhook(pipeline)``, opened by the web layer around the engine) the
hooks share what the ledger last told them about a booking, so a read-back after finding or
changing it costs no second read, and a write that can wait rides in the pipeline that saves
the call's state.
"""
import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from booking.calendar import hk_today
from booking.model import Booking


@dataclass
class _Webhook:
    pipeline: object
    bookings: dict[str, Booking] = field(default_factory=dict)


_current: contextvars.ContextVar[_Webhook | None] = contextvars.ContextVar("webhook", default=None)


@contextlib.contextmanager
def webhook(pipeline) -> Iterator[None]:
    """Scope one webhook: bookings read once, writes that can wait queued on ``pipeline``."""
    token = _current.set(_Webhook(pipeline))
    try:
        yield
    finally:
        _current.reset(token)


@dataclass(frozen=True)
class LineServices:
    """The office catalogue, the ledger and the clock (tests move the clock)."""

    catalogue: object
    ledger: object
    clock: Callable[[], dt.datetime]

    def today(self) -> dt.date:
        """Today in Hong Kong by the line's clock."""
        return hk_today(self.clock())

    def booking(self, reference: str) -> Booking:
        """The booking as the ledger holds it, read at most once per webhook."""
        scope = _current.get()
        if scope is None:
            return self.ledger.get(reference)
        if reference not in scope.bookings:
            scope.bookings[reference] = self.ledger.get(reference)
        return scope.bookings[reference]

    def remember(self, booking: Booking) -> Booking:
        """Keep a booking the ledger returned as this webhook's reading of it."""
        scope = _current.get()
        if scope is not None:
            scope.bookings[booking.reference] = booking
        return booking

    def closing_pipeline(self):
        """The pipeline that ends this webhook by saving the call, or None outside a webhook."""
        scope = _current.get()
        return scope.pipeline if scope else None


def services_of(app) -> LineServices:
    """The services of ``app``, built from what the booking domain attached to it."""
    extensions = app.extensions
    return LineServices(extensions["catalogue"], extensions["ledger"], extensions["ledger"].clock)

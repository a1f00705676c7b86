"""What the hooks may use of the booking domain, handed to the engine at start-up."""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from booking.calendar import hk_today


@dataclass(frozen=True)
class LineServices:
    """The office catalogue, the ledger and the clock (tests move the clock)."""

    catalogue: object
    ledger: object
    clock: Callable[[], dt.datetime]

    def today(self) -> dt.date:
        """Today in Hong Kong by the line's clock."""
        return hk_today(self.clock())


def services_of(app) -> LineServices:
    """The services of ``app``, built from what the booking domain attached to it."""
    extensions = app.extensions
    return LineServices(extensions["catalogue"], extensions["ledger"], extensions["ledger"].clock)

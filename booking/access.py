"""Finding a booking by document number and enquiry code, with a lock against guessing.

Every attempt is counted before the code is compared (atomically, in ``attempt.lua``), so
parallel guesses cannot exceed the limit; a success clears the count. An unknown number and
a wrong code are the same ``NotFound`` and cost the same work.
"""
import datetime as dt
import hmac
import logging

from booking import calendar, identity
from booking.errors import Locked, NotFound
from booking.model import Booking
from booking.rate_limit import CallerLimit
from booking.records import booking_of, code_hash
from booking.scripts import check
from store import keys

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCK_SECONDS = 24 * 3600


class Access:
    """Authenticates callers against the ledger."""

    def __init__(self, redis, secret, clock, scripts):
        self.redis = redis
        self.secret = secret
        self.clock = clock
        self.scripts = scripts
        self.callers = CallerLimit(redis, secret, clock)

    def authenticate(self, doc_type: str, number: str, code: str, caller: str | None = None) -> Booking:
        """The booking holding this document if ``code`` is right; counts ``caller``'s attempts if given."""
        document = self._document(doc_type, number)
        if caller is not None:
            self.callers.count_attempt(caller)
        now = self.clock()
        failures = self._count_attempt(document, now)
        booking = self._match(document, code, calendar.hk_today(now))
        if booking is None:
            log.info("enquiry refused for document hash %.8s (%d consecutive)", document, failures)
            if failures >= MAX_FAILURES:
                raise Locked(now + dt.timedelta(seconds=LOCK_SECONDS))
            raise NotFound()
        self.redis.delete(keys.enquiry_failures(document))
        return booking

    def holds_active_booking(self, doc_type: str, number: str) -> bool:
        """True when the document already has an active appointment (one per person)."""
        document = self._document(doc_type, number)
        return self._holder(document, calendar.hk_today(self.clock())) is not None

    def _document(self, doc_type: str, number: str) -> str:
        # A malformed number raises InvalidDocument here, before any attempt is counted.
        return identity.document_hash(self.secret, doc_type, identity.normalize(doc_type, number))

    def _holder(self, document: str, today: dt.date) -> str | None:
        # The key holds "<reference>|<day>"; a past appointment no longer holds the document.
        reference, _, day = (self.redis.get(keys.document_active(document)) or "").partition("|")
        return reference if reference and day >= today.isoformat() else None

    def _count_attempt(self, document: str, now: dt.datetime) -> int:
        epoch = int(now.timestamp())
        result = self.scripts.attempt(
            keys=[keys.enquiry_failures(document)],
            args=[epoch, LOCK_SECONDS, MAX_FAILURES, LOCK_SECONDS],
        )
        if result[0] == "locked":
            raise Locked(dt.datetime.fromtimestamp(int(result[1]), calendar.HK_TZ))
        return int(check(result)[1])

    def _match(self, document: str, code: str, today: dt.date) -> Booking | None:
        reference = self._holder(document, today)
        record = self.redis.hgetall(keys.booking(reference)) if reference else {}
        # Hash the code even when nothing matched, so both answers take the same time.
        offered = code_hash(self.secret, reference or "-", str(code))
        if not record or record.get("status") != "active":
            return None
        if not hmac.compare_digest(offered, record["code"]):
            return None
        return booking_of(record)

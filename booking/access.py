"""Finding a booking by document number and enquiry code, with a lock against guessing.

One script (``identify.lua``) counts the attempt for the calling number and for the document
before the code is compared, so parallel guesses cannot exceed either limit, and returns the
record of the document's holder; the code is compared here, where the secret is. A success
clears the document's count. An unknown number and a wrong code are the same ``NotFound``
and cost the same work.
"""
import datetime as dt
import hmac
import logging
import secrets

from booking import calendar, identity
from booking.errors import CallerLimited, DocumentAlreadyBooked, Locked, NotFound
from booking.model import Booking
from booking.rate_limit import WINDOW_SECONDS, attempts_key
from booking.records import booking_of, code_hash, code_salt
from booking.scripts import check, pairs
from store import keys

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCK_SECONDS = 24 * 3600


class Access:
    """Authenticates callers against the ledger."""

    def __init__(self, redis, secret, clock, scripts):
        self.redis, self.secret, self.clock, self.scripts = redis, secret, clock, scripts

    def authenticate(self, doc_type: str, number: str, code: str, caller: str | None = None,
                     pipeline=None) -> Booking:
        """The document's booking if ``code`` is right, counting ``caller`` if given; success clears on ``pipeline``."""
        document = self._document(doc_type, number)
        now = self.clock()
        result = self._count_attempt(document, caller, now)
        failures, record = int(result[1]), pairs(result[2:])
        booking = self._match(record, code)
        if booking is None:
            log.info("enquiry refused for document hash %.8s (%d consecutive)", document, failures)
            if failures >= MAX_FAILURES:
                raise Locked(now + dt.timedelta(seconds=LOCK_SECONDS))
            raise NotFound()
        # A caller's pipeline sends the clearing with its own writes, saving a round trip.
        (self.redis if pipeline is None else pipeline).delete(keys.enquiry_failures(document))
        return booking

    def holds_active_booking(self, doc_type: str, number: str) -> bool:
        """True when the document already has an active appointment (one per person)."""
        document = self._document(doc_type, number)
        return self._holder(document, calendar.hk_today(self.clock())) is not None

    def require_unheld_under_old_keys(self, applicants) -> None:
        """Refuse (``DocumentAlreadyBooked``) a document held by a booking made under a key since replaced.

        The booking script checks the current key's hashes atomically; a booking made before a
        key rotation is found here, under the old key's hash, until its day has passed.
        """
        today = calendar.hk_today(self.clock())
        for index, applicant in enumerate(applicants):
            old = identity.document_hashes(self.secret, applicant.doc_type, applicant.number)[1:]
            if any(self._holder(document, today) for document in old):
                raise DocumentAlreadyBooked(index)

    def _document(self, doc_type: str, number: str) -> str:
        """The document's keyed hash: under the key its booking was made with, else the current key."""
        # A malformed number raises InvalidDocument here, before any attempt is counted.
        candidates = identity.document_hashes(self.secret, doc_type, identity.normalize(doc_type, number))
        if len(candidates) > 1:  # a key was rotated: the booking may be under an old key's hash
            held = self.redis.mget([keys.document_active(document) for document in candidates])
            return next((document for document, holder in zip(candidates, held) if holder), candidates[0])
        return candidates[0]

    def _holder(self, document: str, today: dt.date) -> str | None:
        # The key holds "<reference>|<day>"; a past appointment no longer holds the document.
        reference, _, day = (self.redis.get(keys.document_active(document)) or "").partition("|")
        return reference if reference and day >= today.isoformat() else None

    def _count_attempt(self, document: str, caller: str | None, now: dt.datetime) -> list:
        script_keys = [keys.enquiry_failures(document), keys.document_active(document)]
        args = [now.timestamp(), LOCK_SECONDS, MAX_FAILURES, calendar.hk_today(now).isoformat()]
        if caller is not None:
            key, limit = attempts_key(self.secret, caller)
            script_keys.append(key)
            args += [WINDOW_SECONDS, limit, secrets.token_hex(8)]
        result = self.scripts.identify(keys=script_keys, args=args)
        if result[0] == "caller_limited":
            raise CallerLimited(dt.datetime.fromtimestamp(float(result[1]), calendar.HK_TZ))
        if result[0] == "locked":
            raise Locked(dt.datetime.fromtimestamp(int(result[1]), calendar.HK_TZ))
        return check(result)

    def _match(self, record: dict, code: str) -> Booking | None:
        # Hash the code even when nothing matched, so both answers take the same time.
        offered = code_hash(self.secret, code_salt(record) if record else "-", str(code), like=record.get("code"))
        if not record or record.get("status") != "active":
            return None
        if not hmac.compare_digest(offered, record["code"]):
            return None
        return booking_of(record)

"""Finding a booking by document number and enquiry code, with a lock against guessing.

One script (``identify.lua``) counts the attempt for the calling number, for the document and
for the booking holding it (whichever of its documents is keyed) before the code is compared,
so parallel guesses cannot exceed any limit, and returns the record of the document's holder;
the code is compared here, where the secret is. A success clears the document's count and
takes this attempt out of the booking's, which so keeps the wrong codes of the last 24 hours.
An unknown number and a wrong code are the same ``NotFound`` and cost the same work.
"""
import dataclasses
import datetime as dt
import hmac
import json
import logging
import secrets

from booking import calendar, identity
from booking.errors import BookingLocked, DocumentAlreadyBooked, Locked, NotFound
from booking.model import Booking
from booking.rate_limit import IDENTIFY, LOOKUP, MAX_ATTEMPTS, MAX_LOOKUPS, caller_limit
from booking.records import birth_hash, booked_document_hashes, booking_of, code_hash, code_salt
from booking.scripts import check, pairs
from store import keys

log = logging.getLogger(__name__)

MAX_FAILURES = 5
LOCK_SECONDS = 24 * 3600


@dataclasses.dataclass(frozen=True)
class DocumentLock:
    """One document's own wrong codes in a row and, while they lock it, until when (for staff)."""

    masked: str
    failures: int
    locked_until: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class Unlocked:
    """What a staff unlock lifted: the booking's wrong codes and each of its documents' own (before the lift)."""

    reference: str | None
    booking_wrong_codes: int
    documents: tuple[DocumentLock, ...]


class Access:
    """Authenticates callers against the ledger."""

    def __init__(self, redis, secret, clock, scripts):
        self.redis, self.secret, self.clock, self.scripts = redis, secret, clock, scripts

    def authenticate(self, doc_type: str, number: str, code: str, caller: str | None = None,
                     pipeline=None, call: str | None = None) -> Booking:
        """The document's booking if ``code`` is right, counting ``caller`` (on ``call``) if given; success clears on ``pipeline``."""
        document, attempt = self._document(doc_type, number), secrets.token_hex(8)
        now = self.clock()
        result = self._count_attempt(document, caller, call, now, attempt)
        failures, booking_failures, record = int(result[1]), int(result[2]), pairs(result[4:])
        booking = self._match(record, code)
        if booking is None:
            log.info("enquiry refused for document hash %.8s (%d consecutive, %d on its booking)",
                     document, failures, booking_failures)
            if failures >= MAX_FAILURES:
                raise Locked(now + dt.timedelta(seconds=LOCK_SECONDS))
            if booking_failures >= MAX_FAILURES:  # wrong codes on the booking's documents together
                raise BookingLocked(dt.datetime.fromtimestamp(int(result[3]), calendar.HK_TZ))
            raise NotFound()
        # A caller's pipeline sends the clearing with its own writes, saving a round trip.
        writer = self.redis if pipeline is None else pipeline
        writer.delete(keys.enquiry_failures(document))
        writer.zrem(keys.booking_failures(booking.reference), attempt)
        return booking

    def holds_active_booking(self, doc_type: str, number: str) -> bool:
        """True when the document already has an active appointment (one per person)."""
        document = self._document(doc_type, number)
        return self._holder(document, calendar.hk_today(self.clock())) is not None

    def booked_for(self, doc_type: str, number: str, birth_day: int, birth_year: int, caller: str,
                   call: str | None = None) -> bool:
        """True when the document has an active appointment for this day and year of birth (SPEC §2).

        The look-up counts against ``caller`` (``CallerLimited``, ``CallLimited``): without the
        birth date nobody learns whether a document is booked, and with it only a few a day.
        """
        document, now = self._document(doc_type, number), self.clock()
        limit_keys, rule = caller_limit(self.secret, LOOKUP, caller, call, MAX_LOOKUPS, now.timestamp(),
                                        secrets.token_hex(8))
        result = check(self.scripts.lookup(keys=[keys.document_active(document), *limit_keys],
                                           args=[calendar.hk_today(now).isoformat(), *rule]), LOOKUP)
        births = json.loads(result[1]) if result[1] else []
        return birth_hash(self.secret, document, birth_day, birth_year) in births

    def unlock(self, doc_type: str, number: str) -> Unlocked:
        """Lift the code lock of a document, of its booking and of the booking's other documents (staff, the holder identified)."""
        document = self._document(doc_type, number)
        reference = self._holder(document, calendar.hk_today(self.clock()))
        record = self.redis.hgetall(keys.booking(reference)) if reference else {}
        # Every document of the booking: a lock left on another one would still refuse its holder.
        documents = booked_document_hashes(record) if record else [document]
        masked = json.loads(record["masked"]) if record else [identity.mask(identity.normalize(doc_type, number), doc_type)]
        lifted = Unlocked(reference, self.wrong_codes(reference) if reference else 0,
                          tuple(self._document_locks(documents, masked)))
        doomed = [keys.enquiry_failures(d) for d in documents] + ([keys.booking_failures(reference)] if reference else [])
        self.redis.delete(*doomed)
        log.warning("code lock lifted by staff for document hash %.8s (booking %s, %d document(s))",
                    document, reference or "none", len(documents))
        return lifted

    def document_locks(self, reference: str) -> tuple[DocumentLock, ...]:
        """The own wrong codes of each document of a booking, in applicant order (for staff)."""
        record = self.redis.hgetall(keys.booking(reference))
        return tuple(self._document_locks(booked_document_hashes(record), json.loads(record["masked"]))) if record else ()

    def _document_locks(self, documents: list[str], masked: list[str]) -> list[DocumentLock]:
        now = self.clock()
        with self.redis.pipeline(transaction=False) as pipe:
            for document in documents:
                pipe.hmget(keys.enquiry_failures(document), "count", "locked_until")
            states = pipe.execute()
        found = []
        for shown, (count, until) in zip(masked, states):
            end = dt.datetime.fromtimestamp(int(until), calendar.HK_TZ) if until else None
            found.append(DocumentLock(shown, int(count or 0), end if end and end > now else None))
        return found

    def wrong_codes(self, reference: str) -> int:
        """How many wrong enquiry codes the booking has seen in the last 24 hours (5 lock it)."""
        since = self.clock().timestamp() - LOCK_SECONDS
        return self.redis.zcount(keys.booking_failures(reference), f"({since}", "+inf")

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

    def _count_attempt(self, document: str, caller: str | None, call: str | None, now: dt.datetime,
                       attempt: str) -> list:
        script_keys = [keys.enquiry_failures(document), keys.document_active(document)]
        args = [now.timestamp(), LOCK_SECONDS, MAX_FAILURES, calendar.hk_today(now).isoformat(), attempt]
        if caller is not None:
            limit_keys, rule = caller_limit(self.secret, IDENTIFY, caller, call, MAX_ATTEMPTS, now.timestamp(), attempt)
            script_keys += limit_keys
            args += rule
        return check(self.scripts.identify(keys=script_keys, args=args), IDENTIFY)

    def _match(self, record: dict, code: str) -> Booking | None:
        # Hash the code even when nothing matched, so both answers take the same time.
        offered = code_hash(self.secret, code_salt(record) if record else "-", str(code), like=record.get("code"))
        if not record or record.get("status") != "active":
            return None
        if not hmac.compare_digest(offered, record["code"]):
            return None
        return booking_of(record)

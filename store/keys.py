"""Every Redis key the line uses, named in one place.

Keys that must change together in one atomic step share the ``{ledger}`` hash tag, so the
same scripts run unchanged on Redis Cluster (all of them land in one hash slot).
Identity numbers never appear in a key: callers of these functions pass keyed hashes.
"""

LEDGER = "rop:{ledger}"


def health_probe() -> str:
    """A throwaway key /healthz writes to learn whether Redis takes writes."""
    return "rop:health"


def call_state(call_sid: str) -> str:
    """The JSON state of one live call (hash-tagged by call: its turn claim is taken with it)."""
    return f"rop:call:{{{call_sid}}}"


def call_turn_claim(call_sid: str) -> str:
    """The highest turn of a call that a webhook has claimed (the compare-and-set of once-only)."""
    return f"rop:call:{{{call_sid}}}:claimed"


def call_turn_lease(call_sid: str) -> str:
    """Present while the request that claimed a call's turn may still be answering it."""
    return f"rop:call:{{{call_sid}}}:lease"


def ledger_sequence() -> str:
    """Counter behind booking reference numbers."""
    return f"{LEDGER}:seq"


def booking(reference: str) -> str:
    """Hash holding one booking record."""
    return f"{LEDGER}:booking:{reference}"


def slot_usage(office: str, day: str) -> str:
    """Hash of places taken per time slot ("HH:MM" -> count) at an office on a day (ISO).

    One hash per office day lets the earliest-slot search read a whole day in one command.
    """
    return f"{LEDGER}:usage:{office}:{day}"


def day_bookings(office: str, day: str) -> str:
    """Set of booking references at an office on a day (the roster)."""
    return f"{LEDGER}:day:{office}:{day}"


def document_active(document_hash: str) -> str:
    """Reference of the active booking that holds a document (keyed hash of the number)."""
    return f"{LEDGER}:doc:{document_hash}"


def idempotency(key: str) -> str:
    """Reference booked under a caller-supplied idempotency key."""
    return f"{LEDGER}:idem:{key}"


def office_closures(office: str) -> str:
    """Set of ISO days on which staff closed an office."""
    return f"{LEDGER}:closed:{office}"


def closure_notices() -> str:
    """Sorted set of closure SMS notices to send ("<reference>|<office>|<day>"), scored by when due."""
    return f"{LEDGER}:closure-notices"






def confirmations() -> str:
    """Sorted set of booking confirmation SMS to send (references), scored by when due."""
    return f"{LEDGER}:confirmations"






def confirmation_phones() -> str:
    """Hash of reference -> the mobile number (sealed) a booking confirmation goes to, until it is sent."""
    return f"{LEDGER}:confirmations:phones"


def caller_language(caller_hash: str) -> str:
    """The language a calling number (keyed hash) last chose on the line; it expires."""
    return f"rop:language:{caller_hash}"


def enquiry_failures(document_hash: str) -> str:
    """Consecutive failed enquiry-code attempts for a document (expires after the lock)."""
    return f"{LEDGER}:fail:{document_hash}"


def booking_failures(reference: str) -> str:
    """Sorted set of the times wrong enquiry codes were keyed for one booking, any of its documents."""
    return f"{LEDGER}:fail:booking:{reference}"


def caller_limit(purpose: str, caller_hash: str) -> str:
    """One calling number's (keyed hash) count for ``purpose``: a window of times, or the withheld bucket."""
    return f"{LEDGER}:limit:{purpose}:{caller_hash}"


def unheard_booking(caller: str) -> str:
    """Reference of a phone booking not yet read back to its caller (a keyed number hash, or call:<sid>)."""
    return f"{LEDGER}:unheard:{caller}"


def call_limit(purpose: str, call_sid: str) -> str:
    """How many requests for ``purpose`` one call from a withheld number has made."""
    return f"{LEDGER}:limit:call:{purpose}:{call_sid}"


def reminders_due() -> str:
    """Sorted set of booking references scored by the reminder's due time."""
    return f"{LEDGER}:reminders"


# The working keys of an SMS queue (reminders, closure notices, booking confirmations), named
# after its due set: "claimed" (sorted set of what a worker is sending, scored by the end of its
# claim), "claims" (hash: which worker's token holds each), "attempts" (hash: failed sends, cleared
# once settled), "unsure" (hash: sends that timed out or were begun unseen, so may have gone).
SMS_QUEUE_PARTS = ("claimed", "claims", "attempts", "unsure")


def sms_queue_part(due: str, part: str) -> str:
    """The ``part`` (one of ``SMS_QUEUE_PARTS``) of the SMS queue whose due set is ``due``."""
    return f"{due}:{part}"






def call_turns(call_sid: str) -> str:
    """Stream of the logged turns of one call (hash-tagged by call, so a call's keys share a slot)."""
    return f"rop:log:{{{call_sid}}}:turns"


def call_summary(call_sid: str) -> str:
    """Hash summarising one logged call: start, language, last step, outcome, duration."""
    return f"rop:log:{{{call_sid}}}:summary"


def calls_by_time() -> str:
    """Sorted set of logged CallSids scored by start time."""
    return "rop:log:index:time"


def calls_by_outcome(outcome: str) -> str:
    """Sorted set of logged CallSids with ``outcome``, scored by the time the call ended."""
    return f"rop:log:index:outcome:{outcome}"


def call_steps(call_sid: str) -> str:
    """Set of the steps one logged call reached (the drop-off funnel counts them)."""
    return f"rop:log:{{{call_sid}}}:steps"


SUPERVISORS = "rop:{supervisors}"  # one hash tag: an account and the list change together


def supervisors() -> str:
    """Set of the names of supervisor accounts."""
    return SUPERVISORS


def supervisor(name: str) -> str:
    """Hash of one supervisor account: password hash, its generation, failed logins."""
    return f"{SUPERVISORS}:{name}"


def supervisor_login(login_digest: str) -> str:
    """Hash of one open supervisor login (by the SHA-256 of its id): name, generation, start."""
    return f"{SUPERVISORS}:logins:{login_digest}"


def login_attempts(scope: str) -> str:
    """Sorted set of recent login attempt times for one address, or one name from one address."""
    return f"{SUPERVISORS}:attempts:{scope}"


def audit_trail() -> str:
    """Stream of what supervisors did: logins, refused logins, which call they opened."""
    return "rop:audit"


def staff_audit_trail() -> str:
    """Stream of what office staff did to bookings and locks: shown, cancelled, unlocked."""
    return "rop:audit:staff"

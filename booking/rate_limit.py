"""Limits per calling number, across calls: identification attempts, disclosure look-ups, bookings.

The per-document and per-booking locks (``booking.access``) stop anyone guessing one code;
these limits stop one phone trying codes on document after document, asking which documents
are booked, or booking invented applicants by the dozen. Each request is counted inside the
ledger script that serves it (``lua/common.lua``: ``caller_refusal``), atomically, so
parallel calls cannot get past a limit. A number is kept only as a keyed hash.

A number that shows (E.164) gets a sliding 24-hour window. Withheld numbers cannot be told
apart, so a window shared by all of them would let one caller shut out every other for a day.
They get a per-call cap instead (a new call costs the caller a minute of dialling and menus)
and one token bucket per purpose that refills every few minutes: a flood is slowed to the
refill rate and the next honest caller waits minutes, never a day. A call's first enquiry
code and its first document checks also have an opening lane, a roomier bucket of their own:
a trickle of calls that takes each token the shared bucket gives back does not keep the next
caller's first attempt out (the one an honest caller, code in hand, needs); only many whole
calls a minute can empty the lane. Bookings have no lane: each holds documents, and a lane
would let withheld calls hold many more of them.
"""
import re
from dataclasses import dataclass

from booking import identity
from store import keys

WINDOW_SECONDS = 24 * 3600
MAX_ATTEMPTS = 10  # identification attempts per number in 24 hours
MAX_LOOKUPS = 20  # "is this document booked?" per number in 24 hours: 4 bookings of 4, and some to spare
DEFAULT_BOOKINGS_PER_NUMBER = 4  # SPEC §2; the setting BOOKINGS_PER_NUMBER
E164 = re.compile(r"\+[1-9][0-9]{6,14}")
# What Twilio puts in From for a withheld number besides words: ANONYMOUS, RESTRICTED,
# UNAVAILABLE, BLOCKED and UNKNOWN spelled on a keypad.
WITHHELD_SENTINELS = frozenset({"+266696687", "+7378742833", "+86282452253", "+2562533", "+8656696"})
WITHHELD = "withheld"
IDENTIFY, LOOKUP, BOOK = "identify", "lookup", "book"


@dataclass(frozen=True)
class WithheldLimit:
    """Withheld numbers' allowance for one purpose: per call, and a bucket shared by all of them."""

    per_call: int
    burst: int  # tokens in the full bucket
    refill_seconds: int  # one token back every this many seconds
    opening: int = 0  # a call's first requests that may take from the opening lane
    opening_burst: int = 0  # tokens in the full lane
    opening_refill_seconds: int = 1  # one token back to the lane every this many seconds


WITHHELD_LIMITS = {
    IDENTIFY: WithheldLimit(per_call=5, burst=20, refill_seconds=60, opening=1, opening_burst=60,
                            opening_refill_seconds=6),
    LOOKUP: WithheldLimit(per_call=4, burst=20, refill_seconds=60, opening=4, opening_burst=80,
                          opening_refill_seconds=3),
    BOOK: WithheldLimit(per_call=1, burst=4, refill_seconds=600),
}


def is_withheld(calling_number: str) -> bool:
    """True when Twilio gave no usable calling number (anonymous, restricted, empty ...)."""
    return not E164.fullmatch(calling_number or "") or calling_number in WITHHELD_SENTINELS


def caller_limit(secret: str | bytes, purpose: str, calling_number: str, call_sid: str | None, limit: int,
                 now: float, member: str) -> tuple[list[str], list]:
    """The KEYS (number's count, call's count) and ARGV group of ``caller_refusal`` for one request.

    ``limit`` is the allowance of a number that shows, per 24 hours.
    """
    withheld = is_withheld(calling_number)
    caller = WITHHELD if withheld else calling_number
    caller_key = keys.caller_limit(purpose, identity.keyed_hash(secret, f"caller:{caller}"))
    call_key = keys.call_limit(purpose, call_sid or "-")
    if withheld:
        rule = WITHHELD_LIMITS[purpose]
        # Without a call to count, no request is a call's first: no opening lane.
        args = [now, "bucket", rule.burst, rule.refill_seconds, member, rule.per_call if call_sid else 0,
                rule.opening if call_sid else 0, rule.opening_burst, rule.opening_refill_seconds]
    else:
        args = [now, "window", limit, WINDOW_SECONDS, member, 0, 0, 0, 1]
    return [caller_key, call_key], args

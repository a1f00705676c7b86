"""Identification attempts per calling number, in a sliding 24-hour window across calls.

The per-document lock (``booking.access``) stops anyone guessing one document's code; this
limit stops one phone trying codes on document after document. Each attempt is counted
before the code is compared, atomically (``lua/caller_limit.lua``), so parallel calls cannot
get past it. A number is kept only as a keyed hash. Withheld numbers (anything not E.164)
share one count with a larger allowance: one caller hiding their number must not shut out
every other caller who does.
"""
import datetime as dt
import re
import secrets

from booking import calendar, identity
from booking.errors import CallerLimited
from booking.scripts import LUA_DIR
from store import keys

MAX_ATTEMPTS = 10
MAX_WITHHELD_ATTEMPTS = 100
WINDOW_SECONDS = 24 * 3600
E164 = re.compile(r"\+[1-9][0-9]{6,14}")
# What Twilio puts in From for a withheld number besides words: ANONYMOUS, RESTRICTED,
# UNAVAILABLE, BLOCKED and UNKNOWN spelled on a keypad.
WITHHELD_SENTINELS = frozenset({"+266696687", "+7378742833", "+86282452253", "+2562533", "+8656696"})


def bucket(calling_number: str) -> tuple[str, int]:
    """The count an attempt from ``calling_number`` goes to, and that count's limit."""
    if E164.fullmatch(calling_number or "") and calling_number not in WITHHELD_SENTINELS:
        return calling_number, MAX_ATTEMPTS
    return "withheld", MAX_WITHHELD_ATTEMPTS


class CallerLimit:
    """Counts identification attempts per calling number and refuses those over the limit."""

    def __init__(self, redis, secret, clock):
        self.secret, self.clock = secret, clock
        self.script = redis.register_script((LUA_DIR / "caller_limit.lua").read_text())

    def count_attempt(self, calling_number: str) -> int:
        """Count one attempt (the count in the window), or raise ``CallerLimited``."""
        caller, limit = bucket(calling_number)
        key = keys.caller_attempts(identity.keyed_hash(self.secret, f"caller:{caller}"))
        result = self.script(keys=[key], args=[self.clock().timestamp(), WINDOW_SECONDS, limit,
                                               secrets.token_hex(8)])
        if result[0] == "limited":
            raise CallerLimited(dt.datetime.fromtimestamp(float(result[1]), calendar.HK_TZ))
        return int(result[1])

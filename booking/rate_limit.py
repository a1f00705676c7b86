"""Identification attempts per calling number, in a sliding 24-hour window across calls.

The per-document lock (``booking.access``) stops anyone guessing one document's code; this
limit stops one phone trying codes on document after document. Each attempt is counted
before the code is compared, atomically and together with the document's count
(``lua/identify.lua``), so parallel calls cannot get past it. A number is kept only as a keyed
hash. Withheld numbers (anything not E.164) share one count with a larger allowance: one
caller hiding their number must not shut out every other caller who does.
"""
import re

from booking import identity
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


def attempts_key(secret: str | bytes, calling_number: str) -> tuple[str, int]:
    """The key counting the attempts from ``calling_number``, and how many its window allows."""
    caller, limit = bucket(calling_number)
    return keys.caller_attempts(identity.keyed_hash(secret, f"caller:{caller}")), limit

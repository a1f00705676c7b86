"""The ledger's Lua scripts, registered once per client, and their outcomes as exceptions.

Every key a script touches is under the ``{ledger}`` hash tag, so it runs unchanged on Redis
Cluster. The keys known beforehand come in KEYS; those a script learns only from what it
reads (a new reference, a record's old slot and documents) it names from templates that
``store.keys`` itself makes, prepended with a shared prelude (``lua/common.lua``).
"""
import datetime as dt
import json
from pathlib import Path

from booking.calendar import HK_TZ
from booking.errors import (
    BookingLocked, CallerLimited, CallLimited, Conflict, DocumentAlreadyBooked, Locked, NotActive, NotFound, OfficeClosed,
    ReminderPhoneMissing, SlotFull, SlotUnavailable, TooLate,
)
from store import keys

LUA_DIR = Path(__file__).resolve().parent / "lua"
SCRIPT_NAMES = ("book", "change", "cancel", "reminder", "identify", "lookup", "limit_peek", "first_open_day", "close",
                "reopen")
KEY_TEMPLATES = {
    "BOOKING_KEY": keys.booking("%s"),
    "USAGE_KEY": keys.slot_usage("%s", "%s"),
    "ROSTER_KEY": keys.day_bookings("%s", "%s"),
    "DOCUMENT_KEY": keys.document_active("%s"),
    "CLOSED_KEY": keys.office_closures("%s"),
    "BOOKING_FAILURES_KEY": keys.booking_failures("%s"),
}

# Script outcomes that are domain errors; "conflict" is retried by the caller first.
FAILURES = {
    "slot_full": SlotFull,
    "closed": SlotUnavailable,
    "not_found": NotFound,
    "not_active": NotActive,
    "too_late": TooLate,
    "conflict": Conflict,
    "no_phone": ReminderPhoneMissing,
    "call_limited": CallLimited,
    "office_closed": OfficeClosed,
}
# Refusals that say until when (epoch seconds).
REFUSED_UNTIL = {"locked": Locked, "booking_locked": BookingLocked}


def _source(name: str) -> str:
    templates = "".join(f"local {constant} = {json.dumps(template)}\n" for constant, template in KEY_TEMPLATES.items())
    return templates + (LUA_DIR / "common.lua").read_text() + "\n" + (LUA_DIR / f"{name}.lua").read_text()


class Scripts:
    """The registered scripts of one Redis client, callable as ``scripts.book(keys, args)``."""

    def __init__(self, redis):
        for name in SCRIPT_NAMES:
            setattr(self, name, redis.register_script(_source(name)))


def check(result, purpose: str | None = None) -> list:
    """The script's result when it succeeded, else the matching domain exception (a limit per calling
    number names the ``purpose`` the script counted: ``booking.rate_limit``)."""
    status = result[0] if isinstance(result, list) else result
    if status in ("ok", "counted"):
        return result
    if status == "document_booked":
        raise DocumentAlreadyBooked(int(result[1]))
    if status == "caller_limited":
        raise CallerLimited(dt.datetime.fromtimestamp(float(result[1]), HK_TZ), purpose)
    if status in REFUSED_UNTIL:
        raise REFUSED_UNTIL[status](dt.datetime.fromtimestamp(float(result[1]), HK_TZ))
    if status in FAILURES:
        raise FAILURES[status]()
    raise RuntimeError(f"unexpected ledger script result {status!r}")


def pairs(flat: list) -> dict:
    """A record a script returned as field/value pairs."""
    return dict(zip(flat[::2], flat[1::2]))

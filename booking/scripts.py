"""The ledger's Lua scripts, registered once per client, and their outcomes as exceptions.

Each script gets every key it touches in KEYS (all under the ``{ledger}`` hash tag), so it
runs unchanged on Redis Cluster; a shared prelude (``lua/common.lua``) is prepended.
"""
from pathlib import Path

from booking.errors import (
    Conflict, DocumentAlreadyBooked, NotActive, NotFound, ReminderPhoneMissing, SlotFull,
    SlotUnavailable,
)

LUA_DIR = Path(__file__).resolve().parent / "lua"
SCRIPT_NAMES = ("book", "change", "cancel", "reminder", "attempt", "first_open_day")

# Script outcomes that are domain errors; "conflict" is retried by the caller first.
FAILURES = {
    "slot_full": SlotFull,
    "closed": SlotUnavailable,
    "not_found": NotFound,
    "not_active": NotActive,
    "conflict": Conflict,
    "no_phone": ReminderPhoneMissing,
}


def _source(name: str) -> str:
    return (LUA_DIR / "common.lua").read_text() + "\n" + (LUA_DIR / f"{name}.lua").read_text()


class Scripts:
    """The registered scripts of one Redis client, callable as ``scripts.book(keys, args)``."""

    def __init__(self, redis):
        for name in SCRIPT_NAMES:
            setattr(self, name, redis.register_script(_source(name)))


def check(result) -> list:
    """The script's result when it succeeded, else the matching domain exception."""
    status = result[0] if isinstance(result, list) else result
    if status in ("ok", "counted"):
        return result
    if status == "document_booked":
        raise DocumentAlreadyBooked(int(result[1]))
    if status in FAILURES:
        raise FAILURES[status]()
    raise RuntimeError(f"unexpected ledger script result {status!r}")

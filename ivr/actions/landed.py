"""A booking (or a move) that landed after its caller heard an apology is read back on their next call (or the fallback URL)."""
import datetime as dt

from booking.model import Booking
from ivr.prompts import applicants_phrase
from ivr.registry import Context, Registry
from ivr.speech import Address, DigitString

HOOKS = Registry()  # this module's hooks; ivr/actions/__init__.py joins them


def landed_words(booking: Booking, catalogue, language: str) -> dict:
    """The parameters of ``main.landed_booking`` for ``booking`` in ``language``."""
    office = catalogue.office(booking.office)
    return {
        "reference": DigitString(booking.reference),
        "office": office.name[language],
        "address": Address(office.address[language]),
        "date": booking.day,
        "time": dt.time.fromisoformat(booking.time),
        "together": applicants_phrase(booking.applicants, "booking.together_one", "booking.together_many"),
    }


def landed_prompt(changed: bool) -> str:
    """What a commit the caller never heard is said with: a booking made, or an appointment moved."""
    return "main.landed_change" if changed else "main.landed_booking"


@HOOKS.action("find_landed_booking", ("none", "found", "changed"))
def find_landed_booking(context: Context) -> str:
    """Whether this caller's last booking or move landed unheard; if so it is said now, and the mark cleared."""
    services, caller = context.services, context.caller
    unheard = services.ledger.unheard
    landed = unheard.landed(caller.get("from", ""), caller.get("sid"), services.reader)
    if landed is None:
        return "none"
    context.data["landed"] = services.remember(landed.booking).reference
    unheard.heard(caller.get("from", ""), caller.get("sid"), pipeline=services.closing_pipeline())
    return "changed" if landed.changed else "found"


@HOOKS.param("landed_booking")
def landed_booking(context: Context) -> dict:
    """The landed booking as the ledger holds it."""
    booking = context.services.booking(context.data["landed"])
    return landed_words(booking, context.services.catalogue, context.language)

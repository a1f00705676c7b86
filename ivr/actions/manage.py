"""Hooks that find an appointment by document and enquiry code, then enquire, change or cancel it (SPEC §4.4)."""
import datetime as dt
from collections.abc import Callable

from booking import calendar
from booking.errors import (
    BookingLocked, CallLimited, CallerLimited, Locked, NotActive, NotFound, OfficeClosed, SlotFull, SlotUnavailable, TooLate,
)
from booking.model import Booking
from booking.reminder_schedule import reminder_changeable, reminder_due
from ivr.actions.commit import booked_readback, hong_kong_mobile
from ivr.actions.limits import caller_refusal, retry_time
from ivr.prompts import PromptRef, applicants_phrase
from ivr.registry import Context, Registry
from ivr.speech import Address, DigitString

HOOKS = Registry()  # this module's hooks; ivr/actions/__init__.py joins them

INTENTS = ("enquire", "change", "cancel")
HOOKS.speaks(
    *(f"manage.task_{intent}" for intent in INTENTS),
    "manage.reminder_is_on", "manage.reminder_is_off", "manage.reminder_turn_on", "manage.reminder_turn_off",
    "manage.reminder_fixed", "manage.reminder_needs_mobile", "manage.reminder_office_closed",
    "manage.appointment_office_closed",
    "manage.reminder_held_closed", "manage.reminder_back", "manage.reminder_not_back",
)


def _begin(intent: str):
    def begin(context: Context) -> str:
        # A new task: forget whatever an earlier menu of this call left in the call's data.
        context.data.clear()
        context.data["intent"] = intent
        return "next"

    begin.__doc__ = f"Start to {intent}: identification comes first."
    return begin


for _intent in INTENTS:
    HOOKS.action(f"begin_{_intent}", ("next",))(_begin(_intent))


@HOOKS.param("manage_task")
def manage_task(context: Context) -> dict:
    """What the caller chose to do, said before the identification."""
    return {"task": PromptRef(f"manage.task_{context.data['intent']}")}


@HOOKS.action(
    "authenticate", ("enquire", "change", "cancel", "not_found", "locked", "booking_locked", "caller_limited",
                     "withheld_busy", "call_limited")
)
def authenticate(context: Context) -> str:
    """Find the appointment; an unknown number and a wrong code are one and the same outcome."""
    data, services = context.data, context.services
    code = data.pop("code")  # checked once, never kept in the call's state
    try:
        booking = services.ledger.authenticate(
            data["doc_type"], data["doc_number"], code, caller=context.caller.get("from", ""),
            pipeline=services.closing_pipeline(), call=context.caller.get("sid"))
    except NotFound:
        return "not_found"
    except (CallerLimited, CallLimited) as limited:
        return caller_refusal(context, limited)
    except Locked as locked:
        data["locked_until"] = locked.until.isoformat()
        # The booking's lock may come from wrong codes on its other documents: never "5 on this number".
        return "booking_locked" if isinstance(locked, BookingLocked) else "locked"
    data["reference"] = services.remember(booking).reference
    return data["intent"]


@HOOKS.param("lock_end")
def lock_end(context: Context) -> dict:
    """When the locked document may be tried again, to the next whole minute."""
    return retry_time(context.data["locked_until"])


def _booking(context: Context) -> Booking:
    return context.services.booking(context.data["reference"])


@HOOKS.param("appointment")
def appointment(context: Context) -> dict:
    """The appointment as the ledger holds it now: reference, who, where, when, reminder."""
    booking = _booking(context)
    office = context.services.catalogue.office(booking.office)
    return {
        "reference": DigitString(booking.reference),
        "applicants": applicants_phrase(booking.applicants, "booking.one_applicant", "booking.applicant_count"),
        "office": office.name[context.language],
        "address": Address(office.address[context.language]),
        "date": booking.day,
        "time": dt.time.fromisoformat(booking.time),
        # A day we closed has no reminder to speak of: say the appointment cannot go ahead.
        "reminder": PromptRef("manage.appointment_office_closed" if _closed(context, booking)
                              else "manage.reminder_is_on" if booking.reminder else "manage.reminder_is_off"),
    }


@HOOKS.param("reminder_choice")
def reminder_choice(context: Context) -> dict:
    """Key 4 of the enquiry menu: turn the reminder off when it is on, on when it is off."""
    booking = _booking(context)
    # Offering a switch that would only be refused wastes the caller's time; key 4 still explains.
    if _closed(context, booking):
        # The reminder the caller asked for comes back with a move (lua/change.lua): say so.
        held = booking.reminder_held
        return {"reminder": PromptRef("manage.reminder_held_closed" if held else "manage.reminder_office_closed")}
    if not reminder_changeable(booking.day, context.services.today()):
        return {"reminder": PromptRef("manage.reminder_fixed")}
    if booking.reminder:
        return {"reminder": PromptRef("manage.reminder_turn_off")}
    if not hong_kong_mobile(context.caller.get("from", "")):
        return {"reminder": PromptRef("manage.reminder_needs_mobile")}
    return {"reminder": PromptRef("manage.reminder_turn_on")}


def _closed(context: Context, booking: Booking) -> bool:
    """True when staff closed the booking's office on its day (and it is still active)."""
    return booking.active and booking.office_closed


def _too_late(context: Context, booking: Booking) -> bool:
    # A closure we made lifts the day-before rule: the caller may move or cancel at once.
    today = context.services.today()
    if booking.day == today and _closed(context, booking):
        return False
    return not calendar.changes_accepted(booking.day, today)


@HOOKS.action("closure_check", ("enquire", "change", "cancel", "closed"))
def closure_check(context: Context) -> str:
    """Before anything else, tell a caller whose office we closed on the appointment day."""
    return "closed" if _closed(context, _booking(context)) else context.data["intent"]


@HOOKS.param("closure")
def closure(context: Context) -> dict:
    """The closed office and day of the caller's appointment."""
    booking = _booking(context)
    office = context.services.catalogue.office(booking.office)
    return {"office": office.name[context.language], "date": booking.day,
            "time": dt.time.fromisoformat(booking.time)}


@HOOKS.action("check_changeable", ("open", "too_late"))
def check_changeable(context: Context) -> str:
    """Whether the appointment may still be cancelled: up to the day before it."""
    return "too_late" if _too_late(context, _booking(context)) else "open"


@HOOKS.action("start_change", ("open", "too_late"))
def start_change(context: Context) -> str:
    """Prepare the booking's office, date and time steps to move this appointment."""
    booking = _booking(context)
    if _too_late(context, booking):
        return "too_late"
    # A reminder a closure of its day held goes with the move, as one that is on does: the summary
    # says whether it can be sent for the new day.
    context.data.update(
        purpose="change", applicant_count=booking.applicants, app_type=booking.app_type,
        reminder=booking.reminder or booking.reminder_held, reminder_held=booking.reminder_held,
    )
    return "open"


def _write(context: Context, done: str, write: Callable[[], Booking], closed: str = "day_closed") -> str:
    """Run a ledger write and keep the booking it returns, or say why it was refused (``closed``:
    the outcome when staff closed the office that day while the caller listened)."""
    try:
        context.services.remember(write())
    except OfficeClosed:
        return closed
    except (SlotFull, SlotUnavailable):
        return "slot_taken"
    except TooLate:
        return "too_late"
    except NotActive:
        return "gone"
    return done


@HOOKS.action("commit_change", ("changed", "slot_taken", "day_closed", "too_late", "gone"))
def commit_change(context: Context) -> str:
    """Move the appointment in one atomic step: old places given back, new ones taken."""
    data, ledger, caller = context.data, context.services.ledger, context.caller
    day = dt.date.fromisoformat(data["day"])
    outcome = _write(context, "changed", lambda: ledger.change(data["reference"], data["office"], day, data["time"],
                                                               caller=caller.get("from", ""), call=caller.get("sid")))
    if outcome == "changed":  # heard once this webhook saves the call; if it never does, the next call says it
        ledger.unheard.heard(caller.get("from", ""), caller.get("sid"), pipeline=context.services.closing_pipeline())
        # What the ledger scheduled, not what the summary expected: the read-back says the same.
        data["reminder"] = _booking(context).reminder
    return outcome


@HOOKS.param("changed_readback")
def changed_readback(context: Context) -> dict:
    """The moved appointment as committed; when a closure had held its SMS reminder, whether the
    move gave it back for the new day (and when it is sent) or none can be sent for so near a day."""
    data = context.data
    reminder = ""
    if data.get("reminder_held") and data["reminder"]:
        due = reminder_due(dt.date.fromisoformat(data["day"]))
        reminder = PromptRef("manage.reminder_back", (("date", due.date()), ("time", due.time())))
    elif data.get("reminder_held"):
        reminder = PromptRef("manage.reminder_not_back")
    return {**booked_readback(context), "reminder": reminder}


def _once(context: Context) -> str:
    """This webhook's request (the call and the turn it answers): Twilio's repeat of it names the same."""
    return f"{context.caller.get('sid', '')}:{context.turn}"


@HOOKS.action("commit_cancel", ("cancelled", "too_late", "gone"))
def commit_cancel(context: Context) -> str:
    """Cancel the appointment and give its places back (once: a repeat hears it cancelled)."""
    return _write(context, "cancelled",
                  lambda: context.services.ledger.cancel(context.data["reference"], once=_once(context)))


@HOOKS.action("switch_reminder", ("on", "off", "too_late", "no_mobile", "gone", "closed"))
def switch_reminder(context: Context) -> str:
    """Turn the SMS reminder off, or on to the calling Hong Kong mobile; up to 3 days before."""
    booking = _booking(context)
    if _closed(context, booking):
        return "closed"
    if not reminder_changeable(booking.day, context.services.today()):
        return "too_late"
    phone = None if booking.reminder else hong_kong_mobile(context.caller.get("from", ""))
    if not booking.reminder and phone is None:
        return "no_mobile"
    ledger = context.services.ledger
    outcome = _write(context, "switched",
                     lambda: ledger.set_reminder(booking.reference, not booking.reminder, phone, seen=booking,
                                                 once=_once(context)),
                     closed="closed")
    # Said as the ledger answered: a repeat of this request switched nothing and hears the first switch.
    return ("on" if _booking(context).reminder else "off") if outcome == "switched" else outcome

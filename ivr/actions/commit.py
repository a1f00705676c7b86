"""Hooks that finish a booking: enquiry code, reminder, summary and the atomic commit (§4.3.7-3.9)."""
import datetime as dt

import phonenumbers

from booking.errors import CallerLimited, CallLimited, DocumentAlreadyBooked, OfficeClosed, SlotFull, SlotUnavailable
from booking.model import Applicant, BookingRequest
from booking.office_model import Office
from booking.reminder_schedule import reminder_due, reminder_possible
from ivr.actions.applicants import refused_at_commit
from ivr.actions.limits import caller_refusal
from ivr.prompts import PromptRef, Secret, applicants_phrase
from ivr.registry import Context, Invalid, Registry
from ivr.speech import Address, DigitString

HOOKS = Registry()  # this module's hooks; ivr/actions/__init__.py joins them

MOBILE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
HOOKS.speaks(
    "booking.bad_code", "booking.reminder_on", "booking.reminder_off", "booking.reminder_dropped",
    "booking.one_applicant",
    "booking.applicant_count", "booking.together_one", "booking.together_many", "booking.cannot_book_applicant",
    "booking.booked_reminder", "booking.booked_sms",
)


@HOOKS.validator("enquiry_code")
def enquiry_code(keys: str, context: Context) -> str:
    """A personal code of exactly four digits."""
    if len(keys) != 4 or not keys.isdigit():
        raise Invalid("booking.bad_code")
    return keys


def hong_kong_mobile(number: str) -> str | None:
    """The caller's number in E.164 when it is a Hong Kong mobile number, else None."""
    try:
        parsed = phonenumbers.parse(number, "HK")
    except phonenumbers.NumberParseException:
        return None  # withheld ("anonymous", "") or not a number
    is_hk = phonenumbers.region_code_for_number(parsed) == "HK"
    if is_hk and phonenumbers.number_type(parsed) in MOBILE_TYPES:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


def _reminder_possible(context: Context) -> bool:
    """True while a reminder for the chosen day can still be sent (SPEC §2: 2 days before)."""
    return reminder_possible(dt.date.fromisoformat(context.data["day"]), context.services.clock())


@HOOKS.action("can_remind", ("mobile", "no", "too_near"))
def can_remind(context: Context) -> str:
    """Offer the SMS reminder only to a Hong Kong mobile number, and only while it can be sent."""
    data = context.data
    data["reminder"] = False
    if not hong_kong_mobile(context.caller.get("from", "")):
        return "no"
    if _reminder_possible(context):
        return "mobile"
    # Said once for the day: back at the confirmation (an applicant refused there) it is known.
    if data.get("told_too_near") == data["day"]:
        return "no"
    data["told_too_near"] = data["day"]
    return "too_near"


def _reminder_phrase(context: Context) -> PromptRef:
    """How the summary states the reminder: on, off, or dropped because the day is too near."""
    if not context.data["reminder"]:
        return PromptRef("booking.reminder_off")
    return PromptRef("booking.reminder_on" if _reminder_possible(context) else "booking.reminder_dropped")


def _chosen_slot(context: Context) -> tuple[Office, dict]:
    """The office in the call's data, and its name, the date and the time as prompt parameters."""
    data = context.data
    office = context.services.catalogue.office(data["office"])
    return office, {
        "office": office.name[context.language],
        "date": dt.date.fromisoformat(data["day"]),
        "time": dt.time.fromisoformat(data["time"]),
    }


@HOOKS.param("booking_summary")
def booking_summary(context: Context) -> dict:
    """What is about to be booked, for the caller to confirm."""
    return {**group_summary(context), "reminder": _reminder_phrase(context)}


@HOOKS.param("group_summary")
def group_summary(context: Context) -> dict:
    """Who, where and when is about to be booked, once the group has changed at the confirmation."""
    _, slot = _chosen_slot(context)
    count = context.data["applicant_count"]
    return {**slot, "applicants": applicants_phrase(count, "booking.one_applicant", "booking.applicant_count")}


def _contact_phone(context: Context) -> str | None:
    """The mobile number kept with the booking: for the reminder chosen, or (when none could be
    offered for so near a day) for a closure notice only; the ledger schedules what can be sent."""
    if context.data["reminder"] or not _reminder_possible(context):
        return hong_kong_mobile(context.caller.get("from", ""))
    return None


@HOOKS.param("chosen_code")
def chosen_code(context: Context) -> dict:
    """The enquiry code read back before the booking is confirmed: it is keyed only once."""
    return {"code": Secret(DigitString(context.data["code"]))}


@HOOKS.action(
    "commit_booking",
    ("booked", "slot_taken", "day_closed", "refused", "refused_alone", "caller_limited", "withheld_busy",
     "call_limited")
)
def commit_booking(context: Context) -> str:
    """Book atomically; a repeated webhook of the same turn books once (idempotency key)."""
    data = context.data
    request = BookingRequest(
        applicants=tuple(Applicant(a["doc_type"], a["doc_number"], a["birth_day"], a["birth_year"]) for a in data["applicants"]),
        office=data["office"],
        day=dt.date.fromisoformat(data["day"]),
        time=data["time"],
        app_type=data["app_type"],
        enquiry_code=data["code"],
        reminder_phone=_contact_phone(context),
        language=context.language,
    )
    caller = context.caller
    # A mobile caller gets the booking by SMS too (reference, office, address, date, time): the
    # ledger queues it with the booking, for the reminder worker to send.
    mobile = hong_kong_mobile(caller.get("from", ""))
    try:
        reference = context.services.ledger.book(request, f"{caller['sid']}:{context.turn}",
                                                 caller=caller.get("from", ""), call=caller.get("sid"),
                                                 confirm_to=mobile)
    except OfficeClosed:  # staff closed the office that day while the caller listened
        return "day_closed"
    except (SlotFull, SlotUnavailable):
        return "slot_taken"
    except DocumentAlreadyBooked as refused:
        # Its own birth date would have heard "already booked" when it was keyed: this one did
        # not match, and whether a stranger's document is booked is not said (SPEC §2). Only its
        # place is named; the caller chooses what to do with it.
        context.say("booking.cannot_book_applicant", number=refused.index + 1)
        return refused_at_commit(data, refused.index)
    except (CallerLimited, CallLimited) as limited:
        return caller_refusal(context, limited)
    # Heard once this webhook saves the call; if it never does, the next call says it (landed.py).
    context.services.ledger.unheard.heard(caller.get("from", ""), caller.get("sid"),
                                          pipeline=context.services.closing_pipeline())
    # The call no longer needs the personal details: keep only what the read-back says.
    for name in ("applicants", "code"):
        data.pop(name)
    # The ledger schedules the reminder chosen only while it can be sent: the read-back says the same.
    data.update(reference=reference, applicant_count=len(request.applicants),
                reminder=data["reminder"] and _reminder_possible(context), sms=bool(mobile))
    return "booked"


@HOOKS.param("booked_readback")
def booked_readback(context: Context) -> dict:
    """The booking as committed: reference digit by digit, where, when, how many, that its details
    follow by SMS (a mobile caller), and when the SMS reminder is sent (only when one is scheduled)."""
    data = context.data
    office, slot = _chosen_slot(context)
    due = reminder_due(dt.date.fromisoformat(data["day"]))
    reminder = (("date", due.date()), ("time", due.time()))
    return {
        **slot,
        "address": Address(office.address[context.language]),
        "reference": DigitString(data["reference"]),
        "together": applicants_phrase(data["applicant_count"], "booking.together_one", "booking.together_many"),
        "reminder": PromptRef("booking.booked_reminder", reminder) if data["reminder"] else "",
        "sms": PromptRef("booking.booked_sms") if data.get("sms") else "",
    }

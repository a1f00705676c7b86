"""What a hook answers when a limit per calling number refuses a request (``booking.rate_limit``)."""
import datetime as dt

from booking import calendar
from booking.errors import CallerLimited, CallLimited
from booking.rate_limit import BOOK, IDENTIFY, LOOKUP, is_withheld
from ivr.prompts import PromptRef
from ivr.registry import Context, Registry

HOOKS = Registry()  # this module's hooks; ivr/actions/__init__.py joins them

# What withheld numbers together have used up, by the purpose the ledger counted.
WITHHELD_USED_UP = {BOOK: "common.withheld_bookings", IDENTIFY: "common.withheld_codes", LOOKUP: "common.withheld_checks"}
HOOKS.speaks(*WITHHELD_USED_UP.values())


def caller_refusal(context: Context, limited: CallerLimited | CallLimited) -> str:
    """The outcome: this call's cap, the bucket withheld numbers share, or the number's own limit (with its end)."""
    if isinstance(limited, CallLimited):
        return "call_limited"
    context.data["locked_until"] = limited.until.isoformat()
    if is_withheld(context.caller.get("from", "")):
        context.data["withheld_purpose"] = limited.purpose
        return "withheld_busy"
    return "caller_limited"


def retry_time(until_iso: str) -> dict:
    """When a refused request may be made again, to the next whole minute: the ``date`` and ``time``."""
    until = dt.datetime.fromisoformat(until_iso).astimezone(calendar.HK_TZ)
    if until.second or until.microsecond:
        # Rounded up: a caller told "ten o'clock" must not be refused at ten o'clock.
        until = until.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    return {"date": until.date(), "time": until.time()}


@HOOKS.param("withheld_limit")
def withheld_limit(context: Context) -> dict:
    """What withheld numbers together have used up, and when the shared allowance gives one back."""
    return {"used_up": PromptRef(WITHHELD_USED_UP[context.data["withheld_purpose"]]),
            **retry_time(context.data["locked_until"])}

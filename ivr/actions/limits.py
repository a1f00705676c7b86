"""What a hook answers when a limit per calling number refuses a request (``booking.rate_limit``)."""
from booking.errors import CallerLimited, CallLimited
from booking.rate_limit import is_withheld
from ivr.registry import Context


def caller_refusal(context: Context, limited: CallerLimited | CallLimited) -> str:
    """The outcome: this call's cap, the bucket withheld numbers share, or the number's own limit (with its end)."""
    if isinstance(limited, CallLimited):
        return "call_limited"
    if is_withheld(context.caller.get("from", "")):
        return "withheld_busy"
    context.data["locked_until"] = limited.until.isoformat()
    return "caller_limited"

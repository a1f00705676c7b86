"""Times as supervisors read and type them: Hong Kong dates and times, ISO instants."""
import datetime as dt

from booking.calendar import HK_TZ, hk_today


def parse_since(text: str | None) -> float | None:
    """The instant a ``--since`` value names: a date (midnight in Hong Kong) or an ISO time."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD) or an ISO time: {text!r}") from None
    # A time typed without a zone is Hong Kong time, as everything else on the line.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=HK_TZ)
    return moment.timestamp()


def parse_day(text: str | None) -> dt.date:
    """The day a ``--date`` value names (YYYY-MM-DD); today in Hong Kong when empty."""
    if not text:
        return hk_today()
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from None
    if day == dt.date.max:  # a day's calls run to the start of the next, which no date can name
        raise ValueError(f"not a date the call log can hold: {text!r}")
    return day


def day_bounds(day: dt.date) -> tuple[float, float]:
    """The first instant of a Hong Kong day and of the next one, as Unix timestamps."""
    start = dt.datetime.combine(day, dt.time(0), HK_TZ)
    return start.timestamp(), (start + dt.timedelta(days=1)).timestamp()


def hk_time(timestamp: float) -> dt.datetime:
    """A Unix timestamp as an aware Hong Kong time."""
    return dt.datetime.fromtimestamp(timestamp, HK_TZ)


def shown(timestamp: float | None) -> str:
    """A timestamp as supervisors read it: ``2025-03-03 10:15:02``, Hong Kong time."""
    return hk_time(timestamp).strftime("%Y-%m-%d %H:%M:%S") if timestamp else ""

"""Hong Kong working days and the booking window (SPEC §2).

A working day is Monday to Saturday except a general holiday (``holidays.HK`` with the
``public`` and ``optional`` categories: ``public`` alone misses Good Friday and others).
Office closures entered by staff are per office and live in the ledger, not here.
"""
import datetime as dt
from functools import lru_cache
from typing import Iterator
from zoneinfo import ZoneInfo

import holidays

HK_TZ = ZoneInfo("Asia/Hong_Kong")
WINDOW_WORKING_DAYS = 96
HOLIDAY_CATEGORIES = ("public", "optional")
SUNDAY = 6


def hk_now() -> dt.datetime:
    """The current time in Hong Kong (aware)."""
    return dt.datetime.now(HK_TZ)


def hk_today(now: dt.datetime | None = None) -> dt.date:
    """The Hong Kong calendar date at ``now`` (an aware datetime; default: the real now)."""
    if now is None:
        return hk_now().date()
    if now.tzinfo is None:
        # A naive time would silently be read as the server's zone, which is rarely HK.
        raise ValueError("hk_today needs an aware datetime")
    return now.astimezone(HK_TZ).date()


@lru_cache(maxsize=None)
def _holidays_of(year: int) -> frozenset[dt.date]:
    # Building the holidays calendar costs ~1 ms; the slot search asks about hundreds of days.
    return frozenset(holidays.HK(categories=HOLIDAY_CATEGORIES, years=year).keys())


def is_general_holiday(day: dt.date) -> bool:
    """True when ``day`` is a Hong Kong general holiday."""
    return day in _holidays_of(day.year)


@lru_cache(maxsize=4096)
def is_working_day(day: dt.date) -> bool:
    """True for Monday to Saturday when not a general holiday."""
    return day.weekday() != SUNDAY and not is_general_holiday(day)


def working_days_after(day: dt.date) -> Iterator[dt.date]:
    """The working days strictly after ``day``, in order, without end."""
    current = day
    while True:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            yield current


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    return next(working_days_after(day))


def working_days_between(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The working days from ``first`` to ``last``, both included."""
    current = first
    while current <= last:
        if is_working_day(current):
            yield current
        current += dt.timedelta(days=1)


@lru_cache(maxsize=64)
def window_days(today: dt.date) -> tuple[dt.date, ...]:
    """The bookable working days for a call on ``today``: working days 1 to 96."""
    days = working_days_after(today)
    return tuple(next(days) for _ in range(WINDOW_WORKING_DAYS))


def booking_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """First and last bookable day for a call on ``today`` (the call's day is day 0)."""
    days = window_days(today)
    return days[0], days[-1]


def earliest_change_date(today: dt.date) -> dt.date:
    """The earliest day an appointment changed on ``today`` may move to (next working day)."""
    return next_working_day(today)


def changes_accepted(appointment: dt.date, today: dt.date) -> bool:
    """True while an appointment may be changed or cancelled: up to the day before it."""
    return today < appointment


def in_window(today: dt.date, day: dt.date) -> bool:
    """True when ``day`` is a bookable day for a call on ``today``."""
    first, last = booking_window(today)
    return first <= day <= last and is_working_day(day)

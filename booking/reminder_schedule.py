"""When an SMS reminder falls due: 2 days before the appointment, at 10:00 Hong Kong time.

The ledger keeps ``store.keys.reminders_due()`` (score = due epoch seconds) in step with
every booking, change, cancellation and reminder switch; a worker sends what is due.
"""
import datetime as dt

from booking.calendar import HK_TZ

DAYS_BEFORE = 2
SEND_AT = dt.time(10, 0)
LAST_CHANGE_DAYS_BEFORE = 3


def reminder_due(day: dt.date) -> dt.datetime:
    """The moment the reminder for an appointment on ``day`` falls due."""
    return dt.datetime.combine(day - dt.timedelta(days=DAYS_BEFORE), SEND_AT, HK_TZ)


def reminder_possible(day: dt.date, now: dt.datetime) -> bool:
    """True while the reminder of an appointment on ``day`` can still be sent (its moment is ahead)."""
    return reminder_due(day) > now


def due_score(day: dt.date, now: dt.datetime) -> str:
    """The sorted-set score of the reminder, or "" when its moment has already passed."""
    # A booking made (or moved) less than two days ahead has no reminder to send; the ledger
    # then stores the booking without one, so the flag never promises what will not come.
    return str(int(reminder_due(day).timestamp())) if reminder_possible(day, now) else ""


def reminder_changeable(day: dt.date, today: dt.date) -> bool:
    """True while the reminder may still be switched: up to 3 days before the appointment."""
    return today <= day - dt.timedelta(days=LAST_CHANGE_DAYS_BEFORE)

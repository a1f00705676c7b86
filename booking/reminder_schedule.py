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


def due_score(day: dt.date, now: dt.datetime) -> str:
    """The sorted-set score of the reminder, or "" when its moment has already passed."""
    due = reminder_due(day)
    # A booking made less than two days ahead has no reminder to send: the caller has
    # just heard the appointment read back.
    return str(int(due.timestamp())) if due > now else ""


def reminder_changeable(day: dt.date, today: dt.date) -> bool:
    """True while the reminder may still be switched: up to 3 days before the appointment."""
    return today <= day - dt.timedelta(days=LAST_CHANGE_DAYS_BEFORE)

"""Closure SMS notices: one per booking hit by an office closure, sent with the reminder sender.

``offices close`` queues a notice for each active booking that kept a mobile number
(``booking/staff.py``); the reminder worker sends them too, claiming each through the same
claim and settle scripts as reminders (``queue.CLOSURE_NOTICES``), so two workers never send
one twice, and sending it as reminders are sent (``reminders.delivery``): Twilio's message list
asked after a timeout, retries capped with a doubling wait.
"""
import datetime as dt
import logging

from booking.errors import NotFound
from booking.identity import mask_phone
from ivr.prompts import PromptRef
from reminders.delivery import QueuedSms
from reminders.queue import DROP

log = logging.getLogger(__name__)


class ClosureText:
    """Writes the closure notice of a booking from the prompt catalogue, in its language."""

    def __init__(self, prompts, catalogue):
        prompts.require(("sms.closure", "sms.date"))
        self.prompts, self.catalogue = prompts, catalogue

    def of(self, booking) -> str:
        """The SMS text: office, closed day, time and reference, and how to move the appointment."""
        day, language = booking.day, booking.language
        date = PromptRef("sms.date", (("day", str(day.day)), ("month", str(day.month)), ("year", str(day.year))))
        return self.prompts.render("sms.closure", language, {
            "office": self.catalogue.office(booking.office).name[language],
            "date": date, "time": booking.time, "reference": booking.reference,
        })


class ClosureNotices(QueuedSms):
    """Sends due closure notices from ``queue`` (keys ``CLOSURE_NOTICES``) with ``sender``."""

    kind = "closure notice"

    def _deliver(self, member: str) -> None:
        reference, office, day = member.split("|")
        reason = self._skip_reason(member, reference, office, dt.date.fromisoformat(day))
        if reason:
            log.info("closure notice %s not sent: %s", reference, reason)
            self.queue.settle(member, DROP)
            return
        phone = self.ledger.reminder_phone(reference)
        sid = self.delivery.send(member, f"closure notice {reference}", phone, self.text.of(self.ledger.get(reference)))
        if sid is None:
            return
        # A notice leaves no mark on the booking: settling it removes it from the queue for good.
        self.queue.settle(member, DROP)
        log.info("closure notice %s done: %s to %s", reference, sid, mask_phone(phone))

    def _skip_reason(self, member: str, reference: str, office: str, day: dt.date) -> str | None:
        try:
            booking = self.ledger.get(reference)
        except NotFound:
            return "no such booking"
        if not booking.active:
            return "cancelled"
        if (booking.office, booking.day) != (office, day):
            return "already moved"
        if not self.ledger.is_closed(office, day):
            return "the office reopened"
        if not self.queue.holds(member):
            return "claim taken over by another worker"
        return None

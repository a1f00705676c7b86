"""Booking confirmation SMS: one to the mobile number a booking was made from, sent with the reminder sender.

When a caller on a Hong Kong mobile number books (``ivr/actions/commit.py``), ``booking/lua/book.lua``
queues the confirmation in the same step as the booking (once: a repeated confirm books nothing
more), the number sealed beside it, so a booking that landed unheard is confirmed too. The
reminder worker sends it with the reminders and closure notices, claiming each through the same
claim and settle scripts (``queue.CONFIRMATIONS``), so two workers never send one twice, and
sending it as they are sent (``reminders.delivery``); the number is forgotten once the
confirmation is settled.
"""
import logging

from booking import calendar
from booking.errors import NotFound
from booking.identity import mask_phone
from ivr.prompts import PromptRef, applicants_phrase
from reminders.delivery import QueuedSms
from reminders.queue import DROP

log = logging.getLogger(__name__)

PROMPT_IDS = ("sms.confirmation", "sms.date", "booking.together_one", "booking.together_many")


class ConfirmationText:
    """Writes the confirmation of a booking from the prompt catalogue, in its language."""

    def __init__(self, prompts, catalogue):
        prompts.require(PROMPT_IDS)
        self.prompts, self.catalogue = prompts, catalogue

    def of(self, booking) -> str:
        """The SMS text: reference, office, address, date and time in figures, who must come."""
        day, language = booking.day, booking.language
        office = self.catalogue.office(booking.office)
        date = PromptRef("sms.date", (("day", str(day.day)), ("month", str(day.month)), ("year", str(day.year))))
        return self.prompts.render("sms.confirmation", language, {
            "reference": booking.reference, "office": office.name[language], "address": office.address[language],
            "date": date, "time": booking.time,
            "together": applicants_phrase(booking.applicants, "booking.together_one", "booking.together_many"),
        })


class Confirmations(QueuedSms):
    """Sends queued booking confirmations from ``queue`` (keys ``CONFIRMATIONS``) with ``sender``."""

    kind = "booking confirmation"

    def _deliver(self, reference: str) -> None:
        try:
            booking = self.ledger.get(reference)
        except NotFound:
            booking = None
        phone = self.ledger.confirmation_phone(reference)
        reason = self._skip(reference, booking, phone)
        if reason:
            log.info("booking confirmation %s not sent: %s", reference, reason)
            self._settle(reference)
            return
        sid = self.delivery.send(reference, f"booking confirmation {reference}", phone, self.text.of(booking))
        if sid is None:  # failed: due again later, or given up (settled: then the number goes)
            if not self.queue.is_due(reference):
                self.ledger.forget_confirmation_phone(reference)
            return
        self._settle(reference)
        log.info("booking confirmation %s done: %s to %s", reference, sid, mask_phone(phone))

    def _skip(self, reference: str, booking, phone: str | None) -> str | None:
        if booking is None:
            return "no such booking"
        if not booking.active:
            return "cancelled"
        if phone is None:
            return "no number kept"
        if calendar.hk_today(self.clock()) > booking.day:
            return "the appointment has passed"
        if not self.queue.holds(reference):
            return "claim taken over by another worker"
        return None

    def _settle(self, reference: str) -> None:
        """Settled for good (sent, or not to be sent): it leaves the queue, and its number goes."""
        if self.queue.settle(reference, DROP):
            self.ledger.forget_confirmation_phone(reference)

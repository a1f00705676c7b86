"""The reminder worker: sends each due SMS reminder once, in the booking's language.

Any number of workers may run. Each claims due reminders atomically (``queue.py``), checks
the booking as it stands now, sends, and settles the claim. A worker that dies holding a
claim loses it after ``claim_seconds``: the reminder falls due again and the next claim logs it.
Twilio's timeout is far shorter than a claim, so a merely slow worker never loses its claim.

Each send goes through ``reminders.delivery``: marked as being sent first, so after a timeout
or a worker's death the next attempt asks Twilio's message list before sending again; a
failed send is tried again with a doubling wait, at most ``max_attempts`` times in all.
"""
import logging
import os
import secrets
import socket
import threading

import redis

from booking import calendar
from booking.errors import NotFound
from booking.identity import mask_phone
from booking.model import Booking
from booking.reminder_schedule import reminder_due
from reminders.delivery import MAX_ATTEMPTS, MAX_RETRY_SECONDS, Delivery
from reminders.queue import DROP, SENT

log = logging.getLogger(__name__)

BATCH = 50


def worker_token() -> str:
    """A name for this worker's claims that says where it runs."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class ReminderWorker:
    """Delivers due reminders from ``queue`` with ``sender``; ``clock()`` is an aware datetime."""

    def __init__(self, queue, ledger, text, sender, clock, claim_seconds: int = 300, retry_seconds: int = 300,
                 batch: int = BATCH, notices=None, confirmations=None, max_attempts: int = MAX_ATTEMPTS,
                 max_retry_seconds: int = MAX_RETRY_SECONDS):
        self.queue, self.ledger, self.text, self.sender, self.clock = queue, ledger, text, sender, clock
        self.claim_seconds, self.batch = claim_seconds, batch
        self.delivery = Delivery(queue, sender, clock, retry_seconds, max_attempts, max_retry_seconds)
        self.notices = notices  # closure SMS notices (reminders/closures.py), sent alongside
        self.confirmations = confirmations  # booking confirmation SMS (reminders/confirmations.py), likewise

    def run_once(self) -> int:
        """Claim a batch of what is due now and deliver it; how many were claimed."""
        claimed = self.queue.claim(self.clock().timestamp(), self.claim_seconds, self.batch)
        for reference in claimed.recovered:
            log.warning("reminder %s: a worker's claim lapsed before it settled; due again "
                        "(Twilio's message list is asked before it is sent again)", reference)
        for reference in claimed.references:
            try:
                self._deliver(reference)
            except Exception:  # one bad record must not stall every other reminder
                log.exception("reminder %s failed", reference)
                # Unsure: the failure may have come after Twilio took the SMS.
                self.delivery.retry_later(reference, f"reminder {reference}", unsure=True)
        others = sum(sender.run_once() for sender in (self.notices, self.confirmations) if sender)
        return len(claimed.references) + others

    def drain(self) -> int:
        """Deliver everything due now; how many SMS (reminders, notices, confirmations) were claimed."""
        total = 0
        while count := self.run_once():
            total += count
        return total

    def run(self, stop: threading.Event, interval: float) -> None:
        """Deliver until ``stop`` is set, looking for due reminders every ``interval`` seconds."""
        log.info("reminder worker %s started", self.queue.token)
        while not stop.is_set():
            try:
                busy = self.run_once()
            except redis.RedisError:
                log.exception("reminder worker: Redis unavailable; trying again in %s s", interval)
                busy = 0
            if not busy:
                stop.wait(interval)
        log.info("reminder worker %s stopped", self.queue.token)

    def _deliver(self, reference: str) -> None:
        try:
            booking = self.ledger.get(reference)
        except NotFound:
            booking = None
        reason = self._skip_reason(reference, booking)
        if reason:
            log.info("reminder %s not sent: %s", reference, reason)
            self.queue.settle(reference, DROP)
        elif not self.queue.holds(reference):
            log.warning("reminder %s: claim taken over by another worker before sending; left to it", reference)
        else:
            self._send(reference, booking)

    def _skip_reason(self, reference: str, booking: Booking | None) -> str | None:
        now = self.clock()
        if booking is None:
            return "no such booking"
        if not booking.active:
            return "cancelled"
        if not booking.reminder:
            return "reminder turned off"
        # Never remind a caller to come to an office staff closed that day, even if closing
        # left the flag behind (it drops it): the closure SMS notice tells them instead.
        if booking.office_closed or self.ledger.is_closed(booking.office, booking.day):
            return "its office is closed that day"
        if calendar.hk_today(now) > booking.day:
            return "the appointment has passed"
        if reminder_due(booking.day) > now:
            return "the appointment moved; its reminder is scheduled again"
        if self.queue.reminded(reference) == _appointment(booking):
            return "already sent for this appointment"
        return None

    def _send(self, reference: str, booking: Booking) -> None:
        phone = self.ledger.reminder_phone(reference)
        sid = self.delivery.send(reference, f"reminder {reference}", phone, self.text.of(booking))
        if sid is None:
            return
        settled = self.queue.settle(reference, SENT, _appointment(booking), self.clock().isoformat())
        log.info("reminder %s done: %s to %s%s", reference, sid, mask_phone(phone),
                 "" if settled else "; its claim had lapsed meanwhile")


def _appointment(booking: Booking) -> str:
    return f"{booking.day.isoformat()} {booking.time}"

"""One SMS delivery attempt of a claimed reminder, closure notice or booking confirmation, and its
retries; and the claim loop of the messages queued by the ledger (closure notices, confirmations).

Shared by the reminder worker and the queued messages, so all send at most once and give up
alike. Before each send the queue marks it as being sent (``ReminderQueue.sending``): a send
that timed out, and one whose worker died before it settled, are both unsure, and the next
attempt asks Twilio's message list whether that text already went to that number before it
sends again. A failed send is tried again after ``retry_seconds``, doubling each time up to
``max_retry_seconds``, at most ``max_attempts`` times in all; then it is given up and logged
as an error. A refusal that trying again cannot help (4xx but 429) is given up at once.
"""
import dataclasses
import logging
from collections.abc import Callable

from booking.identity import mask_phone
from reminders.queue import DROP, RETRY
from reminders.sms import SendFailed

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
MAX_RETRY_SECONDS = 3600


@dataclasses.dataclass(frozen=True)
class Delivery:
    """Sends claimed SMS of ``queue`` with ``sender``; ``clock()`` is an aware datetime."""

    queue: object
    sender: object
    clock: Callable
    retry_seconds: int
    max_attempts: int = MAX_ATTEMPTS
    max_retry_seconds: int = MAX_RETRY_SECONDS

    def send(self, member: str, name: str, phone: str, body: str) -> str | None:
        """Send ``body`` to ``phone`` unless Twilio already has it; the message SID, or None when
        it failed (then retried later or given up: settled here). ``name`` says what it is, in the log."""
        _, unsure = self.queue.attempts(member)
        self.queue.sending(member)  # from here until the settle, a death leaves this send unsure
        try:
            # After a timeout or a worker's death, Twilio may have the message already: its list says.
            return (unsure and self.sender.find_sent(phone, body)) or self.sender.send(phone, body)
        except SendFailed as failed:
            if failed.permanent:
                log.error("%s to %s refused, not retried: %s", name, mask_phone(phone), failed)
                self.queue.settle(member, DROP)
            else:
                self.retry_later(member, name, failed.unsure, f"to {mask_phone(phone)} not sent: {failed}")
            return None

    def retry_later(self, member: str, name: str, unsure: bool = False, why: str = "failed") -> None:
        """Try again after a backoff that doubles with each failure, or give up after the last attempt."""
        failed, _ = self.queue.attempts(member)
        if failed + 1 >= self.max_attempts:
            log.error("%s %s; given up after %d attempts", name, why, failed + 1)
            self.queue.settle(member, DROP)
            return
        delay = min(self.retry_seconds * 2 ** failed, self.max_retry_seconds)
        log.warning("%s %s; attempt %d of %d, next in %d s", name, why, failed + 1, self.max_attempts, delay)
        self.queue.settle(member, RETRY, int(self.clock().timestamp()) + delay, "1" if unsure else "0")


class QueuedSms:
    """Sends the due messages of ``queue`` with ``sender``, a claimed batch at a time; a subclass
    says what one message ``kind`` is and how it is checked and sent (``_deliver``)."""

    kind = "message"  # what one message is, in the log

    def __init__(self, queue, ledger, text, sender, clock, claim_seconds: int, retry_seconds: int, batch: int,
                 max_attempts: int = MAX_ATTEMPTS, max_retry_seconds: int = MAX_RETRY_SECONDS):
        self.queue, self.ledger, self.text, self.sender, self.clock = queue, ledger, text, sender, clock
        self.claim_seconds, self.batch = claim_seconds, batch
        self.delivery = Delivery(queue, sender, clock, retry_seconds, max_attempts, max_retry_seconds)

    def run_once(self) -> int:
        """Claim a batch of queued messages and send them; how many were claimed."""
        claimed = self.queue.claim(self.clock().timestamp(), self.claim_seconds, self.batch)
        for member in claimed.references:
            try:
                self._deliver(member)
            except Exception:  # one bad record must not stall the other messages
                log.exception("%s %s failed; trying again later", self.kind, member.split("|")[0])
                self.delivery.retry_later(member, f"{self.kind} {member.split('|')[0]}", unsure=True)
        return len(claimed.references)

    def _deliver(self, member: str) -> None:
        raise NotImplementedError

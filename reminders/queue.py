"""The reminders due, as workers see them: claim atomically, then settle each claim once.

The ledger keeps ``store.keys.reminders_due()`` in step with every booking, change and
cancellation. A worker claims due references with ``lua/claim.lua`` (out of the due set and
into the claimed set, under its own token, in one step) and settles each with
``lua/settle.lua``, which does nothing unless the claim is still that worker's, and counts the
failed attempts of each reminder and whether one of them may have gone. All keys share
the ``{ledger}`` hash tag, so both scripts run unchanged on Redis Cluster.
"""
from dataclasses import dataclass
from pathlib import Path

from store import keys

LUA_DIR = Path(__file__).resolve().parent / "lua"
SENT, RETRY, DROP = "sent", "retry", "drop"
UNSURE, SENDING = "1", "sending"  # a send that may have gone: timed out; or begun, its settle not seen


@dataclass(frozen=True)
class Claimed:
    """What one claim returned: references due again after a lapsed claim, and those now held."""

    recovered: list[str]
    references: list[str]


@dataclass(frozen=True)
class QueueKeys:
    """The keys of one queue: what is due, what is claimed (and until when), by whom, failed sends, unsure sends."""

    due: str
    claimed: str
    claims: str
    attempts: str
    unsure: str

    @classmethod
    def of(cls, due: str) -> "QueueKeys":
        """The keys of the queue whose due set is ``due`` (``store.keys.sms_queue_part``)."""
        return cls(due, *(keys.sms_queue_part(due, part) for part in keys.SMS_QUEUE_PARTS))


REMINDERS = QueueKeys.of(keys.reminders_due())
# Closure SMS notices and booking confirmations go through the same claim and settle scripts.
CLOSURE_NOTICES = QueueKeys.of(keys.closure_notices())
CONFIRMATIONS = QueueKeys.of(keys.confirmations())


class ReminderQueue:
    """Due reminders (or, with ``names``, closure notices) over Redis, claimed under one worker's ``token``."""

    def __init__(self, redis, token: str, names: QueueKeys = REMINDERS):
        self.redis, self.token, self.names = redis, token, names
        self._claim = redis.register_script((LUA_DIR / "claim.lua").read_text())
        self._settle = redis.register_script((LUA_DIR / "settle.lua").read_text())

    def claim(self, now: float, claim_seconds: int, limit: int) -> Claimed:
        """Take up to ``limit`` reminders due at ``now`` for ``claim_seconds``."""
        recovered, references = self._claim(
            keys=[self.names.due, self.names.claimed, self.names.claims],
            args=[int(now), int(now) + claim_seconds, limit, self.token],
        )
        return Claimed(list(recovered), list(references))

    def is_due(self, reference: str) -> bool:
        """True while ``reference`` is queued (due now or later, as after a failed send); False once settled."""
        return self.redis.zscore(self.names.due, reference) is not None

    def holds(self, reference: str) -> bool:
        """True while this worker's claim on ``reference`` stands."""
        return self.redis.hget(self.names.claims, reference) == self.token

    def reminded(self, reference: str) -> str | None:
        """The appointment ("<day> <time>") a reminder was last sent for, if any."""
        return self.redis.hget(keys.booking(reference), "reminder_sent")

    def attempts(self, reference: str) -> tuple[int, bool]:
        """How many sends of ``reference`` failed so far, and whether one of them may have gone
        (one timed out, or a worker was sending it when its claim lapsed)."""
        with self.redis.pipeline(transaction=False) as pipeline:
            pipeline.hget(self.names.attempts, reference)
            pipeline.hget(self.names.unsure, reference)
            failed, unsure = pipeline.execute()
        return int(failed or 0), unsure in (UNSURE, SENDING)

    def sending(self, reference: str) -> None:
        """Mark ``reference`` as being sent, before the send: the settle clears the mark (or keeps the
        send unsure); a worker that dies meanwhile leaves it, and the next attempt asks Twilio first."""
        self.redis.hsetnx(self.names.unsure, reference, SENDING)

    def settle(self, reference: str, outcome: str, *args: str | int) -> bool:
        """End the claim: ``SENT`` (appointment, ISO time), ``RETRY`` (epoch s, unsure "1"/"0") or ``DROP``."""
        result = self._settle(
            keys=[self.names.due, self.names.claimed, self.names.claims, keys.booking(reference),
                  self.names.attempts, self.names.unsure],
            args=[reference, self.token, outcome, *args],
        )
        return result == "ok"

    def counts(self, now: float) -> dict[str, int]:
        """How many reminders are scheduled, due now, and being sent."""
        return {
            "scheduled": self.redis.zcard(self.names.due),
            "due": self.redis.zcount(self.names.due, "-inf", int(now)),
            "claimed": self.redis.zcard(self.names.claimed),
        }

"""The reminders due, as workers see them: claim atomically, then settle each claim once.

The ledger keeps ``store.keys.reminders_due()`` in step with every booking, change and
cancellation. A worker claims due references with ``lua/claim.lua`` (out of the due set and
into the claimed set, under its own token, in one step) and settles each with
``lua/settle.lua``, which does nothing unless the claim is still that worker's. All keys share
the ``{ledger}`` hash tag, so both scripts run unchanged on Redis Cluster.
"""
from dataclasses import dataclass
from pathlib import Path

from store import keys

LUA_DIR = Path(__file__).resolve().parent / "lua"
SENT, RETRY, DROP = "sent", "retry", "drop"


@dataclass(frozen=True)
class Claimed:
    """What one claim returned: references due again after a lapsed claim, and those now held."""

    recovered: list[str]
    references: list[str]


class ReminderQueue:
    """Due reminders over Redis, claimed under one worker's ``token``."""

    def __init__(self, redis, token: str):
        self.redis, self.token = redis, token
        self._claim = redis.register_script((LUA_DIR / "claim.lua").read_text())
        self._settle = redis.register_script((LUA_DIR / "settle.lua").read_text())

    def claim(self, now: float, claim_seconds: int, limit: int) -> Claimed:
        """Take up to ``limit`` reminders due at ``now`` for ``claim_seconds``."""
        recovered, references = self._claim(
            keys=[keys.reminders_due(), keys.reminders_claimed(), keys.reminder_claims()],
            args=[int(now), int(now) + claim_seconds, limit, self.token],
        )
        return Claimed(list(recovered), list(references))

    def holds(self, reference: str) -> bool:
        """True while this worker's claim on ``reference`` stands."""
        return self.redis.hget(keys.reminder_claims(), reference) == self.token

    def reminded(self, reference: str) -> str | None:
        """The appointment ("<day> <time>") a reminder was last sent for, if any."""
        return self.redis.hget(keys.booking(reference), "reminder_sent")

    def settle(self, reference: str, outcome: str, *args: str | int) -> bool:
        """End the claim: ``SENT`` (appointment, ISO time), ``RETRY`` (epoch s) or ``DROP``."""
        result = self._settle(
            keys=[keys.reminders_due(), keys.reminders_claimed(), keys.reminder_claims(), keys.booking(reference)],
            args=[reference, self.token, outcome, *args],
        )
        return result == "ok"

    def counts(self, now: float) -> dict[str, int]:
        """How many reminders are scheduled, due now, and being sent."""
        due_key = keys.reminders_due()
        return {
            "scheduled": self.redis.zcard(due_key),
            "due": self.redis.zcount(due_key, "-inf", int(now)),
            "claimed": self.redis.zcard(keys.reminders_claimed()),
        }

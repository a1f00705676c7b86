"""Once-only webhooks: one request per turn of a call runs the engine; its repeats get its answer.

Twilio may send the same webhook twice at once (a retry racing the original). Loading the
call and comparing its turn is not enough then: both requests see the same turn and both
would apply their effect (switch a reminder twice, cancel twice). So the load itself claims
the turn with a compare-and-set inside Redis (``lua/take_turn.lua``, one round trip for
both); the loser waits for what the winner saved and answers with it: the first answer again.
The claim is a lease: if the winner dies or loses Redis, the lease lapses and a repeat of
the request may take the turn over. A call's first request may read a few keys ahead in the
same round trip (what the call's first step reads of its caller), so it needs no trip of its own.
"""
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from redis.cluster import RedisCluster
from redis.exceptions import NoScriptError

from store import keys

LUA_DIR = Path(__file__).resolve().parent / "lua"
LEASE_SECONDS = 10  # far longer than any answer takes; within the 15 s Twilio waits
POLL_SECONDS = 0.02


class TurnClaims:
    """The claim scripts of one Redis client."""

    def __init__(self, redis, ttl_seconds: int, lease_seconds: float = LEASE_SECONDS):
        self.redis, self.ttl_seconds, self.lease_seconds = redis, ttl_seconds, lease_seconds
        self.cluster = isinstance(redis, RedisCluster)
        self._take = redis.register_script((LUA_DIR / "take_turn.lua").read_text())
        self._release = redis.register_script((LUA_DIR / "release_turn.lua").read_text())

    def take(self, call_sid: str, answered: str | None, read_ahead: Sequence[str] = ()
             ) -> tuple[bool, str | None, dict[str, str | None]]:
        """Claim the turn after ``answered`` (None: the call's first request); won?, the sealed state,
        and the values of the keys ``read_ahead``, read in the same round trip (none on a cluster)."""
        claim_keys = [keys.call_state(call_sid), keys.call_turn_claim(call_sid), keys.call_turn_lease(call_sid)]
        args = [answered or "", self.ttl_seconds, int(self.lease_seconds * 1000)]
        if read_ahead and not self.cluster:
            try:
                # Not the script through the pipeline: redis-py would first ask whether it is loaded.
                with self.redis.pipeline(transaction=False) as pipeline:
                    pipeline.evalsha(self._take.sha, len(claim_keys), *claim_keys, *args)
                    for key in read_ahead:
                        pipeline.get(key)
                    (won, state), *values = pipeline.execute()
                return won == 1, state or None, dict(zip(read_ahead, values))
            except NoScriptError:
                pass  # a Redis restarted since the script was loaded: the script call below loads it
        # Nothing read ahead: the hooks read the keys themselves. (On a cluster they live on other
        # nodes, and redis-py refuses a script in a cluster's pipeline.)
        won, state = self._take(keys=claim_keys, args=args)
        return won == 1, state or None, {}

    def release(self, call_sid: str, answered: str | None) -> None:
        """Give the turn back after its answer failed, so a retry of the same webhook may run at once."""
        self._release(keys=[keys.call_turn_claim(call_sid), keys.call_turn_lease(call_sid)], args=[answered or ""])

    def wait(self, call_sid: str, answered: str | None, answered_by: Callable[[str | None], bool]
             ) -> tuple[bool, str | None]:
        """Wait for the request holding the turn: (False, its saved state) once ``answered_by(state)``,
        or (True, state) when its lease lapsed and this request took the turn over."""
        deadline = time.monotonic() + self.lease_seconds + 2
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            won, state, _ = self.take(call_sid, answered)
            if won or answered_by(state):
                return won, state
        return False, None

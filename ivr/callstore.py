"""Call state between webhooks: one sealed JSON value per CallSid, with a TTL.

A call in progress holds what the caller keyed (document numbers, birth dates, the enquiry
code) until the booking is committed, so the value is encrypted: Redis never sees it in clear.
"""
import json
from dataclasses import dataclass

from booking.rotation import Resealed, reseal_values
from booking.sealing import seal, unseal
from ivr.turns import CallState
from store import keys

PURPOSE = "call-state"


@dataclass(frozen=True)
class StoredCall:
    """The state of a call and the TwiML last sent for it (answered again on a repeat)."""

    state: CallState
    twiml: str


def load(redis, secret, call_sid: str) -> StoredCall | None:
    """The stored call, or None for a new (or expired) call."""
    return opened(secret, redis.get(keys.call_state(call_sid)))


def opened(secret, raw: str | None) -> StoredCall | None:
    """The stored call from its sealed value as read from Redis (None: no call)."""
    if not raw:
        return None
    document = json.loads(unseal(secret, raw, PURPOSE))
    return StoredCall(CallState.from_json(document["state"]), document["twiml"])


def save(pipeline, secret, call_sid: str, stored: StoredCall, ttl_seconds: int) -> None:
    """Queue the call's new state on ``pipeline`` (executed by the caller with the call log)."""
    document = json.dumps({"state": stored.state.to_json(), "twiml": stored.twiml}, ensure_ascii=False)
    pipeline.set(keys.call_state(call_sid), seal(secret, document, PURPOSE), ex=ttl_seconds)


def reseal_all(redis, keyring) -> Resealed:
    """Seal every live call's state again under the keyring's current key (a key rotation)."""
    return reseal_values(redis, keyring, keys.call_state("*"), PURPOSE)

"""Press keys on the line in-process, as Twilio would, from any point of any call.

A point of a call is its stored state under a CallSid that is never posted to again: pressing a
key copies it to a new CallSid first, so one point can be tried with every key. Each probe
comes from a fresh calling number (no per-number limit builds up), and ``LedgerGuard`` puts
back whatever a probe wrote to the ledger, so every probe meets the same ledger.
"""
import itertools
import secrets
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, replace

from ivr import callstore
from phone.call import GatherRules, parse_entry
from store import keys
from store.connection import redis_of

TO_NUMBER = "+85221234567"
NOTIFICATION_WAIT_SECONDS = 10
# While exploring: every key event notified; no fsync per write (durability is not on trial here,
# and the embedded server's fsync-always makes each write wait for the disk).
EXPLORING_CONFIG = {"notify-keyspace-events": "KA", "appendfsync": "no"}


@dataclass(frozen=True)
class Answer:
    """What the line said at one point of a call, and where the call stands."""

    sid: str
    said: tuple[str, ...]
    rules: GatherRules | None  # None: the line hung up
    step: str
    outcome: str | None
    data: dict
    stored: object = None  # the StoredCall, copied to a new CallSid for each key tried here

    @property
    def ended(self) -> bool:
        """True when the line hung up after speaking."""
        return self.rules is None


class LineError(AssertionError):
    """The line answered what Twilio could not play (not 200, not TwiML)."""


class Driver:
    """Starts calls and presses keys at stored points of calls, on an app built for tests."""

    def __init__(self, app):
        self.client, self.redis = app.test_client(), redis_of(app)
        self.secret, self.ttl = app.config["SECRET_KEY"], app.config["CALL_STATE_TTL_SECONDS"]
        self._numbers = itertools.count(1)

    def start(self) -> Answer:
        """A new call: the line's first answer."""
        sid = _new_sid()
        return self._post(sid, "/voice", {"CallStatus": "ringing", "From": self._caller_number()})

    def press(self, at: Answer, entry: str) -> tuple[str | None, Answer | None]:
        """The Digits Twilio would send for ``entry`` at ``at`` and the answer (None: no request)."""
        got = at.rules.collect(parse_entry(entry))
        if not got.digits and not at.rules.sends_empty:
            return None, None  # Twilio falls through the Gather: the call ends in silence
        stored = at.stored
        sid = _new_sid()
        caller = {**stored.state.caller, "sid": sid, "from": self._caller_number()}
        state = replace(stored.state, caller=caller)
        callstore.save(self.redis, self.secret, sid, callstore.StoredCall(state, stored.twiml), self.ttl)
        form = {"CallStatus": "in-progress", "From": caller["from"], "Digits": got.digits}
        return got.digits, self._post(sid, f"/voice?t={state.turn}", form)

    def _post(self, sid: str, path: str, form: dict) -> Answer:
        response = self.client.post(path, data={"CallSid": sid, "To": TO_NUMBER, **form})
        body = response.get_data(as_text=True)
        if response.status_code != 200:
            raise LineError(f"POST {path} answered HTTP {response.status_code}: {body[:200]!r}")
        said, rules = _read_twiml(body)
        stored = callstore.load(self.redis, self.secret, sid)
        if stored is None:  # the apology path saves no state
            return Answer(sid, said, None, "(no state)", None, {})
        state = stored.state
        return Answer(sid, said, rules, state.step, state.outcome, state.data, stored)

    def _caller_number(self) -> str:
        return f"+85291{next(self._numbers) % 1_000_000:06d}"  # a Hong Kong mobile: the reminder is offered


def _new_sid() -> str:
    return "CA" + secrets.token_hex(16)


@dataclass(frozen=True)
class Listening:
    """A Gather's rules and whether it posts an empty result (silence) rather than falling through."""

    rules: GatherRules
    sends_empty: bool

    def collect(self, entry: str):
        """How Twilio splits ``entry`` into the Digits it sends."""
        return self.rules.collect(entry)


def _read_twiml(body: str) -> tuple[tuple[str, ...], Listening | None]:
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as error:
        raise LineError(f"not TwiML ({error}): {body[:200]!r}") from None
    said, listening = [], None
    for verb in root:
        if verb.tag == "Gather":
            said += ["".join(nested.itertext()).strip() for nested in verb if nested.tag == "Say"]
            empty = verb.get("actionOnEmptyResult", "false").lower() == "true"
            listening = Listening(GatherRules.of(verb), empty)
        elif verb.tag == "Say":
            said.append("".join(verb.itertext()).strip())
    return tuple(said), listening


class LedgerGuard:
    """Undoes every ledger write a probe made, using Redis keyspace notifications.

    The ledger's keys share one prefix; after each probe the guard writes a fence key and reads
    the notifications up to it (Redis delivers them in order), then restores the keys touched
    from their dump taken when the guard was made.
    """

    def __init__(self, app):
        self.redis = redis_of(app)
        pattern = f"{keys.LEDGER}:*"
        self.fence = f"{keys.LEDGER}:explorer-fence"
        self._previous = {name: self.redis.config_get(name)[name] for name in EXPLORING_CONFIG}
        for name, value in EXPLORING_CONFIG.items():
            self.redis.config_set(name, value)
        self.baseline = {key: (self.redis.dump(key), self.redis.pttl(key)) for key in self.redis.scan_iter(match=pattern)}
        self.pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        db = self.redis.connection_pool.connection_kwargs.get("db", 0)
        self.prefix = f"__keyspace@{db}__:"
        self.pubsub.psubscribe(self.prefix + pattern)
        self._touched()

    def restore(self) -> int:
        """Put back the keys written since the last call; how many there were."""
        touched = self._touched()
        if not touched:
            return 0
        with self.redis.pipeline(transaction=False) as pipe:
            for key in touched:
                dump, ttl = self.baseline.get(key, (None, -2))
                if dump is None:
                    pipe.delete(key)
                else:
                    pipe.restore(key, max(ttl, 0), dump, replace=True)
            pipe.execute()
        self._touched()  # the restore's own notifications
        return len(touched)

    def _touched(self) -> set[str]:
        self.redis.set(self.fence, "1")
        touched, deadline = set(), time.monotonic() + NOTIFICATION_WAIT_SECONDS
        while True:
            # None also stands for a subscription confirmation, which is read and dropped.
            message = self.pubsub.get_message(timeout=1)
            if message is None:
                if time.monotonic() > deadline:
                    raise LineError("keyspace notifications stopped arriving")
                continue
            key = message["channel"][len(self.prefix):]
            if key == self.fence:
                return touched
            touched.add(key)

    def close(self) -> None:
        """Stop listening and put the server's notification setting back."""
        self.pubsub.close()
        self.redis.delete(self.fence)
        for name, value in self._previous.items():
            self.redis.config_set(name, value)

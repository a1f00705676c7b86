"""Login throttling, decided before any password is hashed: per address, and per name from one address.

Each argon2 verification costs about 180 ms of CPU and 64 MiB, so a refused attempt must cost
only a Redis round trip. Limits are sliding windows: attempts over a limit wait until the
oldest counted one leaves the window; refused attempts are not counted, so waiting always
ends. A name is counted per address (known names and unknown ones alike), so an attacker
elsewhere cannot keep a supervisor out: only their own address slows down.
"""
import hashlib
import math
import secrets
import time
from dataclasses import dataclass

from store import keys

# KEYS: 1 attempts of the address, 2 attempts of the name from the address.
# ARGV: 1 now (epoch s), 2 window (s), 3 limit of the address, 4 limit of the name, 5 a member
# unique to this attempt. Returns the seconds to wait ("0": counted and let through).
# Reads first, and the first write a ZADD: a Redis whose memory is full refuses a script's first
# write that may grow it, but not the writes after another (an emptying ZREMRANGEBYSCORE), so an
# attempt while Redis refuses writes fails here, before any password is hashed, and leaves no
# count to throttle the supervisor once Redis recovers.
ADMIT = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local limits = {tonumber(ARGV[3]), tonumber(ARGV[4])}
local since = '(' .. (now - window)
local wait = 0
for i = 1, 2 do
  if redis.call('ZCOUNT', KEYS[i], since, '+inf') >= limits[i] then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[i], since, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end
if wait > 0 then return tostring(wait) end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], ARGV[1], ARGV[5])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  redis.call('EXPIRE', KEYS[i], math.ceil(window))
end
return '0'
"""


@dataclass(frozen=True)
class LoginLimits:
    """Attempts allowed per address and per name from one address within the window."""

    per_address: int
    per_name: int
    window_seconds: int

    @classmethod
    def of(cls, config) -> "LoginLimits":
        """The limits the app's settings ask for."""
        return cls(config["SUPERVISOR_LOGINS_PER_ADDRESS"], config["SUPERVISOR_LOGINS_PER_NAME"],
                   config["SUPERVISOR_LOGIN_WINDOW_MINUTES"] * 60)


def admit(client, name: str, address: str, limits: LoginLimits, now: float | None = None) -> float:
    """Count one login attempt and return 0, or refuse it: the seconds until one is allowed."""
    now = time.time() if now is None else now
    wait = client.eval(ADMIT, 2, _address_key(address), _name_key(name, address), now,
                       limits.window_seconds, limits.per_address, limits.per_name, secrets.token_hex(8))
    return float(wait)


def first_refusal(client, address: str, wait: float) -> bool:
    """True for the first refused attempt of a throttle spell from ``address``: audited once, not each."""
    return bool(client.set(_refused_key(address), "1", nx=True, ex=max(1, math.ceil(wait))))


def forget(client, name: str, address: str) -> None:
    """A successful login: the attempts on its name from its address no longer count."""
    client.delete(_name_key(name, address))


def lift(client, name: str) -> int:
    """Forget the attempts on ``name`` from every address (``supervisors unlock``); how many addresses."""
    found = list(client.scan_iter(match=keys.login_attempts(f"name:{_digest(name)}:*")))
    return client.delete(*found) if found else 0


def _refused_key(address: str) -> str:
    # Per address, not per name: a sprayer of made-up names is audited once per spell, too.
    return keys.login_attempts(f"refused:{_digest(address)}")


def _address_key(address: str) -> str:
    return keys.login_attempts(f"address:{_digest(address)}")


def _name_key(name: str, address: str) -> str:
    return keys.login_attempts(f"name:{_digest(name)}:{_digest(address)}")


def _digest(text: str) -> str:
    # A typed name may be anything (a password in the wrong field): keep only its digest.
    return hashlib.sha256(text.encode()).hexdigest()[:32]

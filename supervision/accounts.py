"""Supervisor accounts: argon2id password hashes, wrong passwords counted, a lock after too many."""
import logging
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from store import keys

log = logging.getLogger(__name__)

NAME = re.compile(r"[a-z][a-z0-9._-]{1,31}")
MIN_PASSWORD_LENGTH = 10
# argon2id with the library's defaults: RFC 9106's low-memory profile (64 MiB, 3 passes).
HASHER = PasswordHasher()
OK, WRONG, LOCKED, UNKNOWN = "ok", "wrong", "locked", "unknown"


class AccountError(ValueError):
    """An account that cannot be created or changed as asked; the message says why."""


@dataclass(frozen=True)
class LockPolicy:
    """How many wrong passwords in a row lock an account, and for how long."""

    max_failures: int
    lockout_seconds: int

    @classmethod
    def of(cls, config) -> "LockPolicy":
        """The policy the app's settings ask for."""
        return cls(config["SUPERVISOR_MAX_FAILED_LOGINS"], config["SUPERVISOR_LOCKOUT_MINUTES"] * 60)


@dataclass(frozen=True)
class Account:
    """One supervisor account as stored."""

    name: str
    password_hash: str
    failed_total: int
    failed_streak: int
    locked_until: float
    last_login: float

    @classmethod
    def from_fields(cls, name: str, fields: dict) -> "Account":
        """Build from the account hash."""
        def number(field: str) -> float:
            return float(fields.get(field) or 0)

        return cls(name, fields.get("password_hash", ""), int(number("failed_total")),
                   int(number("failed_streak")), number("locked_until"), number("last_login"))

    def locked(self, now: float) -> bool:
        """Whether the account is locked at ``now``."""
        return self.locked_until > now


def add_supervisor(client, name: str, password: str, replace: bool = False) -> None:
    """Create an account (or, with ``replace``, set a new password and lift any lock)."""
    if not NAME.fullmatch(name):
        raise AccountError("a name is 2 to 32 characters: a-z first, then a-z, 0-9, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    if client.exists(keys.supervisor(name)) and not replace:
        raise AccountError(f"supervisor {name} exists (use --replace to set a new password)")
    fields = {"password_hash": HASHER.hash(password), "password_set": time.time(),
              "failed_streak": 0, "locked_until": 0}
    with client.pipeline() as pipeline:
        pipeline.hset(keys.supervisor(name), mapping=fields)
        pipeline.sadd(keys.supervisors(), name)
        pipeline.execute()
    log.info("supervisor %s: password set", name)


def find_account(client, name: str) -> Account | None:
    """The account called ``name``, or None."""
    fields = client.hgetall(keys.supervisor(name)) if NAME.fullmatch(name or "") else {}
    return Account.from_fields(name, fields) if fields else None


def check_login(client, name: str, password: str, policy: LockPolicy, now: float | None = None) -> str:
    """OK, WRONG (counted), LOCKED (refused and counted) or UNKNOWN for one login attempt."""
    now = time.time() if now is None else now
    account = find_account(client, name)
    if account is None:
        _verifies(_unknown_account_hash(), password)  # the same work: timing must not reveal names
        return UNKNOWN
    if account.locked(now):
        client.hincrby(keys.supervisor(name), "failed_total", 1)
        return LOCKED
    if not _verifies(account.password_hash, password):
        return _count_failure(client, name, policy, now)
    fields = {"failed_streak": 0, "last_login": now}
    if HASHER.check_needs_rehash(account.password_hash):
        fields["password_hash"] = HASHER.hash(password)
    client.hset(keys.supervisor(name), mapping=fields)
    return OK


def list_accounts(client) -> list[Account]:
    """Every account, by name."""
    accounts = (find_account(client, name) for name in sorted(client.smembers(keys.supervisors())))
    return [account for account in accounts if account]


def unlock(client, name: str) -> None:
    """Lift a lock and forget the wrong passwords in a row (the total stays)."""
    _require(client, name)
    client.hset(keys.supervisor(name), mapping={"locked_until": 0, "failed_streak": 0})


def remove(client, name: str) -> None:
    """Delete an account; its sessions end at their next request."""
    _require(client, name)
    with client.pipeline() as pipeline:
        pipeline.delete(keys.supervisor(name))
        pipeline.srem(keys.supervisors(), name)
        pipeline.execute()


def _require(client, name: str) -> None:
    if find_account(client, name) is None:
        raise AccountError(f"no supervisor {name}")


def _count_failure(client, name: str, policy: LockPolicy, now: float) -> str:
    key = keys.supervisor(name)
    with client.pipeline() as pipeline:
        pipeline.hincrby(key, "failed_total", 1)
        pipeline.hincrby(key, "failed_streak", 1)
        total, streak = pipeline.execute()
    if streak < policy.max_failures:
        log.warning("supervisor %s: wrong password (%d in a row, %d in all)", name, streak, total)
        return WRONG
    # The streak restarts, so after the lock the account gets max_failures tries again.
    client.hset(key, mapping={"locked_until": now + policy.lockout_seconds, "failed_streak": 0})
    log.warning("supervisor %s locked for %d s after %d wrong passwords in a row", name, policy.lockout_seconds, streak)
    return LOCKED


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _unknown_account_hash() -> str:
    return HASHER.hash("no such account")

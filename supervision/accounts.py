"""Supervisor accounts: argon2id password hashes, wrong passwords counted, a generation per password.

Attempts are throttled before any hash is computed (``supervision.throttle``); an account is
never locked, so nobody can keep a supervisor out by guessing wrong on purpose.
"""
import logging
import re
import secrets
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
OK, WRONG, UNKNOWN = "ok", "wrong", "unknown"


class AccountError(ValueError):
    """An account that cannot be created or changed as asked; the message says why."""


@dataclass(frozen=True)
class Account:
    """One supervisor account as stored."""

    name: str
    password_hash: str
    # Changes with every password set: a login made under another generation (an old
    # password, or a removed account of the same name) is over.
    generation: str
    failed_total: int
    failed_streak: int
    last_login: float

    @classmethod
    def from_fields(cls, name: str, fields: dict) -> "Account":
        """Build from the account hash."""
        def number(field: str) -> float:
            return float(fields.get(field) or 0)

        return cls(name, fields.get("password_hash", ""), fields.get("generation", ""),
                   int(number("failed_total")), int(number("failed_streak")), number("last_login"))


def add_supervisor(client, name: str, password: str, replace: bool = False) -> None:
    """Create an account (or, with ``replace``, set a new password, ending its open logins)."""
    if not NAME.fullmatch(name):
        raise AccountError("a name is 2 to 32 characters: a-z first, then a-z, 0-9, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
    if client.exists(keys.supervisor(name)) and not replace:
        raise AccountError(f"supervisor {name} exists (use --replace to set a new password)")
    fields = {"password_hash": HASHER.hash(password), "password_set": time.time(),
              "generation": secrets.token_hex(16), "failed_streak": 0}
    with client.pipeline() as pipeline:
        pipeline.hset(keys.supervisor(name), mapping=fields)
        pipeline.sadd(keys.supervisors(), name)
        pipeline.execute()
    log.info("supervisor %s: password set", name)


def find_account(client, name: str) -> Account | None:
    """The account called ``name``, or None."""
    fields = client.hgetall(keys.supervisor(name)) if NAME.fullmatch(name or "") else {}
    return Account.from_fields(name, fields) if fields else None


def check_login(client, name: str, password: str, now: float | None = None) -> str:
    """OK, WRONG (counted) or UNKNOWN for one login attempt, each after one argon2 verification."""
    now = time.time() if now is None else now
    account = find_account(client, name)
    if account is None:
        _verifies(unknown_account_hash(), password)  # the same work: timing must not reveal names
        return UNKNOWN
    if not _verifies(account.password_hash, password):
        _count_failure(client, name)
        return WRONG
    fields = {"failed_streak": 0, "last_login": now}
    if HASHER.check_needs_rehash(account.password_hash):
        fields["password_hash"] = HASHER.hash(password)
    client.hset(keys.supervisor(name), mapping=fields)
    return OK


def list_accounts(client) -> list[Account]:
    """Every account, by name."""
    accounts = (find_account(client, name) for name in sorted(client.smembers(keys.supervisors())))
    return [account for account in accounts if account]


def remove(client, name: str) -> None:
    """Delete an account; its logins end at their next request, and stay ended if the name comes back."""
    _require(client, name)
    with client.pipeline() as pipeline:
        pipeline.delete(keys.supervisor(name))
        pipeline.srem(keys.supervisors(), name)
        pipeline.execute()


def _require(client, name: str) -> None:
    if find_account(client, name) is None:
        raise AccountError(f"no supervisor {name}")


def _count_failure(client, name: str) -> None:
    key = keys.supervisor(name)
    with client.pipeline() as pipeline:
        pipeline.hincrby(key, "failed_total", 1)
        pipeline.hincrby(key, "failed_streak", 1)
        total, streak = pipeline.execute()
    log.warning("supervisor %s: wrong password (%d in a row, %d in all)", name, streak, total)


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def unknown_account_hash() -> str:
    """The hash an unknown name's password is verified against: the same work as for an account."""
    return HASHER.hash("no such account")

"""Supervisor logins kept in Redis: the session cookie carries only a random login id.

A login is live while its record exists (it expires after the idle time, restarted by each
request), it is younger than the longest session, and the account still has the password
generation it was made under. So logging out ends it, and a new password or removing the
account ends every login of that account at once, even if the name is created again.
Only the id's SHA-256 is stored: a copy of Redis does not give anyone a session.
"""
import hashlib
import secrets
import time
from dataclasses import dataclass

from store import keys
from supervision import accounts


@dataclass(frozen=True)
class LoginTimes:
    """How long a login lasts without a request, and at most."""

    idle_seconds: int
    max_seconds: int

    @classmethod
    def of(cls, config) -> "LoginTimes":
        """The times the app's settings ask for."""
        return cls(config["SUPERVISOR_IDLE_MINUTES"] * 60, config["SUPERVISOR_SESSION_HOURS"] * 3600)


def start(client, account: accounts.Account, times: LoginTimes) -> str:
    """Open a login for ``account``; its id, for the session cookie."""
    login_id = secrets.token_urlsafe(32)
    key = _key(login_id)
    with client.pipeline() as pipeline:
        pipeline.hset(key, mapping={"name": account.name, "generation": account.generation, "since": time.time()})
        pipeline.expire(key, times.idle_seconds)
        pipeline.execute()
    return login_id


def current(client, login_id: str | None, times: LoginTimes, now: float | None = None) -> str | None:
    """The supervisor of a live login (its idle time restarted), or None."""
    if not login_id:
        return None
    now = time.time() if now is None else now
    key = _key(login_id)
    login = client.hgetall(key)
    if not login or now - float(login["since"]) >= times.max_seconds:
        return None
    account = accounts.find_account(client, login["name"])
    if account is None or account.generation != login["generation"]:
        client.delete(key)
        return None
    client.expire(key, times.idle_seconds)
    return account.name


def end(client, login_id: str | None) -> None:
    """Log out: the login is gone, whatever copy of the cookie comes back."""
    if login_id:
        client.delete(_key(login_id))


def _key(login_id: str) -> str:
    return keys.supervisor_login(hashlib.sha256(login_id.encode()).hexdigest())

"""The language a calling number last chose, so a returning caller skips the language menu.

Kept under the number's keyed hash (never the number itself), and it expires: after
``LANGUAGE_MEMORY_DAYS`` without a choice the caller hears the language menu again. A withheld
number is never remembered. After a rotation of the hashing key the caller simply hears the
menu once more.
"""
from booking import identity
from booking.rate_limit import is_withheld
from store import keys


class CallerLanguages:
    """Remembered languages over Redis, for ``days``."""

    def __init__(self, redis, secret, days: int):
        self.redis, self.secret, self.seconds = redis, secret, days * 24 * 3600

    def _key(self, calling_number: str) -> str:
        return keys.caller_language(identity.keyed_hash(self.secret, f"caller:{calling_number}"))

    def recall(self, calling_number: str) -> str | None:
        """The language this number last chose, if it is remembered (None for a withheld number)."""
        if is_withheld(calling_number) or not self.seconds:
            return None
        return self.redis.get(self._key(calling_number))

    def remember(self, calling_number: str, language: str, pipeline=None) -> None:
        """Remember ``language`` for this number (on ``pipeline``, with the call's save), for the set days."""
        if is_withheld(calling_number) or not self.seconds:
            return
        (pipeline if pipeline is not None else self.redis).set(self._key(calling_number), language, ex=self.seconds)

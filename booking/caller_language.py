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

    def key(self, calling_number: str) -> str | None:
        """Where this number's language is kept; None for a withheld number, or with the memory off."""
        if is_withheld(calling_number) or not self.seconds:
            return None
        return keys.caller_language(identity.keyed_hash(self.secret, f"caller:{calling_number}"))

    def recall(self, calling_number: str, reader=None) -> str | None:
        """The language this number last chose, if it is remembered (None for a withheld number).

        ``reader`` answers the ``GET`` instead of Redis (``store.read_ahead``: read with the call's claim).
        """
        key = self.key(calling_number)
        return (reader or self.redis).get(key) if key else None

    def remember(self, calling_number: str, language: str, pipeline=None) -> None:
        """Remember ``language`` for this number (on ``pipeline``, with the call's save), for the set days."""
        key = self.key(calling_number)
        if key:
            (pipeline if pipeline is not None else self.redis).set(key, language, ex=self.seconds)

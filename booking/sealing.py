"""Authenticated encryption of personal data at rest (reminder phone numbers, live call state).

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under keys derived from the
app's secrets (``booking.keyring``), one per purpose, so a value sealed for one use cannot be
opened as another; values sealed under a key the current one replaced still open.
"""
from cryptography.fernet import InvalidToken

from booking.keyring import keyring_of


# The purpose of the ledger's sealed values (the reminder phone).
LEDGER = "ledger"


class SealBroken(ValueError):
    """A sealed value was altered or sealed under another secret."""


def seal(secret, text: str, purpose: str = LEDGER) -> str:
    """``text`` encrypted and authenticated under the current key of ``secret`` for ``purpose``."""
    return keyring_of(secret).fernet(purpose).encrypt(text.encode()).decode()


def unseal(secret, token: str, purpose: str = LEDGER) -> str:
    """The text sealed in ``token`` under any key of ``secret``; ``SealBroken`` if altered or sealed under none."""
    return _opened(keyring_of(secret).fernet(purpose).decrypt, token)


def reseal(secret, token: str, purpose: str = LEDGER) -> str:
    """``token`` sealed again under the current key (for a key rotation); ``SealBroken`` as ``unseal``."""
    return _opened(keyring_of(secret).fernet(purpose).rotate, token)


def _opened(method, token: str) -> str:
    try:
        return method(token.encode()).decode()
    except (InvalidToken, ValueError) as error:
        raise SealBroken("sealed value altered or sealed under another secret") from error

"""Authenticated encryption of personal data at rest (reminder phone numbers, live call state).

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under a key derived from the
app's secret, one key per purpose, so a value sealed for one use cannot be opened as another.
"""
import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken


class SealBroken(ValueError):
    """A sealed value was altered or sealed under another secret."""


@lru_cache(maxsize=8)
def _fernet(secret: str | bytes, purpose: str) -> Fernet:
    raw = secret.encode() if isinstance(secret, str) else secret
    key = hmac.new(raw, f"seal:{purpose}".encode(), hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str | bytes, text: str, purpose: str = "ledger") -> str:
    """``text`` encrypted and authenticated under ``secret`` for ``purpose``."""
    return _fernet(secret, purpose).encrypt(text.encode()).decode()


def unseal(secret: str | bytes, token: str, purpose: str = "ledger") -> str:
    """The text sealed in ``token``; ``SealBroken`` if it was altered or the secret differs."""
    try:
        return _fernet(secret, purpose).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError) as error:
        raise SealBroken("sealed value altered or sealed under another secret") from error

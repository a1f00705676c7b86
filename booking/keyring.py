"""The keys that protect personal data, derived with HKDF from SECRET_KEY and the keys it replaced.

Each purpose gets a key of its own (one per sealing purpose, one for keyed hashes), never the
secret itself, so the session cookie's signing key opens nothing stored. A key rotation keeps
what the old keys made readable: sealed values open under any key of the ring (MultiFernet)
and are re-sealed under the current one by ``flask secrets rotate``; a keyed hash ends with
the id of the key that made it (``<hex>.<key id>``), so it is checked under that key, and a
document is looked up under every key's hash (``hashes``) until the old bookings are past.
"""
import base64
import hashlib
import hmac
from functools import lru_cache
from typing import Sequence

from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SEPARATOR = "."
KEY_ID_BYTES = 4
HASHING = "keyed-hash"


class Keyring:
    """The current secret first, then the ones it replaced, each with its derived keys."""

    def __init__(self, secrets: Sequence[str | bytes]):
        raw = [secret.encode() if isinstance(secret, str) else secret for secret in secrets if secret]
        if not raw:
            raise ValueError("a keyring needs at least one secret")
        self._secrets = tuple(raw)
        self.ids = tuple(_derive(secret, "key-id", KEY_ID_BYTES).hex() for secret in raw)
        self._hash_keys = {key_id: _derive(secret, HASHING, 32) for key_id, secret in zip(self.ids, raw)}
        self._fernets: dict[str, MultiFernet] = {}

    @property
    def current_id(self) -> str:
        """The id of the key new hashes are made under."""
        return self.ids[0]

    def hash(self, message: str, like: str | None = None) -> str:
        """HMAC-SHA256 of ``message`` under the current key, or under the key that made ``like``."""
        key_id = key_id_of(like) if like else self.current_id
        key = self._hash_keys.get(key_id)
        if key is None:  # made under a key no longer configured: it can match nothing now
            key_id, key = self.current_id, self._hash_keys[self.current_id]
        return f"{hmac.new(key, message.encode(), hashlib.sha256).hexdigest()}{SEPARATOR}{key_id}"

    def hashes(self, message: str) -> list[str]:
        """``message``'s keyed hash under every key of the ring, the current one first."""
        return [self.hash(message, like=f"{SEPARATOR}{key_id}") for key_id in self.ids]

    def fernet(self, purpose: str) -> MultiFernet:
        """The sealing key of ``purpose``: seals under the current key, opens under any."""
        if purpose not in self._fernets:
            self._fernets[purpose] = MultiFernet(
                [Fernet(base64.urlsafe_b64encode(_derive(secret, f"seal:{purpose}", 32))) for secret in self._secrets])
        return self._fernets[purpose]


def ring_from_config(config) -> Keyring:
    """SECRET_KEY first, then the keys of SECRET_KEY_PREVIOUS (newest first, separated by commas or spaces)."""
    previous = config.get("SECRET_KEY_PREVIOUS") or ()
    if isinstance(previous, str):
        previous = previous.replace(",", " ").split()
    return Keyring([config["SECRET_KEY"], *previous])


def key_id_of(stored_hash: str) -> str:
    """The id of the key a stored keyed hash was made under ("" when it carries none)."""
    return stored_hash.rpartition(SEPARATOR)[2] if SEPARATOR in stored_hash else ""


@lru_cache(maxsize=16)
def keyring_of(secret: "str | bytes | Keyring") -> Keyring:
    """``secret`` as a keyring (a bare secret is a ring of one)."""
    return secret if isinstance(secret, Keyring) else Keyring([secret])


def _derive(secret: bytes, purpose: str, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=f"rop:{purpose}".encode()).derive(secret)

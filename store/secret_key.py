"""The app's SECRET_KEY: refused in production unless strong, created once on a development machine.

The key signs the supervisor's session cookie and is the root of the keys that seal personal
data and hash document numbers and enquiry codes (``store.keyring``): every process of the
line must have the same one, and an attacker who guesses it can forge cookies offline.
"""
import math
import os
import secrets

MIN_BYTES = 32
# Below this many characters a key cannot hold 32 random bytes in any usual text form
# (base64 of 32 bytes is 43 characters; hex is 64).
MIN_CHARACTERS = 43
# A crude entropy floor: characters x log2(distinct characters). Catches "x" * 64 and
# "abcabc..."; a key made as the message says has about 300 bits by this count.
MIN_BITS = 192
MAKE_ONE = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
FILE_NAME = "secret_key"


class WeakSecretKey(RuntimeError):
    """The production app was given no SECRET_KEY, or one too short or too regular to be random."""


def require_strong(key: str | None, setting: str = "SECRET_KEY") -> None:
    """Raise ``WeakSecretKey`` naming ``setting`` and how to make a key, unless ``key`` looks random enough."""
    problem = weakness(key)
    if problem:
        raise WeakSecretKey(
            f"{setting} {problem}. In production (TWILIO_AUTH_TOKEN set) it must hold at least "
            f"{MIN_BYTES} random bytes, the same in every process of the line. Make one with\n"
            f"    {MAKE_ONE}\nand set it in the environment as {setting}.")


def weakness(key: str | None) -> str | None:
    """Why ``key`` cannot be a production key, or None."""
    if not key:
        return "is not set"
    if len(key) < MIN_CHARACTERS:
        return f"is {len(key)} characters long, too short to hold {MIN_BYTES} random bytes"
    if len(key) * math.log2(max(len(set(key)), 1)) < MIN_BITS:
        return "repeats too few characters to be random"
    return None


def development_key(folder: str) -> str:
    """The key kept in ``folder``, created on first use: one winner among processes started together."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, FILE_NAME)
    if not os.path.exists(path):
        _create_once(folder, path)
    with open(path) as handle:
        return handle.read().strip()


def _create_once(folder: str, path: str) -> None:
    # Written whole under a name of its own, then linked into place: link() fails if the
    # file exists, so exactly one process's key is kept, and nobody reads a half-written file.
    draft = os.path.join(folder, f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with open(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
            handle.flush()
            os.fsync(handle.fileno())
        os.link(draft, path)
    except FileExistsError:
        pass  # another process won; its key is the key
    finally:
        os.unlink(draft)

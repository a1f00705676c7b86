"""A key rotation: re-seal what old keys sealed, and find how long their hashes are still needed.

Sealed values are opened under any key of the ring and sealed again under the current one,
each written back only if nobody changed it meanwhile. Keyed hashes cannot be redone (the
number they stand for is not kept): a booking made under an old key is found under that key's
hash until its appointment day has passed, so the old key stays in SECRET_KEY_PREVIOUS until then.
"""
import datetime as dt
from dataclasses import dataclass

from booking.keyring import Keyring, key_id_of
from booking.sealing import LEDGER, SealBroken, reseal
from store import keys

SCAN_BATCH = 500
# Write the re-sealed value only if it is still the one read (a caller may have changed it).
SWAP_FIELD = """
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
"""
SWAP_VALUE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return 1
"""


@dataclass
class Resealed:
    """How many sealed values were sealed again under the current key, and how many no key opens."""

    resealed: int = 0
    unreadable: int = 0

    def count(self, client, keyring: Keyring, sealed: str, purpose: str, script: str, key: str, *read) -> None:
        """Re-seal ``sealed`` and swap it in with ``script`` if ``key`` still holds it."""
        try:
            fresh = reseal(keyring, sealed, purpose)
        except SealBroken:
            self.unreadable += 1
            return
        self.resealed += int(client.eval(script, 1, key, *read, sealed, fresh))


def reseal_fields(client, keyring: Keyring, pattern: str, field: str, purpose: str) -> Resealed:
    """Re-seal ``field`` of every hash whose key matches ``pattern``."""
    done = Resealed()
    for key in client.scan_iter(match=pattern, count=SCAN_BATCH):
        sealed = client.hget(key, field)
        if sealed:
            done.count(client, keyring, sealed, purpose, SWAP_FIELD, key, field)
    return done


def reseal_values(client, keyring: Keyring, pattern: str, purpose: str) -> Resealed:
    """Re-seal every string value whose key matches ``pattern`` (its TTL kept)."""
    done = Resealed()
    for key in client.scan_iter(match=pattern, count=SCAN_BATCH):
        sealed = client.get(key)
        if sealed:
            done.count(client, keyring, sealed, purpose, SWAP_VALUE, key)
    return done


def reseal_booking_phones(client, keyring: Keyring) -> Resealed:
    """Re-seal the phone number kept with every booking (for its SMS)."""
    return reseal_fields(client, keyring, keys.booking("*"), "phone", LEDGER)


def old_key_holds(client, keyring: Keyring, today: dt.date) -> tuple[int, dt.date | None]:
    """How many documents active bookings hold under an old key's hash, and the last such appointment day."""
    count, last = 0, None
    for key in client.scan_iter(match=keys.document_active("*"), count=SCAN_BATCH):
        day = (client.get(key) or "").partition("|")[2]
        if key_id_of(key) != keyring.current_id and day >= today.isoformat():
            count, held_until = count + 1, dt.date.fromisoformat(day)
            last = max(last or held_until, held_until)
    return count, last

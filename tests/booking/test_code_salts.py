"""Enquiry codes: each new booking's is bound to a salt of its own; older ones, to the reference."""
from booking.records import code_hash
from store import keys
from tests.booking.conftest import SECRET, applicants, request

CODE = "2468"


def test_equal_codes_are_stored_differently(ledger, redis_client):
    first, second = (ledger.book(request(code=CODE), key) for key in ("a", "b"))
    stored = [redis_client.hget(keys.booking(reference), "code") for reference in (first, second)]
    # A hash, never the code itself (a random hex digest may contain the four digits by chance).
    assert stored[0] != stored[1] and CODE not in stored


def test_a_booking_from_before_salts_is_still_found(ledger, redis_client):
    [person] = applicants(1)
    reference = ledger.book(request([person], code=CODE), "k")
    record = keys.booking(reference)
    redis_client.hdel(record, "code_salt")
    redis_client.hset(record, "code", code_hash(SECRET, reference, CODE))
    assert ledger.authenticate("hkid", person.number, CODE).reference == reference

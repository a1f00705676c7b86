"""Document numbers: keypad, check digits, masking, hashing and birth data (SPEC §4)."""
import datetime as dt

import pytest

from booking import identity
from booking.errors import InvalidBirthDate, InvalidDocument, InvalidKeypadEntry


@pytest.mark.parametrize("raw, canonical", [
    ("A123456(3)", "A1234563"),
    ("G123456(A)", "G123456A"),
    ("AB987654(3)", "AB9876543"),
    ("CA182361(1)", "CA1823611"),
    (" a123456 (3) ", "A1234563"),
])
@pytest.mark.parametrize("doc_type", ["hkid", "birth_cert"])
def test_valid_check_digits(doc_type, raw, canonical):
    assert identity.normalize(doc_type, raw) == canonical


@pytest.mark.parametrize("raw", ["A123456(9)", "C567890(8)"])
def test_wrong_check_digit(raw):
    with pytest.raises(InvalidDocument) as caught:
        identity.normalize("hkid", raw)
    assert caught.value.reason == "check_digit"
    assert raw not in str(caught.value)


@pytest.mark.parametrize("raw", ["", "A12345(6)", "ABC123456(7)", "1234567", "A1234567(8)", "A123456(B)"])
def test_bad_format(raw):
    with pytest.raises(InvalidDocument) as caught:
        identity.normalize("hkid", raw)
    assert caught.value.reason == "format"


@pytest.mark.parametrize("doc_type, prefix", [("hkid", "A"), ("hkid", "AB")])
def test_check_character_matches_every_serial_once(doc_type, prefix):
    # Exactly one of the 11 check characters is accepted for a given body.
    accepted = [c for c in "0123456789A" if identity.is_valid(doc_type, f"{prefix}765432{c}")]
    assert accepted == [identity.check_character(prefix, "765432")]


@pytest.mark.parametrize("raw, ok", [("E12345678", True), ("K123", False), ("K1234", True), ("AB12", False),
                                     ("X" * 20, True), ("X" * 21, False), ("E1234-567", True)])
def test_travel_document_format(raw, ok):
    assert identity.is_valid("travel", raw) is ok


def test_unknown_document_type():
    with pytest.raises(InvalidDocument):
        identity.normalize("passport", "E12345678")


@pytest.mark.parametrize("keys, decoded", [
    ("*211234563", "A1234563"),
    ("*211234563#", "A1234563"),
    ("*74*94123", "SZ123"),
    ("*41123456*21", "G123456A"),
    ("*71*72*73*74", "PQRS"),
])
def test_decode_keypad(keys, decoded):
    assert identity.decode_keypad(keys) == decoded


@pytest.mark.parametrize("keys", ["*1", "*75", "*2", "*20", "*", "#", "", "12#3", "*21*95", "**21"])
def test_decode_keypad_refuses_bad_sequences(keys):
    with pytest.raises(InvalidKeypadEntry) as caught:
        identity.decode_keypad(keys)
    assert caught.value.reason == "keypad"


def test_keypad_example_of_the_spec_validates():
    assert identity.normalize("hkid", identity.decode_keypad("*211234563#")) == "A1234563"


@pytest.mark.parametrize("number, doc_type, masked", [
    ("A1234563", None, "A1*****(*)"),
    ("AB9876543", "hkid", "AB******(*)"),
    ("E12345678", "travel", "E1*******"),
    ("P1234567", "travel", "P1******"),
])
def test_mask_shows_at_most_two_characters(number, doc_type, masked):
    assert identity.mask(number, doc_type) == masked


def test_display_brackets_the_check_character():
    assert identity.display("AB9876543") == "AB987654(3)"


def test_document_hash_is_keyed_and_shared_by_hkid_and_birth_certificate():
    by_card = identity.document_hash("k1", "hkid", "A1234563")
    assert by_card == identity.document_hash("k1", "birth_cert", "A1234563")
    assert by_card != identity.document_hash("k2", "hkid", "A1234563")
    assert by_card != identity.document_hash("k1", "travel", "A1234563")
    digest, _, key_id = by_card.partition(".")
    assert len(digest) == 64 and len(key_id) == 8 and "A1234563" not in by_card


@pytest.mark.parametrize("text, day", [("01", 1), ("05", 5), ("31", 31)])
def test_birth_day(text, day):
    assert identity.parse_birth_day(text) == day


@pytest.mark.parametrize("text", ["00", "32", "5", "005", "ab"])
def test_bad_birth_day(text):
    with pytest.raises(InvalidBirthDate) as caught:
        identity.parse_birth_day(text)
    assert caught.value.field == "day"


def test_birth_year_runs_from_1900_to_this_year():
    today = dt.date(2025, 3, 3)
    assert identity.parse_birth_year("1900", today) == 1900
    assert identity.parse_birth_year("2025", today) == 2025
    for bad in ("1899", "2026", "85", "19a0"):
        with pytest.raises(InvalidBirthDate):
            identity.parse_birth_year(bad, today)

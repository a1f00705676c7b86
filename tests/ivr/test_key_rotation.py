"""A new SECRET_KEY with the old one in SECRET_KEY_PREVIOUS: nothing the old key protected is orphaned."""
import datetime as dt

import pytest

from app import create_app
from booking.errors import DocumentAlreadyBooked
from booking.extensions import keyring_for, ledger_of
from booking.model import Applicant
from tests.booking.conftest import request
from tests.documents import hkid
from tests.ivr.calls import HK_MOBILE, applicant_keys, heard
from tests.ivr.manage_calls import DETAILS_HKO, ENQUIRE, FIRST_DAY, NOT_FOUND, book, book_ahead, identify

OLD_KEY = "old-key-Hq3vZ8xK1mN6pR2tW9yB4cF7gJ0sL5dA"
NEW_KEY = "new-key-Tb7nY2wQ9kM4xV6zC1rP8hL3fG5jD0sE"
LATER_DAY = dt.date(2026, 12, 8)  # a Tuesday two weeks after the test clock: a reminder is kept
ALREADY_BOOKED = ("This document already has an appointment, and each person can hold only one. "
                  "To change the existing appointment, choose 3 in the main menu.")


def line_with(app, key, previous=None):
    """The line on the same Redis under ``key`` (and ``previous``, the key it replaced)."""
    return create_app({**app.config, "SECRET_KEY": key, "SECRET_KEY_PREVIOUS": previous})


@pytest.fixture
def booked_under_the_old_key(app):
    """A booking made by phone under OLD_KEY: the document number and the reference."""
    number = hkid(530001)
    return number, book(line_with(app, OLD_KEY), "3", number)


def test_without_the_old_key_the_booking_would_be_orphaned(app, booked_under_the_old_key):
    number, _ = booked_under_the_old_key
    orphaned = line_with(app, NEW_KEY)
    assert heard(orphaned, identify("3", ENQUIRE, number))[-1] == NOT_FOUND


def test_the_enquiry_code_still_finds_the_booking_after_the_rotation(app, booked_under_the_old_key):
    number, _ = booked_under_the_old_key
    rotated = line_with(app, NEW_KEY, OLD_KEY)
    said = heard(rotated, identify("3", ENQUIRE, number))
    assert said[-2] == DETAILS_HKO and said[-1].startswith("To hear the appointment again, press 1.")


def test_the_same_document_cannot_be_booked_twice_after_the_rotation(app, booked_under_the_old_key):
    number, _ = booked_under_the_old_key
    rotated = line_with(app, NEW_KEY, OLD_KEY)
    assert heard(rotated, ["3", "1", "1"] + applicant_keys(number))[-2] == ALREADY_BOOKED  # its own birth date
    with pytest.raises(DocumentAlreadyBooked):
        ledger_of(rotated).book(request([Applicant("hkid", number, 5, 1985)], day=FIRST_DAY, time="09:00"), "again")


def test_secrets_rotate_reseals_and_says_how_long_the_old_key_is_needed(app, booked_under_the_old_key):
    number, _ = booked_under_the_old_key
    reference = book_ahead(line_with(app, OLD_KEY), hkid(530002), LATER_DAY, phone=HK_MOBILE)
    rotated = line_with(app, NEW_KEY, OLD_KEY)
    result = rotated.test_cli_runner().invoke(args=["secrets", "rotate"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"re-sealed under key {keyring_for(rotated).current_id}: 2 booking phone number(s), 1 live call state(s)",
        "2 document(s) are held by bookings made under an old key, the last on 2026-12-08: "
        "keep SECRET_KEY_PREVIOUS until that day has passed",
    ]
    # The reminder phone (and the booking call's state) are now sealed under the new key alone; the
    # enquiry code's hash still needs the old one.
    assert ledger_of(line_with(app, NEW_KEY)).reminder_phone(reference) == HK_MOBILE
    assert heard(rotated, identify("3", ENQUIRE, number))[-2] == DETAILS_HKO


def test_secrets_rotate_needs_an_old_key(app):
    result = app.test_cli_runner().invoke(args=["secrets", "rotate"])
    assert result.exit_code == 1 and "set SECRET_KEY to the new key and SECRET_KEY_PREVIOUS" in result.output


def test_keys_are_derived_per_purpose_and_hashes_carry_their_key_id(app):
    keyring = keyring_for(line_with(app, NEW_KEY, OLD_KEY))
    current, old = keyring.hashes("doc:hk:A1234563")
    assert current.endswith("." + keyring.ids[0]) and old.endswith("." + keyring.ids[1])
    assert NEW_KEY.encode() not in (keyring.fernet("ledger")._fernets[0]._signing_key,
                                    keyring.fernet("ledger")._fernets[0]._encryption_key)
    sealed = keyring.fernet("ledger").encrypt(b"+85291234567")
    with pytest.raises(Exception):
        keyring.fernet("call-state").decrypt(sealed)  # a value sealed for one purpose opens for no other

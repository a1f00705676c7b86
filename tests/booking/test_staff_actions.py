"""The attack: someone books a stranger's identity card with an invented birth date, or locks
its code by guessing; staff see the booking masked, cancel it and lift the lock, each action in
the audit trail (SPEC §5; docs/RELIABILITY.md, "Staff actions")."""
import datetime as dt
import re

import pytest

from booking.errors import Locked, NotFound
from booking.model import Applicant
from booking.extensions import ledger_of
from tests.booking.conftest import DAY, START, request
from tests.documents import hkid

OWNER = hkid(990001, "Z")
SQUATTER_CODE = "1111"


@pytest.fixture
def squatted(app):
    """The owner's document booked by a stranger, with a made-up birth date; its reference."""
    stranger = request([Applicant("hkid", OWNER, 17, 1961)], time="10:00", code=SQUATTER_CODE, app_type="lost_damaged")
    return ledger_of(app).book(stranger, "squatter")


def lock_by_guessing(ledger, number: str) -> None:
    """Five wrong codes keyed with one document: its own lock, and its booking's."""
    for _ in range(5):
        with pytest.raises((NotFound, Locked)):
            ledger.authenticate("hkid", number, "0000")


def unlock(runner, typed: str) -> list[str]:
    """What the clerk reads after ``documents unlock`` with ``typed`` at the hidden prompt."""
    result = runner.invoke(args=["documents", "unlock", "--type", "hkid", "--reason", "HKID card seen at KO counter"],
                           input=f"{typed}\n")
    assert result.exit_code == 0, result.output
    assert typed[2:] not in result.output
    return result.output.splitlines()


def lifted_by_guessing(reference: str, until: str) -> list[str]:
    """The unlock's lines for a booking locked by five wrong codes with its first document."""
    return [f"document Z9*****(*) unlocked, and its booking {reference}:",
            f"  booking {reference}: 5 wrong code(s) of the last 24 hours cleared (it was locked)",
            f"  applicant 1 Z9*****(*): 5 wrong code(s) in a row cleared (it was locked until {until})"]


def test_staff_see_the_booking_with_its_documents_masked(app, runner, squatted):
    result = runner.invoke(args=["bookings", "show", squatted])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:6] == [f"reference   {squatted}", "status      active", "office      HKO",
                         "when        2025-03-10 10:00", "type        lost or damaged card", "applicants  1: Z9*****(*)"]
    assert lines[-1] == "wrong codes 0 in the last 24 hours"
    assert OWNER[2:] not in result.output
    assert runner.invoke(args=["bookings", "show", "99999999"]).output == "Error: no booking 99999999\n"


def test_staff_cancel_a_squatted_booking_and_the_owner_can_book(app, runner, squatted):
    ledger = ledger_of(app)
    assert ledger.holds_active_booking("hkid", OWNER)
    reason = "booked with another person's identity card; owner identified at HKO counter"
    result = runner.invoke(args=["bookings", "cancel", squatted, "--reason", reason])
    assert result.output == (f"booking {squatted} cancelled: 1 place(s) at HKO on 2025-03-10 10:00 given back, "
                             "its documents free to book again\n")
    assert ledger.get(squatted).status == "cancelled" and not ledger.holds_active_booking("hkid", OWNER)
    owner = request([Applicant("hkid", OWNER, 3, 1990)], time="10:00")
    assert ledger.book(owner, "owner") != squatted
    again = runner.invoke(args=["bookings", "cancel", squatted, "--reason", reason])
    assert (again.exit_code, again.output) == (1, f"Error: booking {squatted} is not active; nothing cancelled\n")
    audit = runner.invoke(args=["bookings", "audit"]).output.splitlines()
    assert re.split(r"\s{2,}", audit[0]) == ["When (HK)", "Staff", "Action", "Booking or document", "Reason"]
    assert [re.split(r"\s{2,}", line)[2:] for line in audit[1:]] == [["cancelled booking", squatted, reason]]


def test_staff_cancel_on_the_appointment_day_itself(app, runner, squatted, clock):
    clock.now = clock.now.replace(day=10)  # the caller's deadline has passed; staff have none
    assert runner.invoke(args=["bookings", "cancel", squatted, "--reason", "squatted"]).exit_code == 0
    assert ledger_of(app).get(squatted).status == "cancelled"


def test_staff_lift_a_code_lock_once_the_person_is_identified(app, runner, squatted):
    ledger = ledger_of(app)
    lock_by_guessing(ledger, OWNER)
    with pytest.raises(Locked):
        ledger.authenticate("hkid", OWNER, SQUATTER_CODE)
    assert runner.invoke(args=["bookings", "show", squatted]).output.splitlines()[-2] == (
        "wrong codes 5 in the last 24 hours (locked)")
    assert unlock(runner, f"{OWNER[:-1]}({OWNER[-1]})")[-3:] == lifted_by_guessing(
        squatted, (START + dt.timedelta(hours=24)).isoformat())
    assert ledger.authenticate("hkid", OWNER, SQUATTER_CODE).reference == squatted
    audit = runner.invoke(args=["bookings", "audit"]).output
    assert re.search(r"unlocked document\s+Z9\*{5}\(\*\)\s+HKID card seen at KO counter", audit)
    assert re.search(rf"showed booking\s+{squatted}", audit) and OWNER[2:] not in audit


def test_an_invalid_number_unlocks_nothing(runner):
    result = runner.invoke(args=["documents", "unlock", "--type", "hkid", "--reason", "x"], input="A123456(9)\n")
    assert (result.exit_code, result.output.splitlines()[-1]) == (1, "Error: not a valid document number (check_digit)")
    assert runner.invoke(args=["bookings", "audit"]).output == "No staff actions recorded yet.\n"


def test_an_unlock_by_either_document_lifts_every_lock_of_the_booking_and_says_which(app, runner, clock):
    """QA F-U: the unlock named one document; the other kept its own lock while the clerk read "unlocked"."""
    ledger = ledger_of(app)
    guessed, other = hkid(990011, "Z"), hkid(990012, "Z")
    reference = ledger.book(request([Applicant("hkid", guessed, 5, 1980), Applicant("hkid", other, 6, 1981)],
                                    code=SQUATTER_CODE), "family")
    lock_by_guessing(ledger, guessed)
    until = (clock.now.replace(microsecond=0) + dt.timedelta(hours=24)).isoformat()
    shown = runner.invoke(args=["bookings", "show", reference]).output.splitlines()
    assert shown[-2:] == ["wrong codes 5 in the last 24 hours (locked)",
                          f"applicant 1 Z9*****(*): 5 wrong code(s) in a row (locked until {until})"]
    said = unlock(runner, other)
    assert said[-4:] == [*lifted_by_guessing(reference, until), "  applicant 2 Z9*****(*): 0 wrong code(s) in a row cleared"]
    assert not any(guessed[2:] in line for line in said)
    assert runner.invoke(args=["bookings", "show", reference]).output.splitlines()[-1] == (
        "wrong codes 0 in the last 24 hours")
    assert ledger.authenticate("hkid", guessed, SQUATTER_CODE).reference == reference
    assert ledger.authenticate("hkid", other, SQUATTER_CODE).reference == reference
    audit = runner.invoke(args=["bookings", "audit"]).output
    assert re.search(r"unlocked document\s+Z9\*{5}\(\*\)\s+HKID card seen at KO counter", audit)

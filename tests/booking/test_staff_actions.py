"""The attack: someone books a stranger's identity card with an invented birth date, or locks
its code by guessing; staff see the booking masked, cancel it and lift the lock, each action in
the audit trail (SPEC §5; docs/RELIABILITY.md, "Staff actions")."""
import pytest

from booking.errors import Locked, NotFound
from booking.model import Applicant
from booking.extensions import ledger_of
from tests.booking.conftest import DAY, request
from tests.documents import hkid

OWNER = hkid(990001, "Z")
SQUATTER_CODE = "1111"


@pytest.fixture
def squatted(app):
    """The owner's document booked by a stranger, with a made-up birth date; its reference."""
    stranger = request([Applicant("hkid", OWNER, 17, 1961)], time="10:00", code=SQUATTER_CODE, app_type="lost_damaged")
    return ledger_of(app).book(stranger, "squatter")


def test_staff_see_the_booking_with_its_documents_masked(app, runner, squatted):
    result = runner.invoke(args=["bookings", "show", squatted])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:6] == [f"reference   {squatted}", "status      active", "office      HKO",
                         "when        2025-03-10 10:00", "type        lost_damaged", "applicants  1: Z9*****(*)"]
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
    assert [line.split("  ", 2)[2] for line in audit] == [f"cancelled booking {squatted}  ({reason})"]


def test_staff_cancel_on_the_appointment_day_itself(app, runner, squatted, clock):
    clock.now = clock.now.replace(day=10)  # the caller's deadline has passed; staff have none
    assert runner.invoke(args=["bookings", "cancel", squatted, "--reason", "squatted"]).exit_code == 0
    assert ledger_of(app).get(squatted).status == "cancelled"


def test_staff_lift_a_code_lock_once_the_person_is_identified(app, runner, squatted):
    ledger = ledger_of(app)
    for _ in range(5):
        with pytest.raises((NotFound, Locked)):
            ledger.authenticate("hkid", OWNER, "0000")
    with pytest.raises(Locked):
        ledger.authenticate("hkid", OWNER, SQUATTER_CODE)
    assert runner.invoke(args=["bookings", "show", squatted]).output.splitlines()[-1] == (
        "wrong codes 5 in the last 24 hours (locked)")
    result = runner.invoke(args=["documents", "unlock", "--type", "hkid", "--reason", "HKID card seen at KO counter"],
                           input=f"{OWNER[:-1]}({OWNER[-1]})\n")
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"document Z9*****(*) unlocked, and its booking {squatted}\n")
    assert OWNER[2:] not in result.output
    assert ledger.authenticate("hkid", OWNER, SQUATTER_CODE).reference == squatted
    audit = runner.invoke(args=["bookings", "audit"]).output
    assert "unlocked document Z9*****(*)  (HKID card seen at KO counter)" in audit
    assert f"showed booking {squatted}" in audit and OWNER[2:] not in audit


def test_an_invalid_number_unlocks_nothing(runner):
    result = runner.invoke(args=["documents", "unlock", "--type", "hkid", "--reason", "x"], input="A123456(9)\n")
    assert (result.exit_code, result.output.splitlines()[-1]) == (1, "Error: not a valid document number (check_digit)")
    assert runner.invoke(args=["bookings", "audit"]).output == ""

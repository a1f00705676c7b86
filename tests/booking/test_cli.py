"""Office staff commands, run through Flask's CLI runner on the real app."""
import json
import re

import pytest

from booking.extensions import catalogue_of, ledger_of
from booking.model import APPLICATION_TYPE_LABELS
from tests.booking.conftest import DAY, applicants, request


def test_services_attach_catalogue_and_ledger(app):
    assert ledger_of(app).catalogue is catalogue_of(app)
    assert [o.code for o in catalogue_of(app).offices][:2] == ["HKO", "KO"]
    assert ledger_of(app).today().isoformat() == "2025-03-03"


def test_calendar_window(runner):
    result = runner.invoke(args=["calendar", "window", "--on", "2024-09-05"])
    assert result.exit_code == 0
    assert result.output == (
        "call on 2024-09-05 (Thu): first bookable 2024-09-06 (Fri), last bookable 2025-01-02 (Thu)\n")
    today = runner.invoke(args=["calendar", "window"])
    assert today.output.startswith("call on 2025-03-03 (Mon): first bookable 2025-03-04 (Tue)")


def test_bookings_list_as_json(app, runner):
    ledger = ledger_of(app)
    first = ledger.book(request(applicants(3), time="10:00"), "a")
    second = ledger.book(request(office="KO", time="08:45"), "b")
    ledger.cancel(ledger.book(request(time="11:00"), "c"))
    result = runner.invoke(args=["bookings", "list", "--date", DAY.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["reference"], r["office"], r["date"], r["time"], r["applicants"], r["status"]) for r in rows] == [
        (first, "HKO", "2025-03-10", "10:00", 3, "active"),
        (rows[1]["reference"], "HKO", "2025-03-10", "11:00", 1, "cancelled"),
        (second, "KO", "2025-03-10", "08:45", 1, "active"),
    ]
    only_ko = runner.invoke(args=["bookings", "list", "--date", DAY.isoformat(), "--office", "ko", "--json"])
    assert [r["reference"] for r in json.loads(only_ko.output)] == [second]


def test_bookings_list_as_text_masks_documents(app, runner):
    people = applicants(1)
    reference = ledger_of(app).book(request(people), "a")
    result = runner.invoke(args=["bookings", "list", "--date", DAY.isoformat()])
    header, row = result.output.splitlines()
    assert header.split() == ["Reference", "Office", "Date", "Time", "Applicants", "Status", "Application",
                              "Documents", "Note"]
    assert row.split()[:6] == [reference, "HKO", "2025-03-10", "09:00", "1", "active"]
    # The application type in words (its id stays in --json).
    booked_type = json.loads(runner.invoke(args=["bookings", "list", "--date", DAY.isoformat(), "--json"]).output)[0]
    assert f"  {APPLICATION_TYPE_LABELS[booked_type['app_type']]}  " in row and booked_type["app_type"] not in row
    assert people[0].number not in result.output and f"{people[0].number[:2]}*****(*)" in result.output
    empty = runner.invoke(args=["bookings", "list", "--date", "2025-03-11"])
    assert empty.output == "No bookings on 2025-03-11.\n"


def test_offices_list_on_a_date(runner):
    result = runner.invoke(args=["offices", "list", "--on", "2024-06-20"])
    header, *rows = result.output.splitlines()
    assert header.split() == ["Code", "Office", "On", "2024-06-20", "Booking", "Types", "Quota", "General", "hours",
                              "Note"]
    lines = {line.split()[0]: line for line in rows}
    assert list(lines) == ["HKO", "KO", "KTO", "TKO", "TMO", "YLO", "FTO", "KTT"]
    assert " open " in lines["HKO"] and " phone " in lines["HKO"]
    # Types 1, 3 and 4 by phone: press release 30 Oct 2023.
    assert re.split(r"\s{2,}", lines["HKO"])[4:] == ["1,3,4", "10/15 min", "Mon-Fri 08:45-16:30; Sat 09:00-11:30"]
    assert " closed " in lines["KTO"]
    assert " open " in lines["TKO"] and "no phone" in lines["TKO"]
    assert " open " in lines["KTT"] and "no phone" in lines["KTT"]


def test_offices_close_lists_the_affected(app, runner):
    reference = ledger_of(app).book(request(applicants(2)), "a")
    result = runner.invoke(args=["offices", "close", "HKO", "--date", DAY.isoformat()])
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "HKO closed on 2025-03-10: 1 booking(s) affected."
    assert result.output.splitlines()[1].startswith("Reference")
    assert result.output.splitlines()[2].split()[:6] == [reference, "HKO", "2025-03-10", "09:00", "2", "active"]
    assert ledger_of(app).closures("HKO") == [DAY]
    as_json = runner.invoke(args=["offices", "close", "HKO", "--date", DAY.isoformat(), "--json"])
    assert [r["reference"] for r in json.loads(as_json.output)] == [reference]


def test_unknown_office_is_a_usage_error(runner):
    result = runner.invoke(args=["offices", "close", "XYZ", "--date", "2025-03-10"])
    assert result.exit_code == 2
    assert "unknown office code 'XYZ'" in result.output

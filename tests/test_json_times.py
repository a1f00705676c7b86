"""Every ``--json`` of the command line gives its dates and times in ISO 8601, never epoch seconds.

One day of calls (a booking, an information call, a caller who hangs up), then each command
with ``--json``: every value under a key that names a moment is an ISO date, time or instant
(instants with their Hong Kong offset), and no number anywhere is large enough to be a
timestamp.
"""
import datetime as dt
import json
import re

import pytest

from booking.calendar import booking_window
from tests.documents import hkid
from tests.ivr.calls import booking_keys, call
from tests.supervision.helpers import INFORMATION_CALL

# Keys whose values are moments: started, ended_at, date, time, created_at, hour ...
MOMENT_KEY = re.compile(r"(^|_)(at|started|ended|date|time|day|until|since)$|^hour$")
EPOCH_2001 = 1e9


def moments(value, key: str = "") -> list[tuple[str, object]]:
    """Every (key, value) under a moment key, anywhere in ``value``; numbers that look like epochs fail at once."""
    if isinstance(value, dict):
        return [found for name, item in value.items() for found in moments(item, name)]
    if isinstance(value, list):
        return [found for item in value for found in moments(item, key)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        assert abs(value) < EPOCH_2001, f"{key}: {value} looks like epoch seconds"
    return [(key, value)] if MOMENT_KEY.search(key) else []


def iso(text: str) -> object:
    """The date, time or instant an ISO 8601 string names (a ValueError otherwise)."""
    for parse in (dt.date.fromisoformat, dt.time.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValueError(f"not ISO 8601: {text!r}")


@pytest.fixture
def day(app, clock):
    """A booking, an information call and a hang-up today; the day a closure can be tried on."""
    call(app, booking_keys("3", [hkid(740001)]))
    call(app, INFORMATION_CALL)
    call(app, ["3"])
    return booking_window(clock.now.date())[0]


def test_every_json_output_gives_iso_times(app, runner, day):
    # The call log keeps the real time (the test clock moves the ledger): the calls' own day.
    today = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)[0]["started"][:10]
    commands = [
        ["calls", "list", "--json"], ["calls", "list", "--date", today, "--json"],
        ["calls", "funnel", "--date", today, "--json"], ["calls", "report", "--date", today, "--json"],
        ["calls", "hours", "--date", today, "--json"],
        ["bookings", "list", "--date", day.isoformat(), "--json"],
        ["offices", "close", "HKO", "--date", day.isoformat(), "--json"],
    ]
    checked = set()
    for command in commands:
        result = runner.invoke(args=command)
        assert result.exit_code == 0, (command, result.output)
        for key, value in moments(json.loads(result.output)):
            if value is None:
                continue  # a call not ended yet has no end
            assert isinstance(value, str), f"{' '.join(command)}: {key} is {value!r}"
            moment = iso(value)
            if isinstance(moment, dt.datetime):
                assert moment.utcoffset() == dt.timedelta(hours=8), f"{key}: {value} is not Hong Kong time"
            checked.add(key)
    # The moments the commands give: when calls started and ended, days, appointment times, hours.
    assert {"started", "ended_at", "date", "time", "hour"} <= checked

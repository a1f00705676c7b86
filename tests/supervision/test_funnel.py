"""Where callers leave, per step, and the calls per hour of a day."""
import datetime as dt
import json
import re
from collections import Counter

import pytest

from booking.calendar import HK_TZ
from supervision import charts
from supervision.stats import FlowFunnel, StepCount
from tests.supervision.helpers import INFORMATION_CALL, SILENT_CALL, scripted_call

DAY = dt.date(2026, 11, 23)
# English, make an appointment, one applicant, then the caller hangs up at the document type.
BOOKING_LEFT = ["3", "1", "1"]


class FrozenTime:
    """Stands in for the ``time`` module of ``ivr.turnlog``: the calls happen when the test says."""

    def __init__(self):
        self.now = 0.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def calls_of_the_day(app, monkeypatch):
    """Five calls on DAY (09:05, 10:10, 10:40, 10:50, 23:59:59) and one at midnight after it."""
    frozen = FrozenTime()
    monkeypatch.setattr("ivr.turnlog.time", frozen)
    scripts = [((9, 5), INFORMATION_CALL), ((10, 10), SILENT_CALL), ((10, 40), ["3"]), ((10, 50), BOOKING_LEFT),
               ((23, 59), ["3", "5"])]
    for (hour, minute), keys in scripts:
        frozen.now = dt.datetime(2026, 11, 23, hour, minute, 59 if hour == 23 else 0, tzinfo=HK_TZ).timestamp()
        scripted_call(app, keys)
    frozen.now = dt.datetime(2026, 11, 24, 0, 0, tzinfo=HK_TZ).timestamp()
    scripted_call(app, ["3"])


def step(step, label, reached, outcomes, done=0, dropped=0):
    """One funnel row as ``calls funnel --json`` gives it."""
    return {"step": step, "label": label, "reached": reached, "left": sum(outcomes.values()), "done": done,
            "dropped": dropped, "on_line": 0, "outcomes": outcomes}


EXPECTED_FLOWS = [
    {"flow": "main", "label": "Start of the call", "calls": 5, "steps": [
        step("main.language", "Language menu", 5, {"gave_up": 1}, dropped=1),
        step("main.menu", "Main menu", 4, {"caller_hung_up": 1}, dropped=1),
    ]},
    {"flow": "booking", "label": "Booking", "calls": 1, "steps": [
        step("booking.start", "Number of applicants", 1, {}),
        step("booking.doc_first", "Identity card number", 1, {"caller_hung_up": 1}, dropped=1),
    ]},
    {"flow": "info", "label": "Information", "calls": 2, "steps": [
        step("info.offices", "Offices", 2, {"information": 1}, done=1),
        step("info.other", "Other information", 1, {"information": 1}, done=1),
    ]},
]


def test_a_funnel_per_flow_with_steps_in_flow_order_and_successes_apart(runner, calls_of_the_day):
    result = runner.invoke(args=["calls", "funnel", "--date", DAY.isoformat(), "--json"])
    assert json.loads(result.output) == {
        "date": "2026-11-23", "calls": 5, "flows": EXPECTED_FLOWS,
        "successes": ["booked", "cancelled", "changed", "enquired", "information"]}


def test_the_funnel_as_tables_with_labels(runner, calls_of_the_day):
    lines = runner.invoke(args=["calls", "funnel", "--date", DAY.isoformat()]).output.splitlines()
    cells = [re.split(r"\s{2,}", line.strip()) for line in lines]
    assert lines[:3] == ["Calls of 2026-11-23: 5", "", "Start of the call: 5 calls"]
    assert cells[3] == ["Step", "Reached", "Succeeded here", "Dropped here", "Dropped %",
                        "How the calls that ended here ended", "calls list --step"]
    assert cells[4] == ["Language menu", "5", "0", "1", "20%", "Gave up after 3 tries 1", "main.language"]
    assert lines[7] == "Booking: 1 call"
    assert cells[9] == ["Number of applicants", "1", "0", "0", "0%", "-", "booking.start"]
    assert cells[10] == ["Identity card number", "1", "0", "1", "100%", "Caller hung up 1", "booking.doc_first"]
    assert cells[-3] == ["Other information", "1", "1", "0", "0%", "Heard information 1", "info.other"]
    assert lines[-1] == "The calls that ended at a step: calls list --date 2026-11-23 --step STEP (the last column)"


def test_calls_per_hour_in_hong_kong_time(runner, calls_of_the_day):
    result = runner.invoke(args=["calls", "hours", "--date", DAY.isoformat(), "--json"])
    expected = [0] * 24
    expected[9], expected[10], expected[23] = 1, 3, 1
    assert json.loads(result.output) == {"date": "2026-11-23", "calls_per_hour": expected}
    text = runner.invoke(args=["calls", "hours", "--date", "2026-11-24"]).output.splitlines()
    assert text[0] == "Calls of 2026-11-24 per hour (Hong Kong): 1"
    assert text[1] == "00:00     1 " + "#" * 40


def test_a_bad_date_is_a_usage_error(runner):
    result = runner.invoke(args=["calls", "funnel", "--date", "23/11/2026"])
    assert result.exit_code == 2 and "not a date (YYYY-MM-DD)" in result.output


def test_bars_scale_to_the_flows_busiest_step_and_lay_their_parts_end_to_end():
    successes = frozenset({"booked"})
    rows = [StepCount("booking.start", 4, Counter({"caller_hung_up": 1})),
            StepCount("booking.goodbye", 2, Counter({"booked": 1, "in_progress": 1}))]
    first, last = charts.step_bars(FlowFunnel("booking", 4, rows), successes)
    assert [(part.kind, part.x, part.width) for part in first.parts] == [("dropped", 0, 25), ("went-on", 25, 75)]
    assert [(part.kind, part.x, part.width) for part in last.parts] == [("done", 0, 25), ("on-line", 25, 25)]
    assert (first.dropped, first.done, first.went_on, last.done, last.on_line) == (1, 0, 3, 1, 1)
    assert charts.hour_widths([0] * 9 + [1, 2] + [0] * 13)[8:12] == [0, 50, 100, 0]


def test_the_last_date_of_the_calendar_is_a_usage_error(runner):
    for command in (["calls", "funnel"], ["calls", "report"], ["calls", "list"]):
        result = runner.invoke(args=[*command, "--date", "9999-12-31"])
        assert result.exit_code == 2 and "not a date the call log can hold" in result.output, result.output
    result = runner.invoke(args=["calls", "list", "--page", "99999999999999999999"])
    assert result.exit_code == 2 and "--page" in result.output

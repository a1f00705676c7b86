"""Where callers leave, per step, and the calls per hour of a day."""
import datetime as dt
import json

import pytest

from booking.calendar import HK_TZ
from supervision import charts
from supervision.stats import StepCount
from tests.supervision.helpers import INFORMATION_CALL, SILENT_CALL, scripted_call

DAY = dt.date(2026, 11, 23)


class FrozenTime:
    """Stands in for the ``time`` module of ``ivr.turnlog``: the calls happen when the test says."""

    def __init__(self):
        self.now = 0.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def calls_of_the_day(app, monkeypatch):
    """Four calls on DAY (09:05, 10:10, 10:40, 23:59:59) and one at midnight after it."""
    frozen = FrozenTime()
    monkeypatch.setattr("ivr.turnlog.time", frozen)
    scripts = [((9, 5), INFORMATION_CALL), ((10, 10), SILENT_CALL), ((10, 40), ["3"]), ((23, 59), ["3", "5"])]
    for (hour, minute), keys in scripts:
        frozen.now = dt.datetime(2026, 11, 23, hour, minute, 59 if hour == 23 else 0, tzinfo=HK_TZ).timestamp()
        scripted_call(app, keys)
    frozen.now = dt.datetime(2026, 11, 24, 0, 0, tzinfo=HK_TZ).timestamp()
    scripted_call(app, ["3"])


EXPECTED_FUNNEL = [
    {"step": "main.language", "reached": 4, "left": 1, "outcomes": {"gave_up": 1}},
    {"step": "main.menu", "reached": 3, "left": 1, "outcomes": {"caller_hung_up": 1}},
    {"step": "info.offices", "reached": 2, "left": 1, "outcomes": {"information": 1}},
    {"step": "info.other", "reached": 1, "left": 1, "outcomes": {"information": 1}},
]


def test_the_funnel_counts_the_calls_that_reached_and_left_each_step(runner, calls_of_the_day):
    result = runner.invoke(args=["calls", "funnel", "--date", DAY.isoformat(), "--json"])
    assert json.loads(result.output) == {"date": "2026-11-23", "steps": EXPECTED_FUNNEL}


def test_the_funnel_as_a_table(runner, calls_of_the_day):
    lines = runner.invoke(args=["calls", "funnel", "--date", DAY.isoformat()]).output.splitlines()
    assert lines[0] == "Calls of 2026-11-23: 4"
    assert lines[2].split() == ["main.language", "4", "1", "25%", "gave_up", "1"]
    assert lines[5].split() == ["info.other", "1", "1", "100%", "information", "1"]


def test_calls_per_hour_in_hong_kong_time(runner, calls_of_the_day):
    result = runner.invoke(args=["calls", "hours", "--date", DAY.isoformat(), "--json"])
    expected = [0] * 24
    expected[9], expected[10], expected[23] = 1, 2, 1
    assert json.loads(result.output) == {"date": "2026-11-23", "calls_per_hour": expected}
    text = runner.invoke(args=["calls", "hours", "--date", "2026-11-24"]).output.splitlines()
    assert text[0] == "Calls of 2026-11-24 per hour (Hong Kong): 1"
    assert text[1] == "00:00     1 " + "#" * 40


def test_a_bad_date_is_a_usage_error(runner):
    result = runner.invoke(args=["calls", "funnel", "--date", "23/11/2026"])
    assert result.exit_code == 2 and "not a date (YYYY-MM-DD)" in result.output


def test_chart_geometry_scales_to_the_busiest_step_and_hour():
    rows = [StepCount("main.language", 4, 1), StepCount("info.other", 1, 1)]
    funnel = charts.funnel_chart(rows)
    room = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    assert [(bar.reached_width, bar.left_width) for bar in funnel.bars] == [(room, room / 4), (room / 4, room / 4)]
    assert funnel.calls == 2 and funnel.bars[1].y - funnel.bars[0].y == charts.ROW_HEIGHT
    hours = charts.hours_chart([0] * 9 + [1, 2] + [0] * 13)
    tallest = charts.HOURS_HEIGHT - charts.AXIS_HEIGHT - charts.TOP_MARGIN
    assert [bar.height for bar in hours.bars if bar.count] == [tallest / 2, tallest]
    assert all(bar.y + bar.height == pytest.approx(hours.baseline) for bar in hours.bars)

"""A day's report (page and ``calls report``), and the call list's totals and pages."""
import datetime as dt
import json
import re

import pytest

from booking.calendar import HK_TZ
from store import calllog
from tests.supervision.helpers import add_supervisor, log_in

DAY = dt.date(2026, 11, 23)


def log_call(client, sid: str, hour: int, minute: int, language: str | None, step: str, outcome: str | None,
             day: dt.date = DAY) -> None:
    """A call in the log as the line writes it: a first turn, a last one, and Twilio's end."""
    started = dt.datetime.combine(day, dt.time(hour, minute), HK_TZ).timestamp()
    first = {"sid": sid, "at": started, "turn": 0, "step": "main.language", "hangup": False, "caller": "*********567"}
    last = {"sid": sid, "at": started + 30, "turn": 1, "step": step, "language": language, "outcome": outcome,
            "hangup": outcome in ("booked", "changed", "cancelled", "gave_up")}
    with client.pipeline() as pipeline:
        calllog.record_turn(pipeline, first, 90)
        calllog.record_turn(pipeline, last, 90)
        pipeline.execute()
    calllog.record_end(client, sid, "completed", "40", 90)


@pytest.fixture
def logged_day(redis_client):
    """Nine calls on DAY in three languages and one with none, and one on the day after."""
    calls = [
        ("CA01", 9, 5, "zh-HK", "booking.goodbye", "booked"), ("CA02", 9, 40, "zh-HK", "booking.goodbye", "booked"),
        ("CA03", 10, 0, "en-GB", "booking.goodbye", "changed"), ("CA04", 10, 20, "zh-CN", "booking.goodbye", "cancelled"),
        ("CA05", 10, 30, "en-GB", "manage.enquiry_menu", "enquired"), ("CA06", 11, 0, None, "main.language", "gave_up"),
        ("CA07", 11, 10, "zh-CN", "booking.doc_type", None), ("CA08", 14, 0, "en-GB", "main.menu", "error"),
        ("CA09", 23, 59, "zh-HK", "info.offices", "information"),
    ]
    for sid, hour, minute, language, step, outcome in calls:
        log_call(redis_client, sid, hour, minute, language, step, outcome)
    log_call(redis_client, "CA10", 0, 0, "en-GB", "booking.goodbye", "booked", day=DAY + dt.timedelta(days=1))


def test_the_day_report_as_json(runner, logged_day):
    report = json.loads(runner.invoke(args=["calls", "report", "--date", DAY.isoformat(), "--json"]).output)
    assert report["date"] == "2026-11-23"
    assert report["total"] == {"calls": 9, "booked": 2, "changed": 1, "cancelled": 1, "enquired": 1, "information": 1,
                               "gave_up": 1, "caller_hung_up": 1, "apologies": 1, "in_progress": 0}
    assert list(report["by_language"]) == ["zh-HK", "zh-CN", "en-GB", "none"]
    assert {language: counts["calls"] for language, counts in report["by_language"].items()} == \
        {"zh-HK": 3, "zh-CN": 2, "en-GB": 3, "none": 1}
    assert report["by_language"]["zh-HK"]["booked"] == 2 and report["by_language"]["none"]["gave_up"] == 1
    hours = {row["hour"]: row for row in report["by_hour"] if row["calls"]}
    assert {hour: row["calls"] for hour, row in hours.items()} == {"09:00": 2, "10:00": 3, "11:00": 2, "14:00": 1,
                                                                  "23:00": 1}
    assert hours["14:00"]["apologies"] == 1 and report["labels"]["apologies"] == "Apologies (the line failed)"


def test_the_day_report_as_text(runner, logged_day):
    lines = runner.invoke(args=["calls", "report", "--date", DAY.isoformat()]).output.splitlines()
    assert lines[0] == "Report of 2026-11-23 (Hong Kong time)"
    assert re.split(r"\s{2,}", lines[1].strip()) == ["Total", "Cantonese", "Putonghua", "English",
                                                     "No language chosen"]
    assert lines[2].split() == ["Calls", "9", "3", "2", "3", "1"]
    assert lines[3].split() == ["Bookings", "2", "2", "0", "0", "0"]
    hour_header = lines.index("Per hour (Hong Kong time, hours with calls):") + 1
    assert lines[hour_header].split()[:4] == ["Hour", "Calls", "Booked", "Changed"]
    assert [line.split()[:2] for line in lines[hour_header + 1:]] == [["09:00", "2"], ["10:00", "3"], ["11:00", "2"],
                                                                       ["14:00", "1"], ["23:00", "1"]]


def test_the_day_report_page(app, runner, logged_day):
    add_supervisor(runner)
    client = app.test_client()
    log_in(client)
    shown = client.get(f"/supervisor/report?date={DAY.isoformat()}").get_data(as_text=True)
    assert re.search(r"<dt>Bookings</dt><dd><a href=\"/supervisor/calls\?date=2026-11-23&amp;outcome=booked\">2</a>",
                     shown)
    assert ('<th class="number" title="zh-HK">Cantonese</th><th class="number" title="zh-CN">Putonghua</th>'
            '<th class="number" title="en-GB">English</th>') in shown
    assert shown.count('<rect class="hour"') == 24
    assert '<tr class="apologies"><th scope="row">Apologies (the line failed)</th><td class="number">1</td>' in shown


def test_the_call_list_has_a_total_and_pages(app, runner, redis_client):
    for number in range(120):
        log_call(redis_client, f"CA{number:03d}", 8 + number // 60, number % 60, "en-GB", "main.menu", None)
    add_supervisor(runner)
    client = app.test_client()
    log_in(client)
    first = client.get("/supervisor/calls").get_data(as_text=True)
    assert "120 calls match; calls 1–50, newest first." in first and first.count('class="sid"') == 50
    assert '<span>page 1 of 3</span>' in first and '<a rel="next" href="/supervisor/calls?page=2">Older ›</a>' in first
    last = client.get("/supervisor/calls?page=3").get_data(as_text=True)
    assert "calls 101–120" in last and last.count('class="sid"') == 20 and ">CA000<" in last
    assert '<span class="off">Older ›</span>' in last
    past = client.get(f"/supervisor/calls?page=9&date={DAY.isoformat()}")  # past the last page: the last, filter kept
    assert past.status_code == 302 and past.headers["Location"] == f"/supervisor/calls?page=3&date={DAY.isoformat()}"

    cli = runner.invoke(args=["calls", "list", "--date", DAY.isoformat(), "--limit", "50", "--page", "3"])
    assert cli.output.splitlines()[-1] == "Calls 101-120 of 120, newest first."


def test_a_funnel_bar_leads_to_the_calls_that_ended_at_its_step(app, runner, logged_day):
    add_supervisor(runner)
    client = app.test_client()
    log_in(client)
    shown = client.get(f"/supervisor/calls?date={DAY.isoformat()}&step=booking.goodbye").get_data(as_text=True)
    assert "4 calls match" in shown and "CA10" not in shown
    assert shown.index(">CA04<") < shown.index(">CA03<") < shown.index(">CA02<") < shown.index(">CA01<")
    filtered = client.get(f"/supervisor/calls?date={DAY.isoformat()}&step=booking.goodbye&outcome=booked")
    assert "2 calls match" in filtered.get_data(as_text=True)
    cli = json.loads(runner.invoke(args=["calls", "list", "--date", DAY.isoformat(), "--step", "booking.doc_type",
                                         "--json"]).output)
    assert [(call["sid"], call["outcome"]) for call in cli] == [("CA07", "caller_hung_up")]

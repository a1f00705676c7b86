"""A day's report counts what really happened: bookings, changes and cancellations against the
ledger, give-ups and apologies against the turns of the call logs, calls by language and hour.

The calls are real scripted calls through the line (three bookings in the three languages, a
change, a cancellation, an enquiry, a silent caller, a caller who hangs up and a call the line
fails), all at 10:xx on the test clock's day.
"""
import datetime as dt
import itertools
import json

import pytest

from booking.extensions import ledger_of
from store import keys
from supervision.calls import call_turns
from tests.documents import hkid
from tests.ivr.calls import booking_keys, call
from tests.ivr.manage_calls import CANCEL, CHANGE, CODE, ENQUIRE, FIRST_DAY, identify

LANGUAGES = {"1": "zh-HK", "2": "zh-CN", "3": "en-GB"}
# Main-menu key 1 (book) in each language, from a number of its own (the per-number limit is not the point).
BOOKERS = {"1": "+85291230001", "2": "+85291230002", "3": "+85291230003"}


class LineTime:
    """Stands in for the ``time`` module of ``ivr.turnlog``: each turn a second after the last, from 10:00."""

    def __init__(self, start: dt.datetime):
        self.ticks = itertools.count(start.timestamp())

    def time(self) -> float:
        return float(next(self.ticks))


@pytest.fixture
def day_of_calls(app, clock, monkeypatch):
    """The day's calls; the booking references by language key."""
    monkeypatch.setattr("ivr.turnlog.time", LineTime(clock.now))
    numbers = {language: hkid(730000 + int(language)) for language in LANGUAGES}
    for language, number in numbers.items():
        said = call(app, booking_keys(language, [number], code=CODE), from_number=BOOKERS[language]).heard
        assert said[-1] in ("多謝你的來電，再見。", "谢谢您的来电，再见。", "Thank you for calling. Goodbye.")
    # English: move the English booking to Kowloon Office; Putonghua: cancel its booking; Cantonese: enquire.
    assert call(app, identify("3", CHANGE, numbers["3"]) + ["2", "2", "2", "1", "1", "1"]).heard[-2].startswith(
        "Your appointment is changed.")
    assert "已经取消。" in call(app, identify("2", CANCEL, numbers["2"]) + ["1"]).heard[-2]
    call(app, identify("1", ENQUIRE, numbers["1"]))
    call(app, ["", "", ""])  # silence: the caller gives up after three tries
    call(app, ["3"])  # English, then hangs up at the main menu

    def fail(*args):
        raise RuntimeError("the line failed")

    monkeypatch.setattr(app.extensions["line"].engine, "handle", fail)
    assert "technical problem" in call(app, ["3"]).heard[-1]
    return numbers


def ledger_bookings(app) -> list:
    """Every booking in the ledger's rosters over the first days of the window, cancelled ones too."""
    ledger = ledger_of(app)
    found = {}
    for office in ("HKO", "KO", "TKO", "TMO", "YLO"):
        for offset in range(7):
            for booking in ledger.roster(office, FIRST_DAY + dt.timedelta(days=offset)):
                found[booking.reference] = booking
    return list(found.values())


def calls_whose_turns_say(redis_client, event: str) -> list[str]:
    """The calls whose turn log holds ``event`` (read from the turns, not from the call summaries)."""
    sids = redis_client.zrange(keys.calls_by_time(), 0, -1)
    return [sid for sid in sids if any(event in turn.get("events", []) for turn in call_turns(redis_client, sid))]


def test_the_day_report_agrees_with_the_ledger_and_the_call_logs(app, runner, redis_client, clock, day_of_calls):
    report = json.loads(runner.invoke(args=["calls", "report", "--date", clock.now.date().isoformat(),
                                            "--json"]).output)
    bookings = ledger_bookings(app)
    # Every booking made by phone was made at Hong Kong Office's first time: one that is elsewhere was changed.
    moved = [booking for booking in bookings if (booking.office, booking.time) != ("HKO", "08:45")]
    cancelled = [booking for booking in bookings if booking.status == "cancelled"]
    assert (len(bookings), len(moved), len(cancelled)) == (3, 1, 1)
    total = report["total"]
    assert total["calls"] == len(redis_client.zrange(keys.calls_by_time(), 0, -1)) == 9
    assert (total["booked"], total["changed"], total["cancelled"]) == (len(bookings), len(moved), len(cancelled))
    assert total["gave_up"] == len(calls_whose_turns_say(redis_client, "gave_up")) == 1
    assert total["apologies"] == len(calls_whose_turns_say(redis_client, "error")) == 1
    assert (total["enquired"], total["caller_hung_up"], total["in_progress"]) == (1, 1, 0)

    # Per language: each booking in the language its caller chose, as the ledger keeps it.
    by_language = report["by_language"]
    for language in LANGUAGES.values():
        assert by_language[language]["booked"] == sum(booking.language == language for booking in bookings)
    assert by_language["en-GB"]["changed"] == sum(booking.language == "en-GB" for booking in moved) == 1
    assert by_language["zh-CN"]["cancelled"] == sum(booking.language == "zh-CN" for booking in cancelled) == 1
    # The silent caller chose no language; nor did the last, whose choice was the turn that failed.
    assert by_language["none"] == {**{name: 0 for name in total}, "calls": 2, "gave_up": 1, "apologies": 1}
    assert sum(counts["calls"] for counts in by_language.values()) == total["calls"]

    # Per hour: every call started in the 10 o'clock hour of the test clock.
    assert [row["hour"] for row in report["by_hour"] if row["calls"]] == ["10:00"]
    assert {name: count for name, count in report["by_hour"][10].items() if name != "hour"} == total

"""Office closures end to end (SPEC §5): staff close a day, affected callers hear it first and
move at once, new callers hear the office is closed, the roster marks who must move."""
import datetime as dt

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from booking.errors import ClosureRefused
from booking.model import Applicant
from booking.staff import Staff

from booking.extensions import ledger_of
from reminders.cli import worker_of
from store import keys
from store.connection import redis_of
from tests.documents import hkid
from tests.reminders_helpers import APPOINTMENT, DUE, book_with_reminder, sent, use_twilio
from tests.ivr.calls import booking_keys, heard, roster
from tests.ivr.manage_calls import CANCEL, CHANGE, CODE, ENQUIRE, FIRST_DAY, book_ahead, identify, request

NEXT_DAY = FIRST_DAY + dt.timedelta(days=1)
NOTICE = {
    "1": "重要通知：香港辦事處在十一月二十四號星期二關閉，你當日上午八時四十五分的預約未能進行，不便之處，敬請原諒。"
         "你現在可以把預約改到另一日。",
    "2": "重要通知：香港办事处在十一月二十四号星期二关闭，您当天上午八点四十五分的预约无法进行，不便之处，敬请原谅。"
         "您现在可以把预约改到另一天。",
    "3": "Important: Hong Kong Office is closed on Tuesday the twenty-fourth of November, so your appointment at "
         "eight forty-five a.m. that day cannot go ahead. We are sorry. You can move it now to another day.",
}
CLOSURE_MENU = {
    "1": "立即更改預約請按一。取消預約請按二。重聽預約請按三。",
    "2": "立即更改预约请按一。取消预约请按二。重听预约请按三。",
    "3": "To move the appointment now, press 1. To cancel it, press 2. To hear the appointment, press 3.",
}
CLOSED_DATE = {
    "1": "對不起，香港辦事處在十一月二十四號星期二關閉。請選擇另一個日期。",
    "2": "对不起，香港办事处在十一月二十四号星期二关闭。请选择另一个日期。",
    "3": "Sorry, Hong Kong Office is closed on Tuesday the twenty-fourth of November. Please choose another date.",
}
CHANGED = {"1": "預約已經更改。", "2": "预约已经更改。", "3": "Your appointment is changed."}


def close(runner, *args: str):
    return runner.invoke(args=["offices", "close", *args])


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_the_closure_story(app, runner, language):
    number = hkid(920001)
    said = heard(app, booking_keys(language, [number], code=CODE))
    [booked] = roster(runner, FIRST_DAY)
    result = close(runner, "HKO", "--date", FIRST_DAY.isoformat())
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "HKO closed on 2026-11-24: 1 booking(s) affected."
    assert result.output.splitlines()[2].endswith("OFFICE CLOSED: to be moved")
    assert roster(runner, FIRST_DAY)[0]["office_closed"] is True

    enquiry = heard(app, identify(language, ENQUIRE, number))
    assert enquiry[-2:] == [NOTICE[language], CLOSURE_MENU[language]]

    # Move it at once: 1 at the closure menu, then office 1, the first date offered, its first time, confirm.
    moved = heard(app, identify(language, ENQUIRE, number) + ["1", "1", "1", "1", "1"])
    assert moved[-2].startswith(CHANGED[language])
    booking = ledger_of(app).get(booked["reference"])
    assert (booking.office, booking.day, booking.time) == ("HKO", NEXT_DAY, "08:45")
    assert roster(runner, FIRST_DAY) == []
    [after] = roster(runner, NEXT_DAY)
    assert (after["reference"], after["office_closed"]) == (booked["reference"], False)
    # The moved booking is no longer affected: no notice at the next call.
    assert NOTICE[language] not in heard(app, identify(language, ENQUIRE, number))
    assert said[-1] != enquiry[-1]


@pytest.mark.parametrize("language", ["1", "3"])
def test_star_repeats_the_closure_notice_with_its_menu_but_not_a_retry_apology(app, runner, language):
    number = hkid(920011)
    heard(app, booking_keys(language, [number], code=CODE))
    assert close(runner, "HKO", "--date", FIRST_DAY.isoformat()).exit_code == 0
    said = heard(app, identify(language, ENQUIRE, number) + ["*", "9", "*"])
    assert said[-7:-5] == said[-2:] == [NOTICE[language], CLOSURE_MENU[language]]
    assert said[-3] == CLOSURE_MENU[language]  # the retry: apology, help, menu; * drops the apology


def test_a_change_call_hears_the_closure_first(app, runner):
    number = hkid(920002)
    heard(app, booking_keys("3", [number], code=CODE))
    close(runner, "HKO", "--date", FIRST_DAY.isoformat())
    said = heard(app, identify("3", CHANGE, number) + ["1", "1", "1", "1", "1"])
    assert NOTICE["3"] in said and said[-2].startswith("Your appointment is changed.")
    assert roster(runner, FIRST_DAY) == []


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_a_new_caller_keying_a_closed_day_hears_the_office_is_closed(app, runner, language):
    close(runner, "HKO", "--date", FIRST_DAY.isoformat())
    keys = booking_keys(language, [hkid(920003)], date=["4", "2411"])
    said = heard(app, keys[:keys.index("2411") + 1])
    assert CLOSED_DATE[language] in said[-3:]


def test_the_day_before_rule_gives_way_to_a_closure_on_the_day_itself(app, runner, clock):
    number = hkid(920004)
    heard(app, booking_keys("3", [number], code=CODE))
    clock.now = dt.datetime(2026, 11, 24, 7, 30, tzinfo=clock.now.tzinfo)  # the morning of the appointment
    assert close(runner, "HKO", "--date", FIRST_DAY.isoformat()).exit_code == 0
    said = heard(app, identify("3", CANCEL, number))
    assert said[-2] == NOTICE["3"]
    said = heard(app, identify("3", CANCEL, number) + ["2", "1"])
    assert "is cancelled." in said[-2]


def test_closing_refuses_sundays_holidays_past_days_and_days_an_office_does_not_serve(runner):
    refusals = {
        "2026-11-29": "2026-11-29 is a Sunday: offices are closed anyway",
        "2026-12-25": "2026-12-25 is a general holiday: offices are closed anyway",
        "2026-11-20": "2026-11-20 is in the past",
    }
    for day, reason in refusals.items():
        result = close(runner, "HKO", "--date", day)
        assert result.exit_code == 1 and f"HKO not closed: {reason}" in result.output
    result = close(runner, "KTO", "--date", "2026-11-24")
    assert result.exit_code == 1 and "Kwun Tong Office does not serve the public on 2026-11-24" in result.output


def test_close_all_for_a_typhoon_day_then_reopen(app, runner):
    book_ahead(app, hkid(920005), FIRST_DAY)
    result = close(runner, "--all", "--date", FIRST_DAY.isoformat())
    assert result.exit_code == 0, result.output
    closed = [line.split()[0] for line in result.output.splitlines() if " closed on " in line]
    assert closed == ["HKO", "KO", "TKO", "TMO", "YLO", "FTO"]
    listing = runner.invoke(args=["offices", "list", "--on", FIRST_DAY.isoformat()]).output.splitlines()[1:]
    marked = [line.split()[0] for line in listing if "(closed by staff this day)" in line]
    assert marked == closed and all(" closed " in line for line in listing)
    assert runner.invoke(args=["offices", "reopen", "HKO", "--date", FIRST_DAY.isoformat()]).exit_code == 0
    listing = runner.invoke(args=["offices", "list", "--on", FIRST_DAY.isoformat()]).output.splitlines()[1:]
    assert " open " in listing[0] and "closed by staff" not in listing[0]
    again = runner.invoke(args=["offices", "reopen", "HKO", "--date", FIRST_DAY.isoformat()])
    assert again.exit_code == 1 and "HKO was not closed by staff on 2026-11-24" in again.output
    assert close(runner, "HKO", "--all", "--date", FIRST_DAY.isoformat()).exit_code == 2


def test_close_all_cut_short_by_its_output_still_closes_every_office_and_tells_every_caller(app, runner, monkeypatch):
    """QA F10: ``offices close --all | head -3`` stopped the command half way, some offices left open."""
    number = hkid(920006)
    yuen_long = ledger_of(app).book(request([Applicant("hkid", number, 5, 1985)], office="YLO", day=FIRST_DAY,
                                            time="09:15", code=CODE), number)
    printed = []

    def pipe_closed(message=None, *args, **kwargs):
        if printed:
            raise BrokenPipeError(32, "Broken pipe")  # the reader went away after the first line
        printed.append(message)

    monkeypatch.setattr("booking.cli.click.echo", pipe_closed)
    result = close(runner, "--all", "--date", FIRST_DAY.isoformat())
    assert result.exit_code != 0 and printed == ["HKO closed on 2026-11-24: 0 booking(s) affected."]
    ledger = ledger_of(app)
    assert all(ledger.is_closed(code, FIRST_DAY) for code in ["HKO", "KO", "TKO", "TMO", "YLO", "FTO"])
    assert ledger.get(yuen_long).office_closed
    said = heard(app, identify("3", ENQUIRE, number))
    assert "Important: Yuen Long Office is closed on Tuesday the twenty-fourth of November" in said[-2]


def test_close_all_interrupted_while_marking_bookings_says_which_are_left_and_a_rerun_finishes(app, runner, monkeypatch):
    reference = book_ahead(app, hkid(920007), FIRST_DAY)
    marked = Staff._mark_closed

    def redis_lost_at_kowloon(staff, office, day):
        if office == "KO":
            raise RedisConnectionError("connection lost")
        return marked(staff, office, day)

    monkeypatch.setattr(Staff, "_mark_closed", redis_lost_at_kowloon)
    result = close(runner, "--all", "--date", FIRST_DAY.isoformat())
    assert (result.exit_code, result.output) == (1, (
        "Error: HKO, KO, TKO, TMO, YLO, FTO closed on 2026-11-24, but the bookings of KO, TKO, TMO, YLO, FTO are "
        "not yet marked or told: run the same command again (it is safe to repeat)\n"))
    ledger = ledger_of(app)
    assert all(ledger.is_closed(code, FIRST_DAY) for code in ["HKO", "KO", "TKO", "TMO", "YLO", "FTO"])
    assert ledger.get(reference).office_closed  # HKO's booking was marked before the loss
    monkeypatch.setattr(Staff, "_mark_closed", marked)
    again = close(runner, "--all", "--date", FIRST_DAY.isoformat())
    assert again.exit_code == 0
    assert "6 offices, every one open that day, closed together for 2026-11-24." in again.output.splitlines()


def test_closing_offices_together_refused_for_one_closes_none(app):
    # Kwun Tong ceased in 2024: one office refused, none is closed (the refusal names each refused).
    ledger = ledger_of(app)
    with pytest.raises(ClosureRefused, match="KTO not closed: Kwun Tong Office does not serve the public"):
        ledger.close_offices(["HKO", "KTO"], FIRST_DAY)
    assert not ledger.is_closed("HKO", FIRST_DAY)


REMINDER_CLOSED_MENU = (
    "To hear the appointment again, press 1. To change it, press 2. To cancel it, press 3. No SMS reminder "
    "is sent for a day the office is closed; once you have moved the appointment, one can be set from a Hong Kong "
    "mobile phone."
)
# The closure took the reminder the caller had set: the menu says a move gives it back.
REMINDER_HELD_MENU = (
    "To hear the appointment again, press 1. To change it, press 2. To cancel it, press 3. No SMS reminder "
    "is sent for a day the office is closed; when you move the appointment, the reminder you asked for is set "
    "again for the new day, unless that day is too near."
)
CLOSED_READ_BACK = "The office is closed that day, so this appointment cannot go ahead."
CLOSED_30 = "Important: Hong Kong Office is closed on Monday the thirtieth of November"


def reminder_state(app, reference: str) -> tuple[bool, bool]:
    """The ledger's reminder flag and whether the reminder queue holds the booking."""
    queued = redis_of(app).zscore(keys.reminders_due(), reference) is not None
    return ledger_of(app).get(reference).reminder, queued


def test_a_closure_drops_the_reminder_the_line_and_the_queue_agree(app, runner, httpserver, clock):
    reference = book_with_reminder(app, 920100)
    number = hkid(920100)
    before = heard(app, identify("3", ENQUIRE, number, code="2468"))
    assert before[-2].endswith("An SMS reminder is set.") and reminder_state(app, reference) == (True, True)

    assert close(runner, "HKO", "--date", APPOINTMENT.isoformat()).exit_code == 0
    # Hear it (3 at the closure menu), then try to switch the reminder on (4): the closure again.
    said = heard(app, identify("3", ENQUIRE, number, code="2468") + ["3", "4"])
    # The read-back says the appointment cannot go ahead (not a reminder state); the menu after it
    # says no reminder is sent for that day, as the ledger and the queue hold.
    assert said[-4].endswith(CLOSED_READ_BACK) and said[-3] == REMINDER_HELD_MENU
    assert said[-2].startswith(CLOSED_30) and said[-1] == CLOSURE_MENU["3"]
    assert reminder_state(app, reference) == (False, False)
    assert runner.invoke(args=["reminders", "status"]).output.startswith("scheduled: 0 ")

    # At the reminder's moment the worker sends the closure notice and no reminder.
    use_twilio(app, httpserver)
    clock.now = DUE
    worker_of(app).drain()
    [notice] = sent(httpserver)
    assert "is closed on 30/11/2026" in notice["Body"]


def test_the_worker_never_reminds_of_a_day_its_office_is_closed(app, httpserver, redis_client, clock):
    use_twilio(app, httpserver)
    reference = book_with_reminder(app, 920200)
    ledger_of(app).close_office("HKO", APPOINTMENT)
    # A reminder left behind (closed before this rule, or written back by a stray client) is not sent.
    redis_client.hset(keys.booking(reference), "reminder", "1")
    redis_client.zadd(keys.reminders_due(), {reference: DUE.timestamp()})
    clock.now = DUE
    worker_of(app).drain()
    [notice] = sent(httpserver)  # the closure notice only
    assert "is closed on 30/11/2026" in notice["Body"] and redis_client.zcard(keys.reminders_due()) == 0


def test_a_reopening_gives_the_reminder_back_and_moved_to_an_open_day_it_may_be_set_again(app, runner):
    reference = book_with_reminder(app, 920300)
    number = hkid(920300)
    close(runner, "HKO", "--date", APPOINTMENT.isoformat())
    assert reminder_state(app, reference) == (False, False)
    reopened = runner.invoke(args=["offices", "reopen", "HKO", "--date", APPOINTMENT.isoformat()])
    assert "1 booking(s) no longer marked closed, 1 SMS reminder(s) given back" in reopened.output
    said = heard(app, identify("3", ENQUIRE, number, code="2468"))
    assert said[-2].endswith("An SMS reminder is set.") and reminder_state(app, reference) == (True, True)
    assert "closed" not in " ".join(said)

    # Switched off by the caller while the office was closed: the reopening leaves it off.
    close(runner, "HKO", "--date", APPOINTMENT.isoformat())
    ledger_of(app).set_reminder(reference, False)
    reopened = runner.invoke(args=["offices", "reopen", "HKO", "--date", APPOINTMENT.isoformat()])
    assert "0 SMS reminder(s) given back" in reopened.output and reminder_state(app, reference) == (False, False)
    said = heard(app, identify("3", ENQUIRE, number, code="2468"))
    assert said[-2].endswith("No SMS reminder is set.")
    assert said[-1].endswith("To have an SMS reminder sent to this phone, press 4.")

    close(runner, "HKO", "--date", APPOINTMENT.isoformat())
    ledger_of(app).change(reference, "HKO", APPOINTMENT + dt.timedelta(days=1), "09:00")
    said = heard(app, identify("3", ENQUIRE, number, code="2468") + ["4"])
    assert said[-2] == "The SMS reminder is on. It will be sent to this phone two days before the appointment."
    assert reminder_state(app, reference) == (True, True)


def test_a_reopening_interrupted_midway_is_finished_by_a_rerun(app, runner, monkeypatch):
    """A reopening cut short (Redis lost, Ctrl-C) after the day left the closure set: a rerun lifts
    the closure marks still left on bookings, gives back their reminders and never says "was not closed"."""
    first = book_with_reminder(app, 920400)
    second = book_with_reminder(app, 920402)
    ledger = ledger_of(app)
    assert close(runner, "HKO", "--date", APPOINTMENT.isoformat()).exit_code == 0
    assert ledger.get(first).office_closed and ledger.get(second).office_closed
    scripts, lifted = ledger.staff.scripts, []
    reopen_one = scripts.reopen

    def lost_after_the_first(keys, args):
        if lifted:
            raise RedisConnectionError("connection lost")
        lifted.append(args[0])
        return reopen_one(keys=keys, args=args)

    monkeypatch.setattr(scripts, "reopen", lost_after_the_first)
    cut = runner.invoke(args=["offices", "reopen", "HKO", "--date", APPOINTMENT.isoformat()])
    assert (cut.exit_code, cut.output) == (1, (
        "Error: HKO reopened on 2026-11-30, but some of its bookings may still be marked closed: "
        "run the same command again (it is safe to repeat)\n"))
    assert not ledger.is_closed("HKO", APPOINTMENT)
    [left] = [ref for ref in (first, second) if ref not in lifted]
    assert ledger.get(left).office_closed and reminder_state(app, left) == (False, False)  # stale: a rerun's job

    monkeypatch.setattr(scripts, "reopen", reopen_one)
    again = runner.invoke(args=["offices", "reopen", "HKO", "--date", APPOINTMENT.isoformat()])
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[:2] == [
        "HKO was already open again on 2026-11-30: finishing a reopening cut short.",
        "HKO reopened on 2026-11-30: 1 booking(s) no longer marked closed, 1 SMS reminder(s) given back, "
        "0 unsent closure notice(s) withdrawn."]
    for reference in (first, second):
        assert not ledger.get(reference).office_closed and reminder_state(app, reference) == (True, True)
    [row] = [r for r in roster(runner, APPOINTMENT) if r["reference"] == left]
    assert row["office_closed"] is False
    said = heard(app, identify("3", ENQUIRE, hkid(920400), code="2468"))
    assert "closed" not in " ".join(said) and said[-2].endswith("An SMS reminder is set.")
    # Nothing left of the closure: a third run says so.
    third = runner.invoke(args=["offices", "reopen", "HKO", "--date", APPOINTMENT.isoformat()])
    assert third.exit_code == 1 and "HKO was not closed by staff on 2026-11-30" in third.output

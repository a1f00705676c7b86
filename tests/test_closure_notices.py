"""Closure SMS notices against a local stand-in for Twilio: one per affected booking with a
mobile number, sent by the reminder workers' sender, once even with two workers."""

from booking.extensions import ledger_of
from reminders.cli import worker_of
from reminders.queue import CLOSURE_NOTICES
from store import keys
from tests.booking.conftest import request
from tests.reminders_helpers import APPOINTMENT, book_with_reminder, drain_with_two_workers, sent, use_twilio

ENGLISH = (
    "Immigration Department: Hong Kong Office is closed on 30/11/2026, so your identity card appointment at "
    "09:00 that day, reference 10000001, cannot go ahead. Please move it: call the booking line, or visit "
    "www.gov.hk/icbooking."
)
CANTONESE = (
    "入境事務處通知：香港辦事處於2026年11月30日關閉，你當日09:15的身份證預約（編號10000002）未能進行。"
    "請致電預約熱線或經 www.gov.hk/icbooking 更改預約。"
)


def test_each_affected_booking_with_a_mobile_gets_one_sms(app, httpserver, redis_client):
    use_twilio(app, httpserver)
    book_with_reminder(app, 930000)
    book_with_reminder(app, 930010, time="09:15", language="zh-HK", phone="+85261234567")
    phones = [f"+8529123{n:04d}" for n in range(10)]
    for n, phone in enumerate(phones):
        book_with_reminder(app, 930100 + 10 * n, time="09:30", phone=phone)
    ledger_of(app).book(request(day=APPOINTMENT, time="10:00"), "no-phone")  # a landline caller
    ledger = ledger_of(app)
    assert len(ledger.close_office("HKO", APPOINTMENT)) == 13
    assert len(ledger.close_office("HKO", APPOINTMENT)) == 13  # closing again queues nothing new
    assert redis_client.zcard(keys.closure_notices()) == 12

    assert sum(drain_with_two_workers(app)) == 12
    messages = sent(httpserver)
    assert sorted(m["To"] for m in messages) == sorted(["+85291234567", "+85261234567", *phones])
    bodies = {m["To"]: m["Body"] for m in messages}
    assert bodies["+85291234567"] == ENGLISH and bodies["+85261234567"] == CANTONESE
    assert sum(drain_with_two_workers(app)) == 0 and len(sent(httpserver)) == 12
    assert redis_client.zcard(keys.closure_notices()) == redis_client.zcard(CLOSURE_NOTICES.claimed) == 0


def test_no_notice_after_a_reopening_or_a_move(app, httpserver):
    use_twilio(app, httpserver)
    moved = book_with_reminder(app, 931000)
    book_with_reminder(app, 931010, phone="+85261234567")
    ledger = ledger_of(app)
    ledger.close_office("HKO", APPOINTMENT)
    ledger.change(moved, "KO", APPOINTMENT, "09:00")
    assert worker_of(app).drain() == 2
    assert [m["To"] for m in sent(httpserver)] == ["+85261234567"]
    ledger.close_office("KO", APPOINTMENT)
    ledger.reopen_office("KO", APPOINTMENT)
    assert worker_of(app).drain() == 0 and len(sent(httpserver)) == 1


def test_offices_reopen_names_only_the_callers_a_closure_sms_may_have_reached(app, httpserver, runner):
    use_twilio(app, httpserver)
    ledger = ledger_of(app)
    book_with_reminder(app, 932000)
    book_with_reminder(app, 932010, phone="+85261234567")
    reopen = ["offices", "reopen", "HKO", "--date", APPOINTMENT.isoformat()]
    ledger.close_office("HKO", APPOINTMENT)
    unsent = runner.invoke(args=reopen).output
    assert "2 unsent closure notice(s) withdrawn." in unsent and "closure SMS" not in unsent
    assert worker_of(app).drain() == 0 and sent(httpserver) == []

    ledger.close_office("HKO", APPOINTMENT)
    assert worker_of(app).drain() == 2 and len(sent(httpserver)) == 2
    told = runner.invoke(args=reopen).output.splitlines()
    assert told == [
        "HKO reopened on 2026-11-30: 2 booking(s) no longer marked closed, 2 SMS reminder(s) given back, "
        "0 unsent closure notice(s) withdrawn.",
        "2 caller(s) may already have had the closure SMS and are not told of the reopening: "
        "`bookings list --date 2026-11-30` lists the bookings to call."]

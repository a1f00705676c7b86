"""Attacks on the reminder's delivery: Twilio takes the SMS but answers after the client gave up,
and Twilio failing again and again (SPEC §2 reminder; docs/RELIABILITY.md, "Reminder SMS")."""
import datetime as dt
import logging

import pytest

from reminders.cli import worker_of
from reminders.queue import CLOSURE_NOTICES, REMINDERS, ReminderQueue
from store import keys
from tests.ivr.calls import HK_MOBILE
from tests.reminders_helpers import APPOINTMENT, DUE, MESSAGES_PATH, MessagesStandIn, book_with_reminder, use_twilio

CLIENT_TIMEOUT = 0.5
LATE_ANSWER = 2.0  # Twilio's answer comes well after the client stopped waiting


def requests_made(httpserver) -> list[str]:
    """The method of every request the stand-in received, in order."""
    return [request.method for request, _ in httpserver.log]


def test_an_sms_twilio_took_but_answered_too_late_for_is_not_sent_again(app, clock, httpserver, redis_client):
    use_twilio(app, httpserver)
    httpserver.clear_all_handlers()
    app.config["TWILIO_HTTP_TIMEOUT_SECONDS"] = CLIENT_TIMEOUT
    twilio = MessagesStandIn(httpserver, slow_creates=1, delay=LATE_ANSWER)
    reference = book_with_reminder(app, 880000)
    clock.now = DUE
    assert worker_of(app).drain() == 1
    assert redis_client.hget(keys.booking(reference), "reminder_sent") is None  # the worker could not know
    assert twilio.late_answer_sent.wait(timeout=30)  # the stand-in answers one request at a time
    clock.advance(seconds=app.config["REMINDER_RETRY_SECONDS"])
    assert worker_of(app).drain() == 1
    assert requests_made(httpserver) == ["POST", "GET"]  # asked the message list instead of sending again
    assert [(m["to"], m["body"][:36]) for m in twilio.messages] == [(HK_MOBILE, "Immigration Department reminder: you")]
    assert redis_client.hget(keys.booking(reference), "reminder_sent") == "2026-11-30 09:00"
    assert redis_client.hlen(REMINDERS.unsure) == redis_client.zcard(keys.reminders_due()) == 0


def test_an_unsure_send_that_is_not_in_twilios_list_is_sent_again(app, clock, httpserver, redis_client):
    use_twilio(app, httpserver)
    httpserver.clear_all_handlers()
    twilio = MessagesStandIn(httpserver)
    reference = book_with_reminder(app, 881000)
    redis_client.hset(REMINDERS.unsure, reference, "1")  # a timeout before Twilio saw it
    clock.now = DUE
    assert worker_of(app).drain() == 1
    assert requests_made(httpserver) == ["GET", "POST"] and len(twilio.messages) == 1


def test_failures_are_retried_with_a_doubling_wait_and_given_up_after_the_cap(app, clock, httpserver, redis_client,
                                                                            caplog):
    use_twilio(app, httpserver)
    httpserver.clear_all_handlers()
    MessagesStandIn(httpserver, failures=100)
    reference = book_with_reminder(app, 882000)
    clock.now, waits = DUE, []
    with caplog.at_level(logging.ERROR, logger="reminders.worker"):
        while worker_of(app).drain():
            due = redis_client.zscore(keys.reminders_due(), reference)
            if due is None:
                break
            waits.append(int(due - clock.now.timestamp()))
            clock.now = dt.datetime.fromtimestamp(due, clock.now.tzinfo)
    assert waits == [300, 600, 1200, 2400, 3600]
    assert requests_made(httpserver) == ["POST"] * app.config["REMINDER_MAX_ATTEMPTS"] == ["POST"] * 6
    assert f"reminder {reference} to *********567 not sent: Twilio answered 500" in caplog.text
    assert "given up after 6 attempts" in caplog.text
    assert redis_client.hlen(REMINDERS.attempts) == 0


class WorkerDied(BaseException):
    """The worker process ends where it stands (not an error the worker could catch)."""


def test_an_sms_whose_worker_died_before_settling_is_not_sent_again(app, clock, httpserver, redis_client,
                                                                  monkeypatch):
    use_twilio(app, httpserver)
    httpserver.clear_all_handlers()
    twilio = MessagesStandIn(httpserver)
    reference = book_with_reminder(app, 883000)
    settle = ReminderQueue.settle

    def die_at_the_settle(queue, *args):
        raise WorkerDied()

    monkeypatch.setattr(ReminderQueue, "settle", die_at_the_settle)
    clock.now = DUE
    with pytest.raises(WorkerDied):  # Twilio took the SMS; the worker died before it could say so
        worker_of(app).drain()
    monkeypatch.setattr(ReminderQueue, "settle", settle)
    assert len(twilio.messages) == 1
    clock.advance(seconds=app.config["REMINDER_CLAIM_SECONDS"])
    assert worker_of(app).drain() == 1  # the lapsed claim: due again, to another worker
    assert requests_made(httpserver) == ["POST", "GET"]  # asked the list instead of sending again
    assert len(twilio.messages) == 1  # before: sent twice
    assert redis_client.hget(keys.booking(reference), "reminder_sent") == "2026-11-30 09:00"
    assert redis_client.hlen(REMINDERS.unsure) == 0


def test_a_closure_notice_twilio_took_but_answered_too_late_for_is_not_sent_again(app, clock, httpserver,
                                                                                  redis_client, runner):
    use_twilio(app, httpserver)
    httpserver.clear_all_handlers()
    app.config["TWILIO_HTTP_TIMEOUT_SECONDS"] = CLIENT_TIMEOUT
    twilio = MessagesStandIn(httpserver, slow_creates=1, delay=LATE_ANSWER)
    book_with_reminder(app, 884000)
    assert runner.invoke(args=["offices", "close", "HKO", "--date", APPOINTMENT.isoformat()]).exit_code == 0
    assert worker_of(app).drain() == 1
    assert twilio.late_answer_sent.wait(timeout=30)
    clock.advance(seconds=app.config["REMINDER_RETRY_SECONDS"])
    assert worker_of(app).drain() == 1
    assert requests_made(httpserver) == ["POST", "GET"]  # before: sent twice
    assert len(twilio.messages) == 1 and twilio.messages[0]["body"].startswith("Immigration Department")
    assert redis_client.zcard(keys.closure_notices()) == redis_client.hlen(CLOSURE_NOTICES.unsure) == 0


def test_closure_notices_failing_are_retried_with_a_doubling_wait_and_given_up_after_the_cap(app, clock, httpserver,
                                                                                            redis_client, runner):
    use_twilio(app, httpserver)
    httpserver.clear_all_handlers()
    MessagesStandIn(httpserver, failures=100)
    book_with_reminder(app, 885000)
    assert runner.invoke(args=["offices", "close", "HKO", "--date", APPOINTMENT.isoformat()]).exit_code == 0
    waits = []
    while worker_of(app).drain():
        due = redis_client.zrange(keys.closure_notices(), 0, 0, withscores=True)
        if not due:
            break
        waits.append(int(due[0][1] - clock.now.timestamp()))
        clock.now = dt.datetime.fromtimestamp(due[0][1], clock.now.tzinfo)
    assert waits == [300, 600, 1200, 2400, 3600]  # before: every 300 s, forever
    assert requests_made(httpserver) == ["POST"] * 6

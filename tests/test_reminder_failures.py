"""The reminder worker when things go wrong: a crashed worker, Twilio refusing or failing,
a stale entry in the due set, no Twilio settings; and its command line."""
import datetime as dt
import logging
import threading

from booking.extensions import ledger_of
from reminders.cli import worker_of
from reminders.queue import SENT, ReminderQueue
from store import keys
from store.connection import redis_of
from tests.ivr.calls import HK_MOBILE
from tests.reminders_helpers import DUE, MESSAGES_PATH, book_with_reminder, sent, use_twilio


def test_a_claim_left_by_a_crashed_worker_is_taken_over_once_it_lapses(app, clock, httpserver, caplog):
    use_twilio(app, httpserver)
    reference = book_with_reminder(app, 870000)
    clock.now = DUE
    crashed = ReminderQueue(redis_of(app), "crashed-worker")
    assert crashed.claim(DUE.timestamp(), 300, 10).references == [reference]
    worker = worker_of(app)
    clock.advance(seconds=299)
    assert worker.drain() == 0 and httpserver.log == []
    clock.advance(seconds=1)
    with caplog.at_level(logging.WARNING, logger="reminders.worker"):
        assert worker.drain() == 1
    assert f"reminder {reference}: a worker's claim lapsed before it settled" in caplog.text
    assert len(httpserver.log) == 1
    assert crashed.settle(reference, SENT, "2026-11-30 09:00", DUE.isoformat()) is False


def test_a_reminder_already_sent_for_the_appointment_is_not_sent_again(app, clock, httpserver, redis_client):
    use_twilio(app, httpserver)
    reference = book_with_reminder(app, 871000)
    clock.now = DUE
    assert worker_of(app).drain() == 1
    redis_client.zadd(keys.reminders_due(), {reference: DUE.timestamp()})  # queued twice somehow
    assert worker_of(app).drain() == 1 and len(httpserver.log) == 1


def test_a_cancelled_booking_left_in_the_due_set_gets_no_sms(app, clock, httpserver, redis_client):
    use_twilio(app, httpserver)
    reference = book_with_reminder(app, 872000)
    ledger_of(app).cancel(reference)
    redis_client.zadd(keys.reminders_due(), {reference: DUE.timestamp()})
    clock.now = DUE
    assert worker_of(app).drain() == 1
    assert httpserver.log == [] and redis_client.zcard(keys.reminders_due()) == 0


def test_twilio_failing_is_retried_later(app, clock, httpserver, redis_client):
    use_twilio(app, httpserver)
    httpserver.clear()
    httpserver.expect_oneshot_request(MESSAGES_PATH).respond_with_json({"code": 20500, "status": 500}, status=500)
    httpserver.expect_request(MESSAGES_PATH).respond_with_json({"sid": "SM" + "e" * 32}, status=201)
    reference = book_with_reminder(app, 873000)
    clock.now = DUE
    assert worker_of(app).drain() == 1
    retry_at = DUE + dt.timedelta(seconds=app.config["REMINDER_RETRY_SECONDS"])
    assert redis_client.zscore(keys.reminders_due(), reference) == retry_at.timestamp()
    clock.now = retry_at
    assert worker_of(app).drain() == 1
    assert [response.status_code for _, response in httpserver.log] == [500, 201]


def test_twilio_refusing_the_number_is_not_retried(app, clock, httpserver, redis_client, caplog):
    use_twilio(app, httpserver, status=400)
    reference = book_with_reminder(app, 874000)
    clock.now = DUE
    with caplog.at_level(logging.ERROR, logger="reminders.worker"):
        assert worker_of(app).drain() == 1
    assert f"reminder {reference} to *********567 refused, not retried: Twilio answered 400" in caplog.text
    assert redis_client.zcard(keys.reminders_due()) == 0
    assert redis_client.hget(keys.booking(reference), "reminder_sent") is None


def test_without_twilio_settings_the_worker_logs_what_it_would_send(app, clock, caplog):
    app.config.update(TWILIO_ACCOUNT_SID=None, TWILIO_AUTH_TOKEN=None, TWILIO_FROM_NUMBER=None)
    book_with_reminder(app, 875000)
    clock.now = DUE
    with caplog.at_level(logging.INFO):
        assert worker_of(app).drain() == 1
    assert "no Twilio credentials: SMS to *********567 not sent: Immigration Department reminder:" in caplog.text
    assert HK_MOBILE not in caplog.text


def test_the_command_line_sends_what_is_due_and_reports(app, clock, httpserver, runner):
    use_twilio(app, httpserver)
    book_with_reminder(app, 876000)
    book_with_reminder(app, 876010, day=dt.date(2026, 12, 7))
    clock.now = DUE
    assert runner.invoke(args=["reminders", "status"]).output == "scheduled: 2  due: 1  claimed: 0\n"
    result = runner.invoke(args=["reminders", "run", "--once"])
    assert (result.exit_code, result.output) == (0, "1 SMS handled (reminders, closure notices, booking confirmations)\n")
    assert [form["To"] for form in sent(httpserver)] == [HK_MOBILE]
    assert runner.invoke(args=["reminders", "status"]).output == "scheduled: 1  due: 0  claimed: 0\n"


def test_the_running_worker_sends_as_reminders_fall_due_and_stops_on_request(app, clock, httpserver):
    use_twilio(app, httpserver)
    httpserver.clear_all_handlers()
    httpserver.expect_oneshot_request(MESSAGES_PATH).respond_with_json({"sid": "SM" + "d" * 32}, status=201)
    book_with_reminder(app, 877000)
    clock.now = DUE
    stop = threading.Event()
    running = threading.Thread(target=worker_of(app).run, args=(stop, 0.01))
    with httpserver.wait(timeout=10) as waiting:  # until the stand-in has been called once
        running.start()
    stop.set()
    running.join(timeout=10)
    assert waiting.result and not running.is_alive()
    assert [form["To"] for form in sent(httpserver)] == [HK_MOBILE]

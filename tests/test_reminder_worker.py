"""The reminder worker against a local stand-in for Twilio's REST API: what Twilio receives,
exactly once per reminder, two days before, in the booking's language."""
import base64
import datetime as dt

from app import create_app
from booking.extensions import ledger_of
from reminders.cli import worker_of
from reminders.queue import CLOSURE_NOTICES, CONFIRMATIONS, REMINDERS
from store import keys
from tests.ivr.calls import HK_MOBILE
from tests.reminders_helpers import (
    ACCOUNT_SID, AUTH_TOKEN, DUE, FROM_NUMBER, MESSAGES_PATH, book_with_reminder, drain_with_two_workers, sent,
    use_twilio,
)

ENGLISH = (
    "Immigration Department reminder: your identity card appointment, reference 10000001, is on 30/11/2026 "
    "at 09:00 at Hong Kong Office, 8/F, Immigration Tower, 7 Gloucester Road, Wan Chai, Hong Kong. "
    "The applicant must come in person. Bring the original supporting documents."
)


def test_twilio_receives_one_message_two_days_before(app, clock, httpserver, redis_client):
    use_twilio(app, httpserver)
    reference = book_with_reminder(app, 810000)
    worker = worker_of(app)
    clock.now = DUE - dt.timedelta(seconds=1)
    assert worker.drain() == 0 and httpserver.log == []
    clock.now = DUE
    assert worker.drain() == 1
    [(request, response)] = httpserver.log
    assert (request.method, request.path, response.status_code) == ("POST", MESSAGES_PATH, 201)
    assert request.form.to_dict() == {"To": HK_MOBILE, "From": FROM_NUMBER, "Body": ENGLISH}
    credentials = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {credentials}"
    assert redis_client.hget(keys.booking(reference), "reminder_sent") == "2026-11-30 09:00"
    assert redis_client.zcard(keys.reminders_due()) == redis_client.zcard(REMINDERS.claimed) == 0
    clock.advance(days=1)
    assert worker.drain() == 0 and len(httpserver.log) == 1


def test_the_sms_is_in_the_language_of_the_booking(app, clock, httpserver):
    use_twilio(app, httpserver)
    book_with_reminder(app, 820000, language="zh-HK", applicants=2)
    book_with_reminder(app, 820010, language="zh-CN", time="09:15")
    clock.now = DUE
    worker_of(app).drain()
    assert [form["Body"] for form in sent(httpserver)] == [
        "入境事務處提示：你的身份證預約（編號10000001）於2026年11月30日 09:00，地點：香港辦事處，"
        "香港灣仔告士打道7號入境事務大樓8樓。兩位申請人須一同前來。請帶備有關證明文件的正本。",
        "入境事务处提醒：您的身份证预约（编号10000002）于2026年11月30日 09:15，地点：香港办事处，"
        "香港湾仔告士打道7号入境事务大楼8楼。申请人须本人亲自前来。请携带有关证明文件的正本。",
    ]


def test_two_workers_over_one_due_set_send_one_sms_per_reminder(app, clock, httpserver):
    use_twilio(app, httpserver)
    phones = [f"+8529123{n:04d}" for n in range(24)]
    for n, phone in enumerate(phones):
        book_with_reminder(app, 830000 + 10 * n, time=("09:00", "09:15", "09:30")[n % 3], phone=phone)
    clock.now = DUE
    claimed = drain_with_two_workers(app)
    assert sum(claimed) == len(phones)
    assert sorted(form["To"] for form in sent(httpserver)) == phones


def test_a_change_moves_the_reminder(app, clock, httpserver, redis_client):
    use_twilio(app, httpserver)
    reference = book_with_reminder(app, 840000)
    ledger_of(app).change(reference, "HKO", dt.date(2026, 12, 7), "10:00")
    new_due = DUE + dt.timedelta(days=7)
    assert redis_client.zscore(keys.reminders_due(), reference) == new_due.timestamp()
    clock.now = DUE
    assert worker_of(app).drain() == 0 and httpserver.log == []
    clock.now = new_due
    assert worker_of(app).drain() == 1
    assert "is on 7/12/2026 at 10:00 at Hong Kong Office" in sent(httpserver)[0]["Body"]


def test_a_cancel_removes_the_reminder(app, clock, httpserver, redis_client):
    use_twilio(app, httpserver)
    reference = book_with_reminder(app, 850000)
    ledger_of(app).cancel(reference)
    assert redis_client.zscore(keys.reminders_due(), reference) is None
    clock.now = DUE
    assert worker_of(app).drain() == 0 and httpserver.log == []


def test_the_schedule_survives_a_restart(app, clock, httpserver, redis_dir):
    use_twilio(app, httpserver)
    book_with_reminder(app, 860000)
    restarted = create_app({**app.config, "CLOCK": clock})
    clock.now = DUE
    assert worker_of(restarted).drain() == 1
    assert sent(httpserver)[0]["Body"] == ENGLISH


def test_the_sms_queues_keep_their_key_names():
    # Queued SMS outlive a release: a new worker must find what the old one queued and claimed.
    assert [vars(queue) for queue in (REMINDERS, CLOSURE_NOTICES, CONFIRMATIONS)] == [
        {"due": f"rop:{{ledger}}:{name}", "claimed": f"rop:{{ledger}}:{name}:claimed",
         "claims": f"rop:{{ledger}}:{name}:claims", "attempts": f"rop:{{ledger}}:{name}:attempts",
         "unsure": f"rop:{{ledger}}:{name}:unsure"}
        for name in ("reminders", "closure-notices", "confirmations")]

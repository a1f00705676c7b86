"""A local stand-in for Twilio's Messages API, and bookings whose reminders fall due."""
import datetime as dt
import json
import threading
import time

from werkzeug import Response

from booking.calendar import HK_TZ
from booking.model import Applicant
from booking.extensions import ledger_of
from reminders.cli import worker_of
from tests.booking.conftest import request
from tests.documents import hkid
from tests.ivr.calls import HK_MOBILE

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "test-auth-token"
FROM_NUMBER = "+85230001234"
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
APPOINTMENT = dt.date(2026, 11, 30)  # a Monday; the test clock starts on Monday 2026-11-23
DUE = dt.datetime(2026, 11, 28, 10, 0, tzinfo=HK_TZ)  # two days before, at 10:00


def use_twilio(app, httpserver, status: int = 201) -> None:
    """Point the app's Twilio settings at ``httpserver``, which answers as Twilio does."""
    app.config.update(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
                      TWILIO_FROM_NUMBER=FROM_NUMBER, TWILIO_API_BASE_URL=httpserver.url_for("/"))
    answer = {"sid": "SM" + "f" * 32, "status": "queued"} if status < 300 else {"code": 21211, "status": status,
                                                                                 "message": "refused"}
    httpserver.expect_request(MESSAGES_PATH, method="POST").respond_with_json(answer, status=status)


def book_with_reminder(app, serial: int, day: dt.date = APPOINTMENT, time: str = "09:00",
                       language: str = "en-GB", phone: str = HK_MOBILE, applicants: int = 1) -> str:
    """Book ``day`` at Hong Kong Office with an SMS reminder to ``phone``; the reference."""
    people = [Applicant("hkid", hkid(serial + n), 5, 1985) for n in range(applicants)]
    booking = request(people, day=day, time=time, phone=phone, language=language)
    return ledger_of(app).book(booking, f"reminder-test-{serial}")


def sent(httpserver) -> list[dict]:
    """The form of every request the stand-in received, in order."""
    return [request.form.to_dict() for request, _ in httpserver.log]


class MessagesStandIn:
    """Twilio's Messages resource on ``httpserver``: creates keep each message, the list reads them.

    ``slow_creates`` makes that many creates take the message, then answer only after
    ``delay`` seconds: a client with a shorter timeout cannot know that it went.
    """

    def __init__(self, httpserver, slow_creates: int = 0, delay: float = 0.0, failures: int = 0):
        self.messages, self.lock, self.late_answer_sent = [], threading.Lock(), threading.Event()
        self.slow_creates, self.delay, self.failures = slow_creates, delay, failures
        httpserver.expect_request(MESSAGES_PATH, method="POST").respond_with_handler(self._create)
        httpserver.expect_request(MESSAGES_PATH, method="GET").respond_with_handler(self._list)

    def _create(self, request) -> Response:
        with self.lock:
            if self.failures:
                self.failures -= 1
                return _json({"code": 20500, "status": 500, "message": "internal error"}, 500)
            message = {"sid": f"SM{len(self.messages):032x}", "status": "queued", "to": request.form["To"],
                       "from": request.form["From"], "body": request.form["Body"]}
            self.messages.append(message)
            slow = self.slow_creates > 0
            self.slow_creates -= slow
        if slow:
            time.sleep(self.delay)
            self.late_answer_sent.set()
        return _json(message, 201)

    def _list(self, request) -> Response:
        wanted = {name.lower(): request.args[name] for name in ("To", "From") if name in request.args}
        with self.lock:
            found = [m for m in reversed(self.messages) if all(m[k] == v for k, v in wanted.items())]
        return _json({"messages": found, "page": 0, "page_size": 50, "next_page_uri": None,
                      "uri": MESSAGES_PATH}, 200)


def _json(document: dict, status: int) -> Response:
    return Response(json.dumps(document), status=status, mimetype="application/json")


def drain_with_two_workers(app) -> list[int]:
    """Two reminder workers drain the due set at the same moment; what each claimed."""
    workers = [worker_of(app, batch=1) for _ in range(2)]
    start, claimed = threading.Barrier(len(workers)), []

    def work(worker):
        start.wait()
        claimed.append(worker.drain())

    threads = [threading.Thread(target=work, args=(worker,)) for worker in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return claimed

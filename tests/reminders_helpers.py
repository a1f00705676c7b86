"""A local stand-in for Twilio's Messages API, and bookings whose reminders fall due."""
import datetime as dt

from booking.calendar import HK_TZ
from booking.model import Applicant
from booking.extensions import ledger_of
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

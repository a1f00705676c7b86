"""A booking made by phone from a Hong Kong mobile is confirmed by SMS (reference, office, address,
date, time), sent once by the reminder worker's sender to a local stand-in for Twilio; a landline
caller is promised none and gets none."""
import datetime as dt

import pytest

from booking.extensions import ledger_of
from reminders.cli import worker_of
from reminders.queue import CONFIRMATIONS
from store import keys
from tests.documents import hkid
from tests.booking.conftest import request
from tests.ivr.calls import HK_MOBILE, booking_keys, call
from tests.reminders_helpers import drain_with_two_workers, sent, use_twilio

LANDLINE = "+85221234567"
ENGLISH = (
    "Immigration Department: your identity card appointment is booked. Reference {reference}. Hong Kong "
    "Office, 8/F, Immigration Tower, 7 Gloucester Road, Wan Chai, Hong Kong, on 24/11/2026 at 08:45. The "
    "applicant must come in person. Bring the original supporting documents."
)
CANTONESE = (
    "入境事務處：你的身份證預約已完成，編號{reference}。2026年11月24日 08:45，香港辦事處，"
    "香港灣仔告士打道7號入境事務大樓8樓。兩位申請人須一同前來。請帶備有關證明文件的正本。"
)
SAID = {"1": "編號{spoken}。詳情以短訊發送。", "2": "编号{spoken}。详情以短信发送。",
        "3": "Reference {spoken}. These details follow by SMS."}
SPOKEN = {"1": "一、零、零、零、零、零、零、一", "2": "一、零、零、零、零、零、零、一",
          "3": "one, zero, zero, zero, zero, zero, zero, one"}


def book_by_phone(app, language: str, applicants: int, caller: str = HK_MOBILE):
    """Book the first time offered at Hong Kong Office; what was said, and the booking."""
    numbers = [hkid(860000 + 10 * n) for n in range(applicants)]
    transcript = call(app, booking_keys(language, numbers), from_number=caller)
    [booking] = [b for b in ledger_of(app).roster("HKO", ledger_of(app).today().replace(day=24)) if b.active]
    return transcript.heard, booking


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_the_read_back_says_the_details_follow_by_sms(app, language):
    said, booking = book_by_phone(app, language, 1)
    assert booking.reference == "10000001"
    [read_back] = [text for text in said if SPOKEN[language] in text]
    assert SAID[language].format(spoken=SPOKEN[language]) in read_back


def test_a_mobile_caller_gets_one_sms_confirmation_in_the_language_of_the_call(app, httpserver, redis_client):
    _, english = book_by_phone(app, "3", 1)
    use_twilio(app, httpserver)  # the webhooks are then signed: the calls come first
    assert redis_client.zcard(keys.confirmations()) == 1

    assert sum(drain_with_two_workers(app)) == 1
    [message] = sent(httpserver)
    assert (message["To"], message["Body"]) == (HK_MOBILE, ENGLISH.format(reference=english.reference))
    assert redis_client.hlen(keys.confirmation_phones()) == 0  # the number is not kept once sent
    assert redis_client.zcard(keys.confirmations()) == redis_client.zcard(CONFIRMATIONS.claimed) == 0
    assert sum(drain_with_two_workers(app)) == 0 and len(sent(httpserver)) == 1


def test_two_applicants_in_cantonese(app, httpserver):
    _, booking = book_by_phone(app, "1", 2, caller="+85261234567")
    use_twilio(app, httpserver)
    assert worker_of(app).drain() == 1
    [message] = sent(httpserver)
    assert (message["To"], message["Body"]) == ("+85261234567", CANTONESE.format(reference=booking.reference))


def test_a_landline_caller_is_promised_no_sms_and_gets_none(app, httpserver, redis_client):
    said, booking = book_by_phone(app, "3", 1, caller=LANDLINE)
    use_twilio(app, httpserver)
    assert booking.active and not [text for text in said if "SMS" in text]
    assert redis_client.zcard(keys.confirmations()) == 0
    assert worker_of(app).drain() == 0 and sent(httpserver) == []


def test_a_booking_cancelled_before_the_worker_runs_is_not_confirmed(app, httpserver, redis_client):
    _, booking = book_by_phone(app, "3", 1)
    use_twilio(app, httpserver)
    ledger_of(app).cancel(booking.reference, by_staff=True)
    assert worker_of(app).drain() == 1
    assert sent(httpserver) == [] and redis_client.hlen(keys.confirmation_phones()) == 0


def test_a_repeated_confirm_queues_one_confirmation(app, redis_client):
    ledger = ledger_of(app)
    booking = request(day=dt.date(2026, 11, 24), phone=None)
    first = ledger.book(booking, "CA1:20", caller=HK_MOBILE, call="CA1", confirm_to=HK_MOBILE)
    again = ledger.book(booking, "CA1:20", caller=HK_MOBILE, call="CA1", confirm_to=HK_MOBILE)  # Twilio's retry
    assert first == again and redis_client.zrange(keys.confirmations(), 0, -1) == [first]
    assert ledger.confirmation_phone(first) == HK_MOBILE
    assert redis_client.hget(keys.confirmation_phones(), first) != HK_MOBILE  # sealed, not in clear

"""The attack of bad luck: Redis freezes while the confirm runs, the caller hears the apology, and
the booking lands when Redis resumes. The fallback URL and the caller's next call read it back
(docs/RELIABILITY.md, "A commit the caller never heard")."""
import datetime as dt

import pytest
import redis

from booking.extensions import ledger_of

from phone import Call, FlaskTransport
from tests.documents import hkid
from store import keys
from tests.ivr.calls import HK_MOBILE
from tests.ivr.manage_calls import CHANGE, book_ahead, identify
from tests.reliability.invariants import active_references, ledger_problems
from tests.reliability.webhooks import CONFIRM, WebhookCall, call_at_summary

APOLOGY = b"Sorry, the booking line has a technical problem."
LANDED = ("Before we go on: the appointment you confirmed on your last call was booked, although that call ended "
          "before you heard it. Your reference number is one, zero, zero, zero, zero, zero, zero, one. Please come "
          "to Hong Kong Office, eighth floor, Immigration Tower, 7 Gloucester Road, Wan Chai, Hong Kong, on Tuesday "
          "the twenty-fourth of November at eight forty-five a.m. The applicant must come in person. Bring the "
          "original supporting documents.")


def confirm_while_redis_freezes(own_app, own_redis, monkeypatch, script: str, call, digits: str) -> None:
    """Press ``digits`` to confirm: the ledger ``script`` runs, then Redis freezes before its answer leaves,
    so the caller hears the apology; then Redis thaws."""
    scripts = own_app.extensions["ledger"].scripts
    run = getattr(scripts, script)

    def run_while_frozen(*args, **kwargs):
        run(*args, **kwargs)  # the script ran; Redis froze before its answer left
        own_redis.freeze()
        raise redis.TimeoutError("Timeout reading from socket")

    monkeypatch.setattr(scripts, script, run_while_frozen)
    assert APOLOGY in call.press(digits).data
    monkeypatch.undo()
    own_redis.thaw()


@pytest.fixture
def landed_unheard(own_app, own_redis, monkeypatch):
    """A call whose confirm got the apology while its booking landed once Redis resumed; the call."""
    in_progress = call_at_summary(own_app)
    confirm_while_redis_freezes(own_app, own_redis, monkeypatch, "book", in_progress, CONFIRM)
    assert len(active_references(own_redis.client())) == 1  # it landed all the same
    assert own_redis.client().zcard(keys.confirmations()) == 1  # with its SMS confirmation to the mobile
    assert ledger_problems(own_redis.client()) == []
    return in_progress


def test_the_fallback_url_reads_back_the_booking_that_landed(own_app, landed_unheard):
    form = {**landed_unheard.form, "ErrorCode": "11200"}
    answer = own_app.test_client().post("/voice/fallback", data=form).get_data(as_text=True)
    assert f">{LANDED} Thank you for calling. Goodbye.</Say><Hangup /></Response>" in answer
    again = own_app.test_client().post("/voice/fallback", data=form).data
    assert APOLOGY in again  # said once: a later failure is only a failure


def test_the_next_call_from_that_number_hears_the_booking_first(own_app, landed_unheard):
    transcript = Call(FlaskTransport(own_app.test_client()), from_number=HK_MOBILE).run(["3"])
    assert transcript.heard[-2:] == [LANDED, transcript.heard[-1]]
    assert transcript.heard[-1].startswith("1: book.")
    later = Call(FlaskTransport(own_app.test_client()), from_number=HK_MOBILE).run(["3"])
    assert LANDED not in later.heard


CHANGED = ("Before we go on: the change you confirmed on your last call was made, although that call ended before "
           "you heard it. Your appointment, reference number one, zero, zero, zero, zero, zero, zero, one, is now at "
           "Kowloon Office, third floor, Cheung Sha Wan Government Offices, 303 Cheung Sha Wan Road, Kowloon, on "
           "Tuesday the twenty-fourth of November at nine a.m. The applicant must come in person. Bring the original "
           "supporting documents.")


@pytest.fixture
def change_landed_unheard(own_app, own_redis, monkeypatch):
    """A change call whose confirm got the apology while the move landed once Redis resumed; the call."""
    number = hkid(912001)
    reference = book_ahead(own_app, number, dt.date(2026, 12, 7))
    in_progress = WebhookCall(own_app.test_client())
    in_progress.start()
    in_progress.press_all(identify("3", CHANGE, number) + ["2", "2", "2", "1", "1"])  # Kowloon, 9 a.m.
    confirm_while_redis_freezes(own_app, own_redis, monkeypatch, "change", in_progress, "1")
    moved = ledger_of(own_app).get(reference)  # it moved all the same (what CHANGED says)
    assert (moved.office, moved.day, moved.time) == ("KO", dt.date(2026, 11, 24), "09:00")
    assert ledger_problems(own_redis.client()) == []
    return in_progress


def test_the_next_call_hears_that_the_appointment_moved(own_app, change_landed_unheard):
    """Before: nothing told the caller, who would come to the old office and time."""
    transcript = Call(FlaskTransport(own_app.test_client()), from_number=HK_MOBILE).run(["3"])
    assert transcript.heard[-2] == CHANGED
    assert transcript.heard[-1].startswith("1: book.")
    later = Call(FlaskTransport(own_app.test_client()), from_number=HK_MOBILE).run(["3"])
    assert CHANGED not in later.heard


def test_the_fallback_url_says_that_the_appointment_moved(own_app, change_landed_unheard):
    form = {**change_landed_unheard.form, "ErrorCode": "11200"}
    answer = own_app.test_client().post("/voice/fallback", data=form).get_data(as_text=True)
    assert f">{CHANGED} Thank you for calling. Goodbye.</Say><Hangup /></Response>" in answer

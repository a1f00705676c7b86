"""The attack of bad luck: Redis freezes while the confirm runs, the caller hears the apology, and
the booking lands when Redis resumes. The fallback URL and the caller's next call read it back
(docs/RELIABILITY.md, "A commit the caller never heard")."""
import pytest
import redis

from phone import Call, FlaskTransport
from tests.ivr.calls import HK_MOBILE
from tests.reliability.invariants import active_references, ledger_problems
from tests.reliability.webhooks import CONFIRM, call_at_summary

APOLOGY = b"Sorry, the booking line has a technical problem."
LANDED = ("Before we go on: the appointment you confirmed on your last call was booked, although that call ended "
          "before you heard it. Your reference number is one, zero, zero, zero, zero, zero, zero, one. Please come "
          "to Hong Kong Office, eighth floor, Immigration Tower, 7 Gloucester Road, Wan Chai, Hong Kong, on Tuesday "
          "the twenty-fourth of November at eight forty-five a.m. The applicant must come in person. Bring the "
          "original supporting documents.")


@pytest.fixture
def landed_unheard(own_app, own_redis, monkeypatch):
    """A call whose confirm got the apology while its booking landed once Redis resumed; the call."""
    scripts = own_app.extensions["ledger"].scripts
    book = scripts.book

    def book_while_frozen(*args, **kwargs):
        book(*args, **kwargs)  # the script ran; Redis froze before its answer left
        own_redis.freeze()
        raise redis.TimeoutError("Timeout reading from socket")

    in_progress = call_at_summary(own_app)
    monkeypatch.setattr(scripts, "book", book_while_frozen)
    assert APOLOGY in in_progress.press(CONFIRM).data
    monkeypatch.undo()
    own_redis.thaw()
    assert len(active_references(own_redis.client())) == 1  # it landed all the same
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
    assert transcript.heard[-1].startswith("Press 1 to make an appointment;")
    later = Call(FlaskTransport(own_app.test_client()), from_number=HK_MOBILE).run(["3"])
    assert LANDED not in later.heard

"""Redis round trips per webhook: at most 3 (load the call, one ledger step, save the call).

Counted as ``bench/instrumented.py`` counts them, one per ``send_packed_command`` (a command
sent alone, a pipeline, a script call), after a first call of the same kind has opened the
connection and loaded the scripts, as on a server that has been up for a while.
"""
import datetime as dt
import gc

import pytest
from redis.connection import AbstractConnection

from app import create_app
from booking.extensions import ledger_of
from store import keys
from tests.documents import hkid
from tests.ivr.calls import booking_keys, call
from tests.ivr.manage_calls import CANCEL, CHANGE, ENQUIRE, book_ahead, identify

BUDGET = 3
DAY = dt.date(2026, 12, 7)


class RoundTrips:
    """The round trips of each webhook the app answers, as (path, count) in order."""

    def __init__(self, app, monkeypatch):
        self.webhooks: list[list] = []
        self._current = None
        send, wsgi_app = AbstractConnection.send_packed_command, app.wsgi_app

        def counted_send(connection, *args, **kwargs):
            if self._current is not None:
                self._current[1] += 1
            return send(connection, *args, **kwargs)

        def counted_app(environ, start_response):
            self._current = [environ["PATH_INFO"], 0]
            try:
                return wsgi_app(environ, start_response)
            finally:
                self.webhooks.append(self._current)
                self._current = None

        monkeypatch.setattr(AbstractConnection, "send_packed_command", counted_send)
        monkeypatch.setattr(app, "wsgi_app", counted_app)

    def of_call(self, app, keys) -> tuple[list[int], list[str]]:
        """The round trips of each step of one call (status callback left out), and what it heard."""
        # Earlier tests' apps are garbage whose Redis clients talk to the server as they are
        # finalised: collected now, not in the middle of a counted webhook.
        gc.collect()
        self.webhooks.clear()
        heard = call(app, keys).heard
        return [count for path, count in self.webhooks if path == "/voice"], heard


@pytest.fixture
def round_trips(app, monkeypatch):
    """Round trips counted per webhook of ``app``."""
    return RoundTrips(app, monkeypatch)


def test_booking_and_its_confirmation(app, round_trips):
    round_trips.of_call(app, booking_keys("3", [hkid(910001)]))
    counts, heard = round_trips.of_call(app, booking_keys("3", [hkid(910002)]))
    assert heard[-2].startswith("Booked: ")
    assert counts[-1] <= BUDGET and max(counts) <= BUDGET, counts


@pytest.mark.parametrize("task, more_keys, outcome", [
    (ENQUIRE, [], "To hear the appointment again, press 1."),
    (CHANGE, ["2", "1", "1"], "Your appointment is changed."),
    (CANCEL, ["1"], "is cancelled."),
], ids=["identification", "change confirmation", "cancel confirmation"])
def test_finding_changing_and_cancelling(app, round_trips, task, more_keys, outcome):
    warm, measured = hkid(910011), hkid(910012)
    for number in (warm, measured):
        book_ahead(app, number, DAY)
    round_trips.of_call(app, identify("3", task, warm) + more_keys)
    counts, heard = round_trips.of_call(app, identify("3", task, measured) + more_keys)
    assert any(outcome in said for said in heard[-2:]), heard[-2:]
    assert counts[-1] <= BUDGET and max(counts) <= BUDGET, counts


def test_found_clears_the_failures_with_the_save(app, redis_client):
    number = hkid(910021)
    book_ahead(app, number, DAY)
    call(app, identify("3", ENQUIRE, number, code="0000"))
    failures = keys.enquiry_failures(ledger_of(app).access._document("hkid", number))
    assert redis_client.hget(failures, "count") == "1"
    call(app, identify("3", ENQUIRE, number))
    assert not redis_client.exists(failures)


def test_a_returning_caller_s_first_webhook_reads_the_caller_with_the_claim(app, redis_client, monkeypatch):
    # The remembered language and the unheard mark are read in the round trip that claims the
    # call's first turn: claim and read, then save; the enquiry stays within the budget too.
    remembering = create_app({**app.config, "LANGUAGE_MEMORY_DAYS": 30})
    trips = RoundTrips(remembering, monkeypatch)
    number = hkid(910031)
    book_ahead(remembering, number, DAY)
    call(remembering, ["3", "wait"])  # the number chooses English
    trips.of_call(remembering, identify("3", ENQUIRE, number)[1:])
    counts, heard = trips.of_call(remembering, identify("3", ENQUIRE, number)[1:])
    assert heard[:3] == ["轉語言按井號。", "换语言按井号。", "Hash for another language."]
    assert any("To hear the appointment again, press 1." in said for said in heard[-2:]), heard[-2:]
    assert counts[0] == 2 and max(counts) <= BUDGET, counts


def test_the_first_webhook_reads_ahead_even_after_redis_forgot_the_claim_script(app, redis_client):
    remembering = create_app({**app.config, "LANGUAGE_MEMORY_DAYS": 30})
    call(remembering, ["3", "wait"])
    redis_client.script_flush()  # as after a restart of Redis
    assert call(remembering, ["wait"]).heard[2:4] == [
        "Hash for another language.", "1: book. 2, 3 or 4: check, change or cancel. 5: offices. 6: other information."]

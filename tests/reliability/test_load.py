"""Load held: concurrent scripted booking calls through a real HTTP server, with no error."""
from store.connection import redis_of
from tests.reliability.held_load import hold_load, serving
from tests.reliability.invariants import active_references, ledger_problems

CALLERS, SECONDS = 10, 20


def test_ten_callers_for_twenty_seconds_book_without_an_error(app):
    with serving(app) as url:
        result = hold_load(url, CALLERS, SECONDS)
    assert result.errors == []
    assert len(result.outcomes) >= CALLERS * 5  # the line kept up: no caller stalled
    client = redis_of(app)
    assert result.acknowledged == active_references(client)
    assert ledger_problems(client) == []

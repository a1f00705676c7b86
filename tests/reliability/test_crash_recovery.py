"""Redis killed (-9) under booking calls and started again from its AOF: nothing acknowledged
is lost, and the ledger is whole after every crash."""
import random

from store.connection import connect
from tests.booking.test_persistence import stop_without_snapshot
from tests.reliability.crash import Tally, crash_cycle

CYCLES, CALLERS, SECONDS, BOOKED_FIRST = 3, 6, 1.5, 4


def test_every_acknowledged_booking_survives_kill_9(own_app, own_redis):
    tally, rng = Tally(), random.Random(7)
    for _ in range(CYCLES):
        crash_cycle(own_app, own_redis, tally, CALLERS, SECONDS, rng, BOOKED_FIRST)
    assert tally.crashes == CYCLES and tally.problems == []
    assert len(tally.acknowledged) >= 10  # the crashes did hit a line that was booking
    assert tally.lost == set()
    assert tally.acknowledged <= tally.found
    assert tally.count("booked") + tally.count("apology") == len(tally.outcomes)  # nothing else


def test_the_embedded_redis_fsyncs_every_write(tmp_path):
    # Always the embedded server, even when the suite runs against REDIS_URL: this is its setting.
    client = connect(None, str(tmp_path))
    try:
        assert client.config_get("appendfsync") == {"appendfsync": "always"}
    finally:
        stop_without_snapshot(client)

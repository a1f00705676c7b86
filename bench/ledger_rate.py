"""How much of the ledger's one hash slot a booking takes: direct ``Ledger.book`` calls, timed.

Every ledger key shares the ``{ledger}`` hash tag, so on Redis Cluster the whole ledger is one
slot on one master, and that master's single thread runs every booking script in turn. The
Redis time per script (INFO commandstats) bounds the bookings per second any fleet can make.
"""
import itertools
import time

from tests.documents import hkid
from bench.ledger_fill import APP_TYPE
from bench.redis_usage import Snapshot, Usage
from booking.calendar import window_days
from booking.model import Applicant, BookingRequest
from store import keys

FIRST_SERIAL = 5_000_000  # documents no benchmark caller uses


def slots(ledger, office):
    """Every (day, time) the phone line offers at ``office`` in the window, once per place still free."""
    for day in window_days(ledger.today()):
        used = ledger.redis.hgetall(keys.slot_usage(office.code, day.isoformat()))
        for time_ in office.phone_times(day, APP_TYPE):
            yield from itertools.repeat((day, time_), office.quota - int(used.get(time_, 0)))


def book_many(ledger, office, count: int) -> tuple[float, Usage]:
    """Book ``count`` one-applicant appointments one after another; seconds taken and Redis's work."""
    places = slots(ledger, office)
    before, started = Snapshot.take(ledger.redis), time.perf_counter()
    for serial in range(FIRST_SERIAL, FIRST_SERIAL + count):
        day, time_ = next(places)
        applicant = Applicant("hkid", hkid(serial), 5, 1985)
        request = BookingRequest((applicant,), office.code, day, time_, APP_TYPE, "1234", None, "en-GB")
        ledger.book(request, f"bench-{serial}")
    elapsed = time.perf_counter() - started
    return elapsed, Usage.between(before, Snapshot.take(ledger.redis))


def report(ledger, office, count: int) -> str:
    """The measurement in Markdown."""
    elapsed, usage = book_many(ledger, office, count)
    script_calls, script_usec = usage.commands.get("evalsha", (1, 0))
    cpu_usec = usage.cpu_seconds / count * 1e6
    return (f"### The ledger's hash slot: {count} bookings at {office.code}, one after another\n\n"
            f"{count / elapsed:.0f} bookings/s from one client ({elapsed / count * 1000:.2f} ms each). "
            f"Redis spent {cpu_usec:.0f} µs of CPU per booking (network included), "
            f"{script_usec / script_calls:.0f} µs of it running the booking script: one Redis thread "
            f"commits at most ~{1e6 / cpu_usec:,.0f} bookings/s")

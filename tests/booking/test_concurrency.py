"""50 callers at once into one slot with quota 10: filled exactly, never beyond."""
import threading
from collections import Counter

from booking.errors import SlotFull
from tests.booking.conftest import DAY, applicants, request, used

THREADS = 50
TARGET = ("HKO", DAY, "09:00")


def race(work, count=THREADS):
    """Run ``work(i)`` in ``count`` threads released together; outcome names by index."""
    barrier, outcomes = threading.Barrier(count), {}

    def run(i):
        barrier.wait()
        try:
            work(i)
            outcomes[i] = "ok"
        except SlotFull:
            outcomes[i] = "full"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def size(i):
    # 1, 2, 3, 4, 1, ...: thirteen single applicants guarantee the slot can be filled exactly.
    return i % 4 + 1


def test_concurrent_bookings_fill_one_slot_exactly(ledger, redis_client, catalogue):
    assert catalogue.office("HKO").quota == 10
    requests = [request(applicants(size(i))) for i in range(THREADS)]
    outcomes = race(lambda i: ledger.book(requests[i], f"call{i}"))
    booked = sum(size(i) for i, outcome in outcomes.items() if outcome == "ok")
    assert len(outcomes) == THREADS
    assert booked == 10
    assert used(redis_client, *TARGET) == 10
    roster = ledger.roster("HKO", DAY)
    assert sum(b.applicants for b in roster) == 10 and all(b.active for b in roster)
    assert Counter(outcomes.values())["ok"] == len(roster)


def test_concurrent_changes_fill_one_slot_exactly(ledger, redis_client):
    # 50 bookings spread over other slots of the day, then all try to move into 09:00.
    times = ["10:00", "10:15", "10:30", "10:45", "11:00", "11:15", "11:30", "11:45",
             "12:00", "12:15", "12:30", "12:45", "13:00", "13:15", "13:30"]
    references = [ledger.book(request(applicants(size(i)), time=times[i % len(times)]), f"b{i}")
                  for i in range(THREADS)]
    total_before = sum(used(redis_client, "HKO", DAY, t) for t in times)
    outcomes = race(lambda i: ledger.change(references[i], *TARGET))
    moved = sum(size(i) for i, outcome in outcomes.items() if outcome == "ok")
    assert moved == 10
    assert used(redis_client, *TARGET) == 10
    assert sum(used(redis_client, "HKO", DAY, t) for t in times) == total_before - 10
    by_time = Counter()
    for booking in ledger.roster("HKO", DAY):
        by_time[booking.time] += booking.applicants
    assert all(by_time[t] == used(redis_client, "HKO", DAY, t) for t in times + ["09:00"])

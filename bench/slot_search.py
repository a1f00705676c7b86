"""The earliest-available-slot search over the whole booking window, on a filled ledger.

    python -m bench.slot_search [--searches 200] [--redis-url URL]

Fills the ledger's per-day usage hashes (the keys ``booking/availability.py`` reads) for every
office bookable by phone, then times ``Ledger.earliest_available_day`` as the line calls it,
for one and for four applicants. Target: median at most 2 ms.
"""
import argparse
import random
import statistics
import sys
import time

from bench.ledger_fill import APP_TYPE, fill
from bench.redis_target import bench_redis, benchmark_parser
from bench.redis_usage import Snapshot, Usage
from bench.stats import percentile, table
from booking.calendar import WINDOW_WORKING_DAYS, hk_now, window_days
from booking.ledger import Ledger
from booking.offices import load_catalogue

TARGET_MS = 2.0
PARTIES = (1, 4)
FULL_DAYS = 60  # a busy season: the first 60 working days are booked out...
FREED = 1 / 300  # ...but for the odd place a cancellation gave back


def busy_season(position: int, slot: int, quota: int, rng: random.Random) -> int:
    """Places taken in a slot on the window's ``position``-th day (0 is the first)."""
    if position < FULL_DAYS:
        return quota - 1 if rng.random() < FREED else quota
    return quota if rng.random() < 0.5 else rng.randint(0, quota)


def booked_out(position: int, slot: int, quota: int, rng: random.Random) -> int:
    """Every slot full except on the window's last day: the search reads the whole window."""
    return 0 if position == WINDOW_WORKING_DAYS - 1 else quota


SCENARIOS = {"busy season": busy_season, "booked out to the last day": booked_out}


def parse(argv) -> argparse.Namespace:
    """The command line."""
    parser = benchmark_parser("bench.slot_search", __doc__)
    parser.add_argument("--searches", type=int, default=200, help="timed searches per office and party size")
    return parser.parse_args(argv)


def time_searches(ledger: Ledger, office: str, party: int, count: int) -> tuple[list[float], object]:
    """Milliseconds of ``count`` searches (the first builds the office's day plan) and the day found."""
    timings, found = [], None
    for _ in range(count):
        started = time.perf_counter()
        found = ledger.earliest_available_day(office, APP_TYPE, party)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, found


def run_scenario(client, ledger: Ledger, offices, days, taken, searches: int) -> tuple[list, list, Usage]:
    """Fill for one scenario and time the searches; table rows, all timings, Redis's work."""
    client.flushdb()
    fill(client, offices, days, taken)
    before, rows, everything = Snapshot.take(client), [], []
    for office in offices:
        for party in PARTIES:
            timings, found = time_searches(ledger, office.code, party, searches)
            position = days.index(found) + 1 if found else "none"
            rows.append([office.code, party, position, timings[0], statistics.median(timings),
                         percentile(timings, 0.95), max(timings)])
            everything += timings
    return rows, everything, Usage.between(before, Snapshot.take(client))


def main(argv=None) -> int:
    """Time the search in each scenario and print the tables; 1 if a median misses the target."""
    options = parse(argv)
    header = ["office", "applicants", "working day found", "first search ms", "median ms", "p95 ms", "max ms"]
    medians = []
    with bench_redis(options.redis_url) as (_, client):
        ledger = Ledger(client, "bench-secret", load_catalogue(), hk_now)
        days = list(window_days(ledger.today()))
        offices = ledger.catalogue.phone_offices_between(days[0], days[-1], APP_TYPE)
        print(f"### Earliest-slot search: {len(offices)} offices, {len(days)} working days from "
              f"{days[0]} to {days[-1]}, {options.searches} searches per row\n")
        for name, taken in SCENARIOS.items():
            rows, timings, usage = run_scenario(client, ledger, offices, days, taken, options.searches)
            calls, usec = usage.commands.get("evalsha", (1, 0))
            medians.append(statistics.median(timings))
            print(f"#### {name}: median {medians[-1]:.2f} ms over {len(timings)} searches "
                  f"(target <= {TARGET_MS:g} ms); {usec / calls:.0f} µs of it inside Redis\n")
            print(table(header, rows) + "\n")
    return 0 if max(medians) <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())

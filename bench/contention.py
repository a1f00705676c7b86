"""Callers racing for the last places of one slot, through the webhooks: exactly that many booked.

    python -m bench.contention [--callers 200] [--places 10] [--processes 2]

One office is booked out over the whole window except one slot with ``--places`` places left,
so every caller is offered that slot. Each caller keys a whole booking up to its summary, waits
at a barrier for all the others, and confirms at the same moment. Afterwards the ledger must
hold exactly ``--places`` bookings, the slot must be full, and exactly as many callers must
have heard that they were booked; every other caller must have heard the slot was taken.
"""
import argparse
import secrets
import sys
import tempfile
from pathlib import Path

from bench import ledger_rate, race
from bench.ledger_fill import APP_TYPE, fill
from bench.redis_target import bench_redis, benchmark_parser
from bench.servers import gunicorn
from bench.stats import percentile, table
from booking.calendar import hk_now, window_days
from booking.ledger import Ledger
from booking.offices import load_catalogue
from store import keys


def parse(argv) -> argparse.Namespace:
    """The command line."""
    parser = benchmark_parser("bench.contention", __doc__)
    parser.add_argument("--callers", type=int, default=200, help="callers racing (default 200)")
    parser.add_argument("--places", type=int, default=10, help="places left in the slot (default 10)")
    parser.add_argument("--processes", type=int, default=2, help="caller processes")
    parser.add_argument("--bookings", type=int, default=1000, help="direct bookings timed afterwards")
    return parser.parse_args(argv)


def phone_offices(ledger: Ledger) -> tuple:
    """The offices the line offers for the benchmarks' application type, in the order it reads them."""
    days = window_days(ledger.today())
    return ledger.catalogue.phone_offices_between(days[0], days[-1], APP_TYPE)


def leave_one_slot(client, ledger: Ledger, office, places: int):
    """Book out ``office`` (key 1 on the line) but its first slot, which keeps ``places``; (office, day, time)."""
    days = window_days(ledger.today())
    if not 0 < places <= office.quota:
        raise SystemExit(f"--places must be 1 to {office.quota} (the quota of {office.code})")
    first = next(day for day in days if office.phone_times(day, APP_TYPE))

    def taken(position: int, slot: int, quota: int, rng) -> int:
        return quota - places if (days[position], slot) == (first, 0) else quota

    fill(client, [office], days, taken)
    return office, first, office.phone_times(first, APP_TYPE)[0]


def bookings_made(client) -> int:
    """How many bookings the ledger has ever made (its reference sequence)."""
    return int(client.get(keys.ledger_sequence()) or 0)


def check(client, ledger: Ledger, slot, results: list, places: int, made: int) -> list[list]:
    """Each property the race must keep: what was expected, what happened (``made``: bookings of the race)."""
    office, day, time = slot
    roster = [b for b in ledger.roster(office.code, day) if b.active and b.time == time]
    used = int(client.hget(keys.slot_usage(office.code, day.isoformat()), time) or 0)
    told = {outcome: sum(1 for r in results if r.outcome == outcome) for outcome in race.OUTCOMES}
    return [
        ["bookings for the slot in the ledger", places, len(roster)],
        ["bookings made anywhere during the race", places, made],
        ["places taken in the slot", office.quota, used],
        ["callers told they were booked", places, told[race.BOOKED]],
        ["callers told the slot was taken", len(results) - places, told[race.TAKEN]],
        ["calls that went wrong", 0, told[race.WRONG]],
    ]


def main(argv=None) -> int:
    """Run the race and print the report; 1 if any property fails."""
    options = parse(argv)
    token = secrets.token_hex(16)
    with bench_redis(options.redis_url) as (url, client), tempfile.TemporaryDirectory() as logs:
        env = {"REDIS_URL": url, "TWILIO_AUTH_TOKEN": token, "SECRET_KEY": secrets.token_hex(32)}
        ledger = Ledger(client, env["SECRET_KEY"], load_catalogue(), hk_now)
        first, second = phone_offices(ledger)[:2]
        slot = leave_one_slot(client, ledger, first, options.places)
        before = bookings_made(client)
        with gunicorn("app:app", env, Path(logs) / "line.log") as server:
            results = race.run(server.base_url, token, options.callers, options.processes)
        rows = check(client, ledger, slot, results, options.places, bookings_made(client) - before)
        print(report(options, slot, results, rows))
        print("\n" + ledger_rate.report(ledger, second, options.bookings))
    return 0 if all(expected == got for _, expected, got in rows) else 1


def report(options, slot, results: list, rows: list[list]) -> str:
    """The race in Markdown: the properties, and how long the confirmations took."""
    office, day, time = slot
    confirmed = [r for r in results if r.confirm_ms is not None]
    confirms = [r.confirm_ms for r in confirmed]
    timing = "No confirmation was answered."
    if confirmed:
        spread = max(r.answered for r in confirmed) - min(r.sent for r in confirmed)
        timing = (f"Confirmations: {len(confirms)} answered within {spread * 1000:.0f} ms of the first being "
                  f"sent; each took p50 {percentile(confirms, 0.5):.1f} ms, p99 {percentile(confirms, 0.99):.1f} ms, "
                  f"max {max(confirms):.1f} ms")
    return "\n\n".join([
        f"### {options.callers} callers race for the last {options.places} places of "
        f"{office.code} {day} {time}, through the webhooks",
        table(["property", "expected", "measured"], rows),
        timing,
    ])


if __name__ == "__main__":
    sys.exit(main())

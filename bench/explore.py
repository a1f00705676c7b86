"""Random calls checked turn by turn: ``python -m bench.explore [CALLS] [SEED] [--processes N]``.

Each call starts at the language menu and presses keys drawn at random at every step (every
key, silence, and at entry fields valid and invalid entries, see ``tests.explorer``), over the
explorer's ledgers in turn, until the line hangs up. Every turn is checked as in the CI flow
explorer. Prints calls, turns, the (step, key) coverage and every violation.

The calls are shared among ``--processes`` processes (default: one per core), each with an app
of its own on a throw-away embedded Redis of its own and a seed of its own (SEED + its number),
so a run is repeatable for a given SEED and process count. With ``REDIS_URL`` set, one process
runs on that server's database, which it flushes first.
"""
import argparse
import atexit
import multiprocessing
import os
import random
import shutil
import tempfile
import time

from app import create_app
from store.connection import redis_of
from tests.conftest import Clock
from tests.explorer import ledgers
from tests.explorer.explore import Explorer, Report, random_call, required_pairs

DEFAULT_CALLS = 100_000
VIOLATIONS_SHOWN = 50


def parse(argv=None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser("bench.explore", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("calls", nargs="?", type=int, default=DEFAULT_CALLS, help="random calls (default 100,000)")
    parser.add_argument("seed", nargs="?", type=int, default=11, help="the first process's seed (default 11)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1,
                        help="processes sharing the calls (default: one per core)")
    return parser.parse_args(argv)


def shares(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` counts differing by at most one."""
    return [total // parts + (index < total % parts) for index in range(parts)]


def explore(calls: int, seed: int) -> tuple[Report, set]:
    """Make ``calls`` random calls spread over the explorer's ledgers; the report and the pairs required."""
    redis_dir = tempfile.mkdtemp(prefix="explore-")
    # Registered before the app starts its Redis: at exit the server stops first, then its folder goes.
    atexit.register(shutil.rmtree, redis_dir, True)
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "EMBEDDED_REDIS_DIR": redis_dir,
                      "REDIS_URL": os.environ.get("REDIS_URL"), "CLOCK": Clock()})
    rng, report = random.Random(seed), Report()
    for make_ledger, count in zip(ledgers.LEDGERS, shares(calls, len(ledgers.LEDGERS))):
        redis_of(app).flushdb()
        explorer = Explorer(app, make_ledger(app).documents)
        try:
            for _ in range(count):
                random_call(explorer, rng)
        finally:
            explorer.close()
        report.merge(explorer.report)
    return report, required_pairs(explorer.machine)


def main(argv=None) -> None:
    """Make the calls asked and print coverage and violations."""
    options = parse(argv)
    processes = 1 if os.environ.get("REDIS_URL") else max(1, options.processes)
    started, report = time.monotonic(), Report()
    jobs = [(count, options.seed + index) for index, count in enumerate(shares(options.calls, processes))]
    # Spawned workers left to exit on their own run their atexit handlers, which stop their
    # embedded Redis servers (a pool's terminate would kill them and leave the servers behind).
    pool = multiprocessing.get_context("spawn").Pool(processes)
    results = pool.starmap(explore, jobs)
    pool.close()
    pool.join()
    for part, required in results:
        report.merge(part)
    print(f"{report.calls} random calls, {report.turns} turns, {time.monotonic() - started:.0f} s "
          f"({processes} processes, seeds {options.seed}-{options.seed + processes - 1}); "
          f"coverage {len(report.pairs & required)} of {len(required)} (step, key) pairs; "
          f"{len(report.violations)} violations")
    for violation in report.violations[:VIOLATIONS_SHOWN]:
        print("  ", violation)


if __name__ == "__main__":
    main()

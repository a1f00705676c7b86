"""Random calls checked turn by turn: ``python -m bench.explore [CALLS] [SEED]``.

Each call starts at the language menu and presses keys drawn at random at every step (every
key, silence, and at entry fields valid and invalid entries, see ``tests.explorer``), over the
explorer's ledgers in turn, until the line hangs up. Every turn is checked as in the CI flow
explorer. Prints calls, turns, the (step, key) coverage and every violation. Runs on a throw-away
embedded Redis, or on ``REDIS_URL`` (whose database it flushes first).
"""
import os
import random
import sys
import tempfile
import time

from app import create_app
from store.connection import redis_of
from tests.conftest import Clock
from tests.explorer import ledgers
from tests.explorer.explore import Explorer, Report, random_call, required_pairs

DEFAULT_CALLS = 100_000


def main() -> None:
    """Make the calls asked (default 100,000) and print coverage and violations."""
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CALLS
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 11)
    with tempfile.TemporaryDirectory() as redis_dir:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "EMBEDDED_REDIS_DIR": redis_dir,
                          "REDIS_URL": os.environ.get("REDIS_URL"), "CLOCK": Clock()})
        report, started = Report(), time.monotonic()
        share = calls // len(ledgers.LEDGERS)
        for index, make_ledger in enumerate(ledgers.LEDGERS):
            redis_of(app).flushdb()
            explorer = Explorer(app, make_ledger(app).documents)
            try:
                for _ in range(share if index else calls - share * (len(ledgers.LEDGERS) - 1)):
                    random_call(explorer, rng)
            finally:
                explorer.close()
            report.merge(explorer.report)
        required = required_pairs(explorer.machine)
        print(f"{report.calls} random calls, {report.turns} turns, {time.monotonic() - started:.0f} s; "
              f"coverage {len(report.pairs & required)} of {len(required)} (step, key) pairs; "
              f"{len(report.violations)} violations")
        for violation in report.violations[:50]:
            print("  ", violation)


if __name__ == "__main__":
    main()

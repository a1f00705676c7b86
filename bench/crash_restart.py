"""Kill -9 Redis under booking calls, again and again: ``python -m bench.crash_restart [CYCLES]``.

For each ``appendfsync`` policy, a ``redis-server`` of its own (AOF on) is killed -9 under
concurrent booking calls and started again from its AOF, CYCLES times (see
``tests.reliability.crash``). Prints a Markdown table: calls, bookings acknowledged, found
and lost, and the ledger's consistency after every restart.
"""
import logging
import random
import sys
import tempfile
from pathlib import Path

from app import create_app
from tests.reliability.crash import Tally, crash_cycle
from tests.reliability.server import RedisProcess

DEFAULT_CYCLES, CALLERS, SECONDS = 30, 8, 3
POLICIES = ("always", "everysec")


def run(policy: str, cycles: int) -> Tally:
    """Crash cycles on a fresh server with ``appendfsync policy``."""
    tally, rng = Tally(), random.Random(policy)
    with tempfile.TemporaryDirectory() as directory:
        server = RedisProcess(Path(directory), appendfsync=policy).start()
        try:
            app = create_app({"SECRET_KEY": "bench", "REDIS_URL": server.url})
            for _ in range(cycles):
                crash_cycle(app, server, tally, CALLERS, SECONDS, rng)
        finally:
            server.stop()
    return tally


def main() -> None:
    """Run every policy and print the table."""
    cycles = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_CYCLES
    # Every webhook Redis fails logs its traceback: thousands are expected here, and say nothing.
    logging.disable(logging.ERROR)
    print(f"{CALLERS} callers, Redis killed -9 after 1.5-{SECONDS} s of calls, {cycles} times per policy\n")
    print("| appendfsync | kill -9 | calls | acknowledged | found after restart | lost | ledger problems |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for policy in POLICIES:
        tally = run(policy, cycles)
        print(f"| {policy} | {tally.crashes} | {len(tally.outcomes)} | {len(tally.acknowledged)} | "
              f"{len(tally.found)} | {len(tally.lost)} | {len(tally.problems)} |")


if __name__ == "__main__":
    main()

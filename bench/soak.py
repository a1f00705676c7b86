"""Load held for minutes: ``python -m bench.soak [--callers N] [--minutes M] [--url URL]``.

N callers book by ear, call after call, for M minutes (see ``tests.reliability.held_load``).
Without ``--url`` the app runs in this process behind a threaded werkzeug server on loopback,
on a throw-away embedded Redis (or ``REDIS_URL``, whose database it flushes first). With
``--url`` it calls a running server (say gunicorn) and, when ``REDIS_URL`` names that
server's Redis, checks the ledger afterwards. Prints the figures of docs/RELIABILITY.md.
"""
import argparse
import contextlib
import os
import tempfile

import redis

from app import create_app
from store.connection import redis_of
from tests.reliability.held_load import hold_load, serving
from tests.reliability.invariants import active_references, ledger_problems


@contextlib.contextmanager
def line(url: str | None):
    """The URL to call and the Redis client of its ledger (None when unknown)."""
    if url:
        redis_url = os.environ.get("REDIS_URL")
        yield url, redis.Redis.from_url(redis_url, decode_responses=True) if redis_url else None
        return
    with tempfile.TemporaryDirectory() as redis_dir:
        app = create_app({"SECRET_KEY": "bench", "EMBEDDED_REDIS_DIR": redis_dir,
                          "REDIS_URL": os.environ.get("REDIS_URL")})
        redis_of(app).flushdb()
        with serving(app) as served:
            yield served, redis_of(app)


def main() -> None:
    """Hold the load, then print the calls, errors, answer times and the ledger's check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--callers", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--url")
    options = parser.parse_args()
    with line(options.url) as (url, client):
        result = hold_load(url, options.callers, options.minutes * 60)
        print(result.summary())
        if client is not None:
            lost = result.acknowledged - active_references(client)
            print(f"bookings acknowledged {len(result.acknowledged)}, lost {len(lost)}; "
                  f"ledger problems: {len(ledger_problems(client))}")
    for outcome in result.errors[:10]:
        print("error:", outcome)


if __name__ == "__main__":
    main()

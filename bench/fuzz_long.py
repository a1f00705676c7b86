"""The webhook fuzz of ``tests/reliability/test_fuzz.py``, run long: ``python -m bench.fuzz_long [EXAMPLES]``.

Each example is a real booking call with hostile requests in its middle (see
``tests.reliability.fuzzing``). Runs on a throw-away embedded Redis, or on ``REDIS_URL``
(whose database it flushes first). Prints the examples run, requests made and seconds.
"""
import os
import sys
import tempfile
import time

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings, strategies as st

from app import create_app
from store.connection import redis_of
from tests.reliability import fuzzing

DEFAULT_EXAMPLES = 5000


def count_requests(app) -> list[int]:
    """Make every test client of ``app`` count its requests into the returned one-item list."""
    count = [0]

    class Counted(app.test_client_class or FlaskClient):
        def open(self, *args, **kwargs):
            count[0] += 1
            return super().open(*args, **kwargs)

    app.test_client_class = Counted
    return count


def run(app, examples: int) -> int:
    """Run ``examples`` fuzzed calls on ``app``; the number of requests made."""
    count = count_requests(app)
    checks = settings(max_examples=examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
    checks(given(data=st.data())(lambda data: fuzzing.fuzz_one_call(app, data.draw)))()
    return count[0]


def main() -> None:
    """Fuzz for the examples asked (default 5000) and print what was run."""
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_EXAMPLES
    with tempfile.TemporaryDirectory() as redis_dir:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "EMBEDDED_REDIS_DIR": redis_dir,
                          "REDIS_URL": os.environ.get("REDIS_URL")})
        redis_of(app).flushdb()
        started = time.monotonic()
        requests = run(app, examples)
        print(f"{examples} fuzzed calls, {requests} requests, {time.monotonic() - started:.0f} s: "
              "no 500, no failure, every call state loadable and continued")


if __name__ == "__main__":
    main()

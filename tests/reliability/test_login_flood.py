"""A login flood on the dashboard, as the Procfile deploys it, leaves a caller's webhooks answered.

The Procfile's ``web`` and ``dashboard`` run word for word in production mode; attackers post
wrong passwords (with the form's CSRF token) for a supervisor's name and for made-up names as
fast as they are answered, while a caller calls the webhook server. Bounded for CI (8
connections for 6 s, limits lowered so the throttle is reached at once); the long run with the
usual limits is ``bench.login_flood``, its figures in docs/RELIABILITY.md.
"""
import secrets
import threading
import time
from collections import Counter

import pytest

from bench.login_flood import flood
from bench.redis_target import bench_redis, redis_server_binary
from bench.servers import procfile
from bench.slow_clients import CallerTimes, production_env, timed_calls
from supervision.accounts import add_supervisor

PER_NAME, PER_ADDRESS = 2, 6
ATTACKERS, SECONDS = 8, 6
MARGIN_SECONDS = 3.0


@pytest.mark.skipif(redis_server_binary() is None, reason="no redis-server on this machine: install it with scripts/system-packages")
def test_a_login_flood_is_throttled_before_hashing_and_leaves_the_callers_webhooks_answered(tmp_path):
    with bench_redis() as (url, client):
        add_supervisor(client, "alice", secrets.token_urlsafe(16))
        env = {**production_env(url), "SUPERVISOR_LOGINS_PER_NAME": str(PER_NAME),
               "SUPERVISOR_LOGINS_PER_ADDRESS": str(PER_ADDRESS)}
        with procfile("web", env, tmp_path / "web.log") as web, \
                procfile("dashboard", env, tmp_path / "dashboard.log") as dashboard:
            until, known, unknown, caller = time.monotonic() + SECONDS, Counter(), Counter(), CallerTimes()
            attackers = [threading.Thread(target=flood, args=(dashboard.base_url, until, answers, name), daemon=True)
                         for answers, name in [(known, lambda: "alice"), (unknown, lambda: f"x{secrets.token_hex(4)}")]
                         for _ in range(ATTACKERS // 2)]
            for attacker in attackers:
                attacker.start()
            timed_calls(web.base_url, until, caller, env["TWILIO_AUTH_TOKEN"])
            for attacker in attackers:
                attacker.join(60)
            after = Counter()  # one more made-up name from the flooding address, once it is over
            flood(dashboard.base_url, time.monotonic() + 60, after, lambda: f"y{secrets.token_hex(4)}", attempts=1)
    # Hashed attempts answer 401; the rest were refused (429) before any hash: the name's limit
    # for the supervisor, the address's for everything, made-up names included.
    assert known[401] <= PER_NAME and known[401] + unknown[401] <= PER_ADDRESS, (known, unknown)
    assert known[429] > 0 and set(known) | set(unknown) <= {401, 429}, (known, unknown)
    assert after == {429: 1}
    assert caller.failed_webhooks == 0 and len(caller.webhook_seconds) >= 3
    assert caller.slowest < MARGIN_SECONDS, sorted(caller.webhook_seconds)[-5:]

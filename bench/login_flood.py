"""A flood of supervisor logins: does it slow a caller's webhooks?

``python -m bench.login_flood [--connections 10] [--seconds 15]``

On a private ``redis-server``, in production mode (a Twilio token set, webhooks signed), one
caller makes information calls one after another while N connections post logins (with their
CSRF token, wrong passwords) as fast as they are answered. Four arrangements: no flood; the
flood on the dashboard server (the Procfile's ``web`` and ``dashboard`` run word for word)
with the login throttle; the same with the throttle lifted (every attempt hashed); and the
former arrangement, pages and webhooks in one server, throttle lifted.
Prints Markdown: the caller's webhook times and what the flood got.
"""
import contextlib
import math
import re
import secrets
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path

from bench.redis_target import bench_redis, benchmark_parser
from bench.servers import gunicorn, procfile
from bench.slow_clients import CallerTimes, production_env, timed_calls
from bench.stats import table
from supervision.accounts import add_supervisor

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
UNTHROTTLED = {"SUPERVISOR_LOGINS_PER_ADDRESS": "1000000000", "SUPERVISOR_LOGINS_PER_NAME": "1000000000"}
# (arrangement, flood?, throttle lifted?, pages served by the webhook server?)
ARRANGEMENTS = [
    ("no flood", False, False, False),
    ("flood on the dashboard server, throttled", True, False, False),
    ("flood on the dashboard server, throttle lifted", True, True, False),
    ("before: one server for pages and webhooks, throttle lifted", True, True, True),
]


class IgnoresSecure(DefaultCookiePolicy):
    """An attacker's cookie jar: it sends back a ``Secure`` cookie over plain http too."""

    def return_ok_secure(self, cookie, request) -> bool:
        """Send the cookie whatever the scheme."""
        return True


def flood(base_url: str, until: float, answers: Counter, name=lambda: "alice", attempts: float = math.inf) -> None:
    """One attacker: the login form's token, then wrong passwords for ``name()`` posted until ``until`` (or ``attempts`` made)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar(IgnoresSecure())),
                                         urllib.request.ProxyHandler({}))
    with opener.open(base_url + "/supervisor/login", timeout=30) as page:
        token = CSRF_FIELD.search(page.read().decode()).group(1)
    while time.monotonic() < until and sum(answers.values()) < attempts:
        form = urllib.parse.urlencode({"name": name(), "password": secrets.token_hex(6), "csrf_token": token}).encode()
        try:
            with opener.open(base_url + "/supervisor/login", form, timeout=30) as response:
                answers[response.status] += 1
        except urllib.error.HTTPError as refused:
            answers[refused.code] += 1


def measure(webhooks_url: str, pages_url: str, connections: int, seconds: float, flooded: bool,
            auth_token: str | None = None) -> tuple:
    """The caller's webhook times while ``connections`` flood ``pages_url`` (or nobody does)."""
    until, answers, times = time.monotonic() + seconds, Counter(), CallerTimes()
    attackers = [threading.Thread(target=flood, args=(pages_url, until, answers), daemon=True)
                 for _ in range(connections if flooded else 0)]
    for attacker in attackers:
        attacker.start()
    timed_calls(webhooks_url, until, times, auth_token)
    for attacker in attackers:
        attacker.join(60)
    return times, answers


def run(arrangement: tuple, env: dict, options, logs: Path) -> list:
    """One arrangement's row of the report."""
    name, flooded, unthrottled, together = arrangement
    env = {**env, **(UNTHROTTLED if unthrottled else {})}
    with contextlib.ExitStack() as stack:
        if together:
            webhooks = pages = stack.enter_context(gunicorn("app:create_app()", env, logs / "together.log"))
        else:
            webhooks = stack.enter_context(procfile("web", env, logs / "web.log"))
            pages = stack.enter_context(procfile("dashboard", env, logs / "dash.log"))
        times, answers = measure(webhooks.base_url, pages.base_url, options.connections, options.seconds, flooded,
                                 env["TWILIO_AUTH_TOKEN"])
    return [name, times.calls, len(times.webhook_seconds), times.failed_webhooks,
            f"{times.percentile(0.5) * 1000:.1f}", f"{times.percentile(0.99) * 1000:.1f}",
            f"{times.slowest * 1000:.1f}", answers[401], answers[429], sum(answers.values()) - answers[401] - answers[429]]


def main(argv=None) -> int:
    """Run the four arrangements and print the figures."""
    parser = benchmark_parser("bench.login_flood", __doc__)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=15.0)
    options = parser.parse_args(argv)
    rows = []
    with bench_redis(options.redis_url) as (url, client), tempfile.TemporaryDirectory() as logs:
        add_supervisor(client, "alice", secrets.token_urlsafe(16))
        env = production_env(url)
        for arrangement in ARRANGEMENTS:
            # Each arrangement starts with no throttle counts left by the one before.
            for key in client.scan_iter(match="rop:{supervisors}:attempts:*"):
                client.delete(key)
            rows.append(run(arrangement, env, options, Path(logs)))
    print(f"### {options.connections} connections posting logins for {options.seconds:g} s; one caller timed\n")
    print(table(["arrangement", "calls", "webhooks", "failed", "median ms", "p99 ms", "slowest ms",
                 "logins hashed (401)", "logins throttled (429)", "other answers"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

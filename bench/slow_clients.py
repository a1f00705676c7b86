"""Slow clients against the webhook server and the dashboard: do they starve callers (or supervisors)?

``python -m bench.slow_clients [--connections 20] [--interval 2] [--seconds 30] [--worker-class sync]``

Runs the Procfile's ``web`` and ``dashboard`` processes word for word, in production mode (a
Twilio token set, every webhook signed), on a private ``redis-server``. Against each it opens N
connections, each sending a request's headers and then its body one byte every ``interval``
seconds, for ``seconds``: to ``/voice`` on the webhook server, while one caller makes
information calls one after another and every webhook is timed; to ``/supervisor/login`` on the
dashboard, while a supervisor opens the login page again and again, each load timed.
``--worker-class sync`` runs the same attack on the former sync workers.
Prints Markdown; 1 if a timed request took a second or more (or failed).
"""
import secrets
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.redis_target import bench_redis, benchmark_parser
from bench.servers import procfile
from bench.stats import table
from phone import Call, PhoneError
from tests.reliability.held_load import TimedTransport

# Language 3 (English), main menu 6 (other information), 2 (passport fees), hang up.
CALL_KEYS = ["3", "6", "2"]
LIMIT_SECONDS = 1.0
# Longer than Twilio waits (15 s): a starved webhook is measured, not cut short.
CALLER_TIMEOUT_SECONDS = 20
BODY_BYTES = 4096
LOGIN_PAGE = "/supervisor/login"


@dataclass
class CallerTimes:
    """What one caller calling again and again lived: its calls and every webhook's time (s)."""

    calls: int = 0
    failed_webhooks: int = 0
    webhook_seconds: list[float] = field(default_factory=list)

    @property
    def slowest(self) -> float:
        """The slowest webhook (s), a failed one counted as the timeout."""
        return max(self.webhook_seconds + [CALLER_TIMEOUT_SECONDS] * self.failed_webhooks, default=0.0)

    def percentile(self, share: float) -> float:
        """The webhook time (s) below which ``share`` (0-1) of them fall."""
        times = sorted(self.webhook_seconds)
        return times[min(int(share * len(times)), len(times) - 1)] if times else 0.0


@dataclass
class Attack:
    """What the slow connections sent and what the caller lived meanwhile."""

    connections: int
    interval: float
    seconds: float
    trickled_bytes: int = 0
    caller: CallerTimes = field(default_factory=CallerTimes)


def trickle(host: str, port: int, interval: float, until: float, sent: list[int], path: str = "/voice") -> None:
    """One slow client: a POST's headers to ``path``, then its body one byte every ``interval`` s until ``until``."""
    with socket.create_connection((host, port), timeout=CALLER_TIMEOUT_SECONDS) as connection:
        connection.sendall(f"POST {path} HTTP/1.1\r\nHost: localhost\r\n".encode()
                           + b"Content-Type: application/x-www-form-urlencoded\r\n"
                           b"Content-Length: %d\r\n\r\n" % BODY_BYTES)
        while time.monotonic() < until:
            try:
                connection.sendall(b"a")
            except OSError:
                return  # the server gave up on this client: fine, it holds nothing now
            sent.append(1)
            time.sleep(min(interval, max(until - time.monotonic(), 0)))


def timed_calls(base_url: str, until: float, times: CallerTimes, auth_token: str | None = None) -> None:
    """Information calls one after another until ``until``, every webhook timed into ``times``
    (signed for ``base_url`` as Twilio signs when the line has ``auth_token``)."""
    while time.monotonic() < until:
        transport = TimedTransport(base_url, times.webhook_seconds)
        transport.timeout = CALLER_TIMEOUT_SECONDS
        try:
            Call(transport, call_sid=f"CAtimed{times.calls:06d}{secrets.token_hex(4)}",
                 auth_token=auth_token, base_url=base_url).run(CALL_KEYS)
        except (PhoneError, OSError):
            times.failed_webhooks += 1
        times.calls += 1


def timed_login_pages(base_url: str, until: float, times: CallerTimes) -> None:
    """A supervisor opening the login page again and again until ``until``, each load timed."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            with opener.open(base_url + LOGIN_PAGE, timeout=CALLER_TIMEOUT_SECONDS) as page:
                page.read()
            times.webhook_seconds.append(time.perf_counter() - started)
        except OSError:
            times.failed_webhooks += 1
        times.calls += 1


def attack_server(base_url: str, connections: int, interval: float, seconds: float,
                  auth_token: str | None = None, dashboard: bool = False) -> Attack:
    """Run the slow connections and the timed caller (or supervisor, on the ``dashboard``) together against ``base_url``."""
    host, port = base_url.removeprefix("http://").split(":")
    attack, sent = Attack(connections, interval, seconds), []
    until = time.monotonic() + seconds
    path = LOGIN_PAGE if dashboard else "/voice"
    slow = [threading.Thread(target=trickle, args=(host, int(port), interval, until, sent, path), daemon=True)
            for _ in range(connections)]
    for thread in slow:
        thread.start()
    time.sleep(min(interval, 1.0))  # every slow connection is open and holding before the caller starts
    if dashboard:
        timed_login_pages(base_url, until, attack.caller)
    else:
        timed_calls(base_url, until, attack.caller, auth_token)
    for thread in slow:
        thread.join(interval + CALLER_TIMEOUT_SECONDS)
    attack.trickled_bytes = len(sent)
    return attack


def report(rows: list[tuple[str, Attack]], worker_class: str) -> str:
    """Each server's attack and the timed requests as Markdown."""
    lines = []
    for server, attack in rows:
        caller = attack.caller
        lines.append([server, worker_class, attack.connections, f"{attack.interval:g} s", f"{attack.seconds:g} s",
                      attack.trickled_bytes, len(caller.webhook_seconds), caller.failed_webhooks,
                      f"{caller.percentile(0.5) * 1000:.1f}", f"{caller.percentile(0.99) * 1000:.1f}",
                      f"{caller.slowest * 1000:.1f}"])
    return table(["server (timed requests)", "workers", "slow connections", "one byte every", "for", "bytes trickled",
                  "timed requests answered", "failed", "median ms", "p99 ms", "slowest ms"], lines)


def production_env(redis_url: str) -> dict:
    """The settings of a production line (a Twilio token, a strong key) on ``redis_url``."""
    return {"REDIS_URL": redis_url, "SECRET_KEY": secrets.token_urlsafe(48), "TWILIO_AUTH_TOKEN": secrets.token_hex(16)}


def main(argv=None) -> int:
    """Attack the Procfile's web and dashboard processes as configured (or with ``--worker-class``) and print the figures."""
    parser = benchmark_parser("bench.slow_clients", __doc__)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--worker-class", default="gevent", help="gevent (gunicorn.conf.py) or sync (before)")
    options = parser.parse_args(argv)
    rows = []
    with bench_redis(options.redis_url) as (url, _), tempfile.TemporaryDirectory() as logs:
        env = {**production_env(url), "GUNICORN_CMD_ARGS": f"--worker-class {options.worker_class}"}
        for process_type, label in (("web", "web (a caller's webhooks)"), ("dashboard", "dashboard (the login page)")):
            with procfile(process_type, env, Path(logs) / f"{process_type}.log") as server:
                rows.append((label, attack_server(server.base_url, options.connections, options.interval,
                                                  options.seconds, env["TWILIO_AUTH_TOKEN"], process_type == "dashboard")))
    print(report(rows, options.worker_class))
    held = all(attack.caller.slowest < LIMIT_SECONDS and not attack.caller.failed_webhooks for _, attack in rows)
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())

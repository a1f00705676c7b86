"""Slow clients against the webhook server: do they starve a caller's webhooks?

``python -m bench.slow_clients [--connections 20] [--interval 2] [--seconds 30] [--worker-class sync]``

Opens N connections to gunicorn (``gunicorn.conf.py``, on a private ``redis-server``), each
sending a webhook's headers and then its body one byte every ``interval`` seconds, for
``seconds``; meanwhile one caller makes information calls one after another and every one of
its webhooks is timed. ``--worker-class sync`` runs the same attack on the former sync workers.
Prints Markdown; 1 if a webhook of the caller took a second or more (or failed).
"""
import secrets
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.redis_target import bench_redis, benchmark_parser
from bench.servers import gunicorn
from bench.stats import table
from phone import Call, PhoneError
from tests.reliability.held_load import TimedTransport

# Language 3 (English), main menu 6 (other information), 2 (passport fees), hang up.
CALL_KEYS = ["3", "6", "2"]
LIMIT_SECONDS = 1.0
# Longer than Twilio waits (15 s): a starved webhook is measured, not cut short.
CALLER_TIMEOUT_SECONDS = 20
BODY_BYTES = 4096


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


def trickle(host: str, port: int, interval: float, until: float, sent: list[int]) -> None:
    """One slow client: a webhook's headers, then its body one byte every ``interval`` s until ``until``."""
    with socket.create_connection((host, port), timeout=CALLER_TIMEOUT_SECONDS) as connection:
        connection.sendall(b"POST /voice HTTP/1.1\r\nHost: localhost\r\n"
                           b"Content-Type: application/x-www-form-urlencoded\r\n"
                           b"Content-Length: %d\r\n\r\n" % BODY_BYTES)
        while time.monotonic() < until:
            try:
                connection.sendall(b"a")
            except OSError:
                return  # the server gave up on this client: fine, it holds nothing now
            sent.append(1)
            time.sleep(min(interval, max(until - time.monotonic(), 0)))


def timed_calls(base_url: str, until: float, times: CallerTimes) -> None:
    """Information calls one after another until ``until``, every webhook timed into ``times``."""
    while time.monotonic() < until:
        transport = TimedTransport(base_url, times.webhook_seconds)
        transport.timeout = CALLER_TIMEOUT_SECONDS
        try:
            Call(transport, call_sid=f"CAtimed{times.calls:06d}").run(CALL_KEYS)
        except (PhoneError, OSError):
            times.failed_webhooks += 1
        times.calls += 1


def attack_server(base_url: str, connections: int, interval: float, seconds: float) -> Attack:
    """Run the slow connections and the timed caller together against ``base_url``."""
    host, port = base_url.removeprefix("http://").split(":")
    attack, sent = Attack(connections, interval, seconds), []
    until = time.monotonic() + seconds
    slow = [threading.Thread(target=trickle, args=(host, int(port), interval, until, sent), daemon=True)
            for _ in range(connections)]
    for thread in slow:
        thread.start()
    time.sleep(min(interval, 1.0))  # every slow connection is open and holding before the caller starts
    timed_calls(base_url, until, attack.caller)
    for thread in slow:
        thread.join(interval + CALLER_TIMEOUT_SECONDS)
    attack.trickled_bytes = len(sent)
    return attack


def report(attack: Attack, worker_class: str) -> str:
    """The attack and the caller's webhook times as Markdown."""
    caller = attack.caller
    rows = [[worker_class, attack.connections, f"{attack.interval:g} s", f"{attack.seconds:g} s",
             attack.trickled_bytes, caller.calls, len(caller.webhook_seconds), caller.failed_webhooks,
             f"{caller.percentile(0.5) * 1000:.1f}", f"{caller.slowest * 1000:.1f}"]]
    return table(["workers", "slow connections", "one byte every", "for", "bytes trickled", "calls",
                  "webhooks answered", "webhooks failed", "median ms", "slowest ms"], rows)


def main(argv=None) -> int:
    """Attack gunicorn as configured (or with ``--worker-class``) and print the figures."""
    parser = benchmark_parser("bench.slow_clients", __doc__)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--worker-class", default="gevent", help="gevent (gunicorn.conf.py) or sync (before)")
    options = parser.parse_args(argv)
    with bench_redis(options.redis_url) as (url, _), tempfile.TemporaryDirectory() as logs:
        env = {"REDIS_URL": url, "SECRET_KEY": secrets.token_urlsafe(48),
               "GUNICORN_CMD_ARGS": f"--worker-class {options.worker_class}"}
        with gunicorn("app:app", env, Path(logs) / "gunicorn.log") as server:
            attack = attack_server(server.base_url, options.connections, options.interval, options.seconds)
    print(report(attack, options.worker_class))
    return 0 if attack.caller.slowest < LIMIT_SECONDS and not attack.caller.failed_webhooks else 1


if __name__ == "__main__":
    sys.exit(main())

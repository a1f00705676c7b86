"""Capacity: how many callers at human pace one machine holds before answers slow down.

    python -m bench.capacity [--levels 100,200,400,800,1200,1600] [--think 8] [--seconds 30]

Callers press a key every 6 to 10 s (``--think`` 8 s +/- 25%), as a person does while the line
speaks, and make the calls ``bench.load`` makes (an English booking, an enquiry about it, office
information). The line runs under ``gunicorn.conf.py`` on loopback with a private Redis. At each
level the callers ramp in over one pause, then ``--seconds`` are measured; the ramp stops at the
first level whose p99 passes ``--p99-limit`` ms or that has errors. Prints a Markdown report.
"""
import argparse
import multiprocessing
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

from bench import workload
from bench.cpu import machine_busy_seconds, tree_cpu_seconds, used_between
from bench.redis_target import bench_redis, benchmark_parser
from bench.redis_usage import Snapshot
from bench.servers import gunicorn
from bench.stats import summarise, table

START_DELAY = 1.0


def parse(argv) -> argparse.Namespace:
    """The command line."""
    parser = benchmark_parser("bench.capacity", __doc__)
    parser.add_argument("--levels", default="100,200,400,800,1200,1600",
                        help="simultaneous callers at each step of the ramp")
    parser.add_argument("--think", type=float, default=8.0, help="mean seconds between keys")
    parser.add_argument("--jitter", type=float, default=0.25, help="pause = think x (1 +/- jitter)")
    parser.add_argument("--seconds", type=float, default=30, help="measured seconds per level")
    parser.add_argument("--p99-limit", type=float, default=200.0, help="stop above this p99 (ms)")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    return parser.parse_args(argv)


def measure_level(server, callers: int, first_caller: int, options, token: str, client) -> list:
    """One level of the ramp: its row of the report (callers, rate, latency, CPU per webhook)."""
    start = time.monotonic() + START_DELAY
    # Callers start spread over one longest pause: measure once they are all on the line.
    window = (start + options.think * (1 + options.jitter), 0.0)
    window = (window[0], window[0] + options.seconds)
    plan = workload.Plan(server.base_url, token, start, window[1], options.think, first_caller, options.jitter)
    probes = {
        "server": lambda: tree_cpu_seconds([server.pid]),
        "generator": lambda: tree_cpu_seconds(p.pid for p in multiprocessing.active_children()),
        "redis": lambda: Snapshot.take(client).cpu_seconds,
        "machine": machine_busy_seconds,
    }
    samples, _, cpu = workload.drive(plan, callers, options.processes, lambda: used_between(*window, probes))
    summary = summarise(samples, *window)
    per_webhook = {part: cpu[part] / max(summary.webhooks, 1) * 1000 for part in ("server", "redis")}
    return [callers, summary.webhooks, summary.rate, summary.latency(0.5), summary.latency(0.99),
            max(summary.latencies_ms, default=0.0), summary.errors, per_webhook["server"],
            per_webhook["redis"] * 1000, f"{cpu['machine'] / (os.cpu_count() * options.seconds):.0%}"]


HEADER = ["callers", "webhooks", "webhooks/s", "p50 ms", "p99 ms", "max ms", "errors",
          "server CPU ms/webhook", "Redis CPU µs/webhook", "cores busy (all)"]


def main(argv=None) -> int:
    """Ramp the callers until p99 passes the limit or errors appear; print the report."""
    options = parse(argv)
    levels = [int(level) for level in options.levels.split(",")]
    rows, held = [], 0
    with bench_redis(options.redis_url) as (url, client), tempfile.TemporaryDirectory() as logs:
        env = {"REDIS_URL": url, "TWILIO_AUTH_TOKEN": secrets.token_hex(16), "SECRET_KEY": secrets.token_hex(32)}
        with gunicorn("app:app", env, Path(logs) / "line.log") as server:
            first_caller = 0
            for callers in levels:
                row = measure_level(server, callers, first_caller, options, env["TWILIO_AUTH_TOKEN"], client)
                rows.append(row)
                first_caller += callers
                if row[4] > options.p99_limit or row[6]:
                    break
                held = callers
    print(f"### Callers at human pace: a key every {options.think * (1 - options.jitter):g}-"
          f"{options.think * (1 + options.jitter):g} s; {options.seconds:g} s measured per level\n")
    print(f"{os.cpu_count()} CPUs; 1-minute load average after: {os.getloadavg()[0]:.1f}\n")
    print(table(HEADER, rows))
    print(f"\nSimultaneous callers held with p99 within {options.p99_limit:g} ms and no errors: **{held}**"
          + ("" if held != levels[-1] else " (the ramp's last level: the limit lies higher)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

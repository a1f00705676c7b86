"""Load: simulated callers making whole calls against the line, then against a bare-Flask ceiling.

    python -m bench.load [--callers 50] [--seconds 20] [--think-ms 500] [--processes 2]

Both servers run under ``gunicorn.conf.py`` on loopback and get signed (Twilio-like) requests;
the line runs on its own Redis (a private ``redis-server`` unless ``--redis-url``). Each server
gets two phases: callers that never pause, for the most webhooks per second, then paced callers
(``--think-ms`` between an answer and the next key) for latency. Prints a Markdown report.
"""
import argparse
import multiprocessing
import os
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import load_report, workload
from bench.cpu import machine_busy_seconds, tree_cpu_seconds, used_between
from bench.redis_target import bench_redis, benchmark_parser
from bench.redis_usage import Snapshot, Usage
from bench.servers import Server, gunicorn
from bench.stats import Summary, summarise

START_DELAY = 1.0  # time for the generator processes to fork before the first call
PACED, SATURATED = "paced", "no pauses"
# No pauses first: it warms every worker's caches and connections, as a server that has been
# up for a while has them, before the paced phase measures latency.
PHASES = (SATURATED, PACED)


@dataclass(frozen=True)
class Run:
    """One phase against one server: its measuring window, how the calls went, CPU used."""

    server: str
    phase: str
    summary: Summary
    outcomes: dict
    all_samples: list
    cpu: dict[str, float]


def parse(argv) -> argparse.Namespace:
    """The command line."""
    parser = benchmark_parser("bench.load", __doc__)
    parser.add_argument("--callers", type=int, default=50, help="concurrent callers (default 50)")
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds per phase")
    parser.add_argument("--warmup", type=float, default=3, help="seconds before measuring, per phase")
    parser.add_argument("--think-ms", type=float, default=500, help="paced callers' pause before each key")
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    return parser.parse_args(argv)


def run_phase(server: Server, name: str, phase: str, options, token: str, client) -> Run:
    """Callers against ``server`` for one phase, with the CPU each part used meanwhile."""
    start = time.monotonic() + START_DELAY
    window = (start + options.warmup, start + options.warmup + options.seconds)
    think = options.think_ms / 1000 if phase == PACED else 0.0
    first_caller = PHASES.index(phase) * options.callers  # new documents in each phase
    plan = workload.Plan(server.base_url, token, start, window[1], think, first_caller)
    probes = {
        "server": lambda: tree_cpu_seconds([server.pid]),
        "generator": lambda: tree_cpu_seconds(p.pid for p in multiprocessing.active_children()),
        "redis": lambda: Snapshot.take(client).cpu_seconds,
        "machine": machine_busy_seconds,
    }
    samples, outcomes, cpu = workload.drive(plan, options.callers, options.processes,
                                            lambda: used_between(*window, probes))
    return Run(name, phase, summarise(samples, *window), dict(outcomes), samples, cpu)


def serve_and_run(name: str, target: str, env: dict, options, log_dir: Path, client) -> list[Run]:
    """Both phases against one server."""
    with gunicorn(target, env, log_dir / f"{name}.log") as server:
        return [run_phase(server, name, phase, options, env["TWILIO_AUTH_TOKEN"], client)
                for phase in PHASES]


def main(argv=None) -> int:
    """Measure the line and the ceiling, print the report; 1 if any webhook failed or a phase answered none."""
    options = parse(argv)
    load_average = os.getloadavg()[0]
    with bench_redis(options.redis_url) as (url, client), tempfile.TemporaryDirectory() as logs:
        env = {"REDIS_URL": url, "TWILIO_AUTH_TOKEN": secrets.token_hex(16), "SECRET_KEY": secrets.token_hex(32)}
        before = Snapshot.take(client)
        line = serve_and_run("line", "bench.instrumented:app", env, options, Path(logs), client)
        redis = Usage.between(before, Snapshot.take(client))
        bookings = sum(1 for _ in client.scan_iter("rop:{ledger}:booking:*", count=1000))
        size = {"CEILING_TWIML_BYTES": str(round(line[0].summary.mean_bytes))}
        ceiling = serve_and_run("ceiling", "bench.ceiling_app:app", {**env, **size}, options, Path(logs), client)
        version = client.info("server")["redis_version"]
    silent = [f"{run.server} {run.phase}" for run in line + ceiling if not run.summary.webhooks]
    if silent:  # nothing to divide by: a machine too busy for the phase's seconds
        print(f"No webhook was answered in: {', '.join(silent)}; run longer phases (--seconds).")
        return 1
    extras = load_report.LineExtras(redis, bookings, version, load_average)
    print(load_report.render(options, line, ceiling, extras))
    return 1 if any(run.summary.errors for run in line + ceiling) else 0


if __name__ == "__main__":
    sys.exit(main())

"""The load benchmark's report, in Markdown: throughput, latency, CPU, ratio, round trips, targets."""
import os
import platform
import statistics
from collections import Counter
from dataclasses import dataclass

from bench.redis_usage import Usage
from bench.servers import CONFIG, settings
from bench.stats import ROUND_TRIP_TARGET, table
from bench.workload import OUTCOMES

RATIO_TARGET, P99_TARGET_MS = 0.6, 50.0  # the ratio of issue 18 (0.5 before)
CPU_PARTS = ("server", "generator", "redis")
TOP_COMMANDS = 12


@dataclass(frozen=True)
class LineExtras:
    """What the line's Redis did over both phases, and what it holds afterwards."""

    redis: Usage
    bookings: int
    redis_version: str
    load_average_before: float  # the machine's 1-minute load average when the benchmark started


def render(options, line: list, ceiling: list, extras: LineExtras) -> str:
    """The whole report; ``line`` and ``ceiling`` hold a no-pause and a paced run each."""
    made = settings(CONFIG)
    ratio = line[0].summary.rate / ceiling[0].summary.rate
    trips = [s.round_trips for run in line for s in run.all_samples if s.round_trips is not None]
    by_webhook = trips_by_webhook([s for run in line for s in run.all_samples])
    return "\n\n".join([
        f"### {options.callers} callers; each phase {options.seconds:g} s measured after {options.warmup:g} s; "
        f"paced callers wait {options.think_ms:g} ms before each key",
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, gunicorn {made['workers']} "
        f"{made['worker_class']} workers, Redis {extras.redis_version}, {options.processes} load-generator "
        f"processes on the same machine; 1-minute load average {extras.load_average_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after",
        runs_table(line + ceiling),
        f"Throughput ratio line / ceiling (no pauses): **{ratio:.2f}**",
        round_trips(trips, by_webhook),
        calls_table(line),
        f"Bookings in the ledger afterwards: {extras.bookings}",
        redis_work(extras.redis, sum(len(run.all_samples) for run in line)),
        verdict(ratio, line[1].summary.latency(0.99), trips, by_webhook),
    ])


def runs_table(runs: list) -> str:
    """Webhooks per second, latency and CPU per webhook, for every server and phase."""
    rows = []
    for run in runs:
        s, cores = run.summary, os.cpu_count() * run.summary.seconds
        ours = sum(run.cpu[part] for part in CPU_PARTS)
        rows.append([run.server, run.phase, s.webhooks, s.rate, s.latency(0.5), s.latency(0.95),
                     s.latency(0.99), max(s.latencies_ms, default=0.0), s.errors,
                     *(run.cpu[part] / s.webhooks * 1000 for part in CPU_PARTS),
                     f"{ours / cores:.0%}", f"{max(run.cpu['machine'] - ours, 0) / cores:.0%}"])
    header = ["server", "phase", "webhooks", "webhooks/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors",
              "server CPU ms/webhook", "generator CPU ms/webhook", "Redis CPU ms/webhook",
              "cores busy: benchmark", "cores busy: other processes"]
    return table(header, rows)


def trips_by_webhook(samples: list) -> dict[str, list[int]]:
    """The round trips counted at each webhook of a call ("booking #18"), in call order."""
    by_webhook = {}
    for sample in samples:
        if sample.round_trips is not None:
            by_webhook.setdefault(sample.webhook, []).append(sample.round_trips)
    return dict(sorted(by_webhook.items(), key=lambda item: _call_order(item[0])))


def _call_order(webhook: str) -> tuple[str, int]:
    kind, _, number = webhook.partition(" #")
    return kind, int(number)


def round_trips(trips: list[int], by_webhook: dict[str, list[int]]) -> str:
    """Redis round trips per webhook; the webhooks that ever exceed the budget, usually and at most.

    A webhook's first use on a new Redis connection adds the connection's handshake, and a
    script's first use loads it: those are the rare maxima above the usual count.
    """
    spread = ", ".join(f"{n}: {c}" for n, c in sorted(Counter(trips).items()))
    rows = [[webhook, statistics.mode(counts), max(counts), len(counts)]
            for webhook, counts in by_webhook.items() if max(counts) > ROUND_TRIP_TARGET]
    return (f"Redis round trips per webhook: mean **{statistics.fmean(trips):.2f}**, max {max(trips)}; "
            f"webhooks by round trips: {spread}\n\n"
            + table(["webhook (call #n)", "usual round trips", "most", "webhooks"], rows))


def calls_table(line: list) -> str:
    """How the line's calls went, by kind, over both phases."""
    outcomes = sum((Counter(run.outcomes) for run in line), Counter())
    kinds = sorted({kind for kind, _ in outcomes})
    return table(["call", *OUTCOMES], [[kind, *(outcomes[(kind, o)] for o in OUTCOMES)] for kind in kinds])


def redis_work(usage: Usage, webhooks: int) -> str:
    """The Redis server's CPU and commands per webhook over the line's run."""
    return (f"Redis server over the line's run: {usage.cpu_seconds / webhooks * 1e6:.0f} µs CPU and "
            f"{usage.calls() / webhooks:.1f} commands per webhook ({webhooks} webhooks)\n\n"
            + usage.command_table(webhooks, "webhook", TOP_COMMANDS))


def verdict(ratio: float, paced_p99: float, trips: list[int], by_webhook: dict[str, list[int]]) -> str:
    """Each target, met or missed (round trips: the worst webhook's usual count)."""
    worst = max(statistics.mode(counts) for counts in by_webhook.values())
    marks = [(f"throughput ratio >= {RATIO_TARGET}", ratio >= RATIO_TARGET, f"{ratio:.2f}"),
             (f"p99 <= {P99_TARGET_MS:g} ms (paced)", paced_p99 <= P99_TARGET_MS, f"{paced_p99:.1f} ms"),
             (f"<= {ROUND_TRIP_TARGET} Redis round trips per webhook", worst <= ROUND_TRIP_TARGET,
              f"worst webhook usually {worst}; mean {statistics.fmean(trips):.2f}")]
    return table(["target", "met", "measured"], [[name, "yes" if ok else "NO", got] for name, ok, got in marks])

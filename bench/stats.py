"""Percentiles and the Markdown tables the benchmarks print (pasted into docs/PERFORMANCE.md)."""
import math
import statistics
from dataclasses import dataclass

ROUND_TRIP_TARGET = 3


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (``fraction`` 0.99 is p99); NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


@dataclass(frozen=True)
class Summary:
    """Webhooks answered in a measuring window: rate, latency, errors and Redis round trips."""

    webhooks: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    round_trips: list[int]
    mean_bytes: float

    @property
    def rate(self) -> float:
        """Webhooks answered per second."""
        return self.webhooks / self.seconds

    def latency(self, fraction: float) -> float:
        """A latency percentile in milliseconds."""
        return percentile(self.latencies_ms, fraction)


def summarise(samples, start: float, end: float) -> Summary:
    """The samples answered between ``start`` and ``end`` (monotonic seconds)."""
    kept = [s for s in samples if start <= s.ended < end]
    trips = [s.round_trips for s in kept if s.round_trips is not None]
    voice = [s.size for s in kept if s.path.startswith("/voice?") or s.path == "/voice"]
    return Summary(
        webhooks=len(kept), seconds=end - start,
        latencies_ms=[s.seconds * 1000 for s in kept],
        errors=sum(1 for s in kept if s.status != 200),
        round_trips=trips, mean_bytes=statistics.fmean(voice) if voice else 0.0,
    )


def table(header: list[str], rows: list[list]) -> str:
    """A Markdown table; floats with one decimal."""
    cells = [[f"{c:.1f}" if isinstance(c, float) else str(c) for c in row] for row in rows]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in cells])

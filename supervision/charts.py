"""The geometry of the dashboard's bars; the templates draw each as a small inline SVG (no scripts).

A bar is a track 100 units wide that stretches to the page's width (phones included): the
widths below are shares of the busiest row, and the parts of one bar are laid end to end.
"""
from dataclasses import dataclass

from supervision.stats import FlowFunnel, StepCount

TRACK = 100


@dataclass(frozen=True)
class Part:
    """One coloured stretch of a bar (``kind`` is its CSS class)."""

    kind: str
    x: float
    width: float


@dataclass(frozen=True)
class StepBar:
    """One step of a funnel: the calls that reached it; of those, the ones that ended there."""

    row: StepCount
    done: int
    dropped: int
    on_line: int
    parts: tuple[Part, ...]

    @property
    def went_on(self) -> int:
        """The calls that reached this step and went on past it."""
        return self.row.reached - self.row.left


def _share(count: int, most: int) -> float:
    return round(TRACK * count / most, 2) if most else 0.0


def _parts(counts: list[tuple[str, int]], most: int) -> tuple[Part, ...]:
    """Stretches laid end to end, each as wide as its count's share of ``most``; empty ones left out."""
    parts, x = [], 0.0
    for kind, count in counts:
        width = _share(count, most)
        if width:
            parts.append(Part(kind, round(x, 2), width))
            x += width
    return tuple(parts)


def step_bars(flow: FlowFunnel, successes: frozenset[str]) -> list[StepBar]:
    """The bars of one flow's funnel, scaled to its busiest step: dropped, done, on the line, went on."""
    most = max((row.reached for row in flow.rows), default=0)
    bars = []
    for row in flow.rows:
        split = row.split(successes)
        counts = [("dropped", split["dropped"]), ("done", split["done"]), ("on-line", split["on_line"]),
                  ("went-on", row.reached - row.left)]
        bars.append(StepBar(row, split["done"], split["dropped"], split["on_line"], _parts(counts, most)))
    return bars


def hour_widths(counts: list[int]) -> list[float]:
    """Each hour's bar width, scaled to the busiest hour."""
    most = max(counts, default=0)
    return [_share(count, most) for count in counts]

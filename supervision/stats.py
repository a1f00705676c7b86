"""Where callers go and where they leave: the drop-off funnel and the calls per hour of a day."""
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from supervision.calls import calls_started_on, steps_reached, summaries
from supervision.clock import hk_time

# Where a call left when it failed before its first turn was logged.
NO_STEP = "(before the first prompt)"


@dataclass
class StepCount:
    """The calls of a day that reached one step, and those that left the line there by outcome."""

    step: str
    reached: int = 0
    left: int = 0
    outcomes: Counter = field(default_factory=Counter)

    @property
    def left_share(self) -> float:
        """The share of the calls reaching this step that ended here."""
        return self.left / self.reached if self.reached else 0.0

    def as_json(self) -> dict:
        """The row as JSON-ready values."""
        return {"step": self.step, "reached": self.reached, "left": self.left, "outcomes": dict(self.outcomes)}


def funnel(client, day: dt.date) -> list[StepCount]:
    """Per step, the day's calls that reached it and those whose last step it was; busiest first."""
    sids = [sid for sid, _ in calls_started_on(client, day)]
    calls = {summary.sid: summary for summary in summaries(client, sids)}
    rows: dict[str, StepCount] = {}
    for sid, steps in zip(sids, steps_reached(client, sids)):
        if sid not in calls:
            continue  # its log expired between the two reads
        summary = calls[sid]
        where = summary.last_step or NO_STEP
        for step in steps | {where}:
            rows.setdefault(step, StepCount(step)).reached += 1
        rows[where].left += 1
        rows[where].outcomes[summary.outcome] += 1
    return sorted(rows.values(), key=lambda row: (-row.reached, row.step))


def calls_per_hour(client, day: dt.date) -> list[int]:
    """How many calls started in each hour (0 to 23) of a Hong Kong day."""
    counts = [0] * 24
    for _, started in calls_started_on(client, day):
        counts[hk_time(started).hour] += 1
    return counts

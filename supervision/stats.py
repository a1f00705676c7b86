"""Where callers go and where they leave: the funnel of each flow, and a day's report."""
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ivr.flowspec import Machine
from languages import LINE, Languages
from supervision import labels
from supervision.calls import IN_PROGRESS, CallSummary, calls_started_on, steps_reached, summaries
from supervision.clock import hk_time


@dataclass
class StepCount:
    """The calls of a day that reached one step, and those that left the line there by outcome."""

    step: str
    reached: int = 0
    outcomes: Counter = field(default_factory=Counter)

    @property
    def left(self) -> int:
        """How many calls ended at this step, however they ended."""
        return sum(self.outcomes.values())

    def ended(self, outcomes: frozenset[str]) -> int:
        """How many calls ended here with one of ``outcomes``."""
        return sum(count for outcome, count in self.outcomes.items() if outcome in outcomes)

    def split(self, successes: frozenset[str]) -> dict[str, int]:
        """The calls that ended here: done (a success), dropped (gave up, hung up, failed), still on the line."""
        on_line = self.outcomes[IN_PROGRESS]
        done = self.ended(successes)
        return {"done": done, "dropped": self.left - done - on_line, "on_line": on_line}

    def as_json(self, successes: frozenset[str]) -> dict:
        """The row as JSON-ready values: ids and their labels."""
        return {"step": self.step, "label": labels.step_label(self.step), "reached": self.reached,
                "left": self.left, **self.split(successes), "outcomes": dict(self.outcomes)}


@dataclass
class FlowFunnel:
    """One flow's steps in flow order, with the calls that entered the flow."""

    flow: str
    calls: int
    rows: list[StepCount]

    @property
    def label(self) -> str:
        """The flow's label."""
        return labels.flow_label(self.flow)

    def as_json(self, successes: frozenset[str]) -> dict:
        """The flow as JSON-ready values."""
        return {"flow": self.flow, "label": self.label, "calls": self.calls,
                "steps": [row.as_json(successes) for row in self.rows]}


def funnel(client, day: dt.date, machine: Machine) -> list[FlowFunnel]:
    """Per flow, the day's calls that entered it and, per step in flow order, those that reached and left it."""
    order = labels.flow_order(machine)
    rows: dict[str, StepCount] = {}
    entered: Counter = Counter()
    for summary, steps in _calls_of(client, day):
        where = summary.last_step or labels.NO_STEP
        for step in steps | {where}:
            rows.setdefault(step, StepCount(step)).reached += 1
        rows[where].outcomes[summary.outcome] += 1
        entered.update({_flow(step) for step in steps | {where}})
    flows = sorted(entered, key=lambda flow: _flow_rank(flow, order))
    return [FlowFunnel(flow, entered[flow],
                       sorted((row for row in rows.values() if _flow(row.step) == flow),
                              key=lambda row: (order.get(row.step, len(order)), row.step)))
            for flow in flows]


def calls_per_hour(client, day: dt.date) -> list[int]:
    """How many calls started in each hour (0 to 23) of a Hong Kong day."""
    counts = [0] * 24
    for _, started in calls_started_on(client, day):
        counts[hk_time(started).hour] += 1
    return counts


@dataclass(frozen=True)
class Measure:
    """One line of the day report: the calls that ended with one of ``outcomes`` (None: every call)."""

    name: str
    label: str
    short: str  # a column heading
    outcomes: frozenset[str] | None

    def counts(self, call: CallSummary) -> bool:
        """Whether ``call`` counts towards this measure."""
        return self.outcomes is None or call.outcome in self.outcomes


def _measure(name: str, label: str, short: str, *outcomes: str) -> Measure:
    return Measure(name, label, short, frozenset(outcomes) if outcomes else None)


MEASURES = (
    _measure("calls", "Calls", "Calls"),
    _measure("booked", "Bookings", "Booked", "booked"),
    _measure("changed", "Changes", "Changed", "changed"),
    _measure("cancelled", "Cancellations", "Cancelled", "cancelled"),
    _measure("enquired", "Enquiries", "Enquired", "enquired"),
    _measure("information", "Information only", "Info", "information"),
    _measure("gave_up", "Gave up after 3 tries", "Gave up", "gave_up"),
    _measure("caller_hung_up", "Caller hung up", "Hung up", "caller_hung_up"),
    _measure("apologies", "Apologies (the line failed)", "Apologies", "error"),
    _measure("in_progress", "Still on the line", "On line", IN_PROGRESS),
)


@dataclass
class DayReport:
    """A day's calls counted by outcome, in total, per language chosen and per hour started."""

    day: dt.date
    total: Counter = field(default_factory=Counter)
    languages: dict[str, Counter] = field(default_factory=dict)
    hours: list[Counter] = field(default_factory=lambda: [Counter() for _ in range(24)])

    def add(self, call: CallSummary) -> None:
        """Count one call."""
        counted = [measure.name for measure in MEASURES if measure.counts(call)]
        self.total.update(counted)
        self.languages.setdefault(call.language or labels.NO_LANGUAGE, Counter()).update(counted)
        self.hours[call.started_at.hour].update(counted)

    def as_json(self, languages: Languages = LINE) -> dict:
        """The report as JSON-ready values: every measure in total, per language (in ``languages``' order) and per hour."""
        def measured(counts: Counter) -> dict:
            return {measure.name: counts[measure.name] for measure in MEASURES}
        return {"date": self.day.isoformat(), "labels": {measure.name: measure.label for measure in MEASURES},
                "total": measured(self.total),
                "by_language": {language: measured(self.languages[language])
                                for language in labels.language_order(self.languages, languages)},
                "by_hour": [{"hour": f"{hour:02d}:00", **measured(counts)} for hour, counts in enumerate(self.hours)]}


def day_report(client, day: dt.date) -> DayReport:
    """The report of the calls that started on a Hong Kong day."""
    report = DayReport(day)
    sids = [sid for sid, _ in calls_started_on(client, day)]
    for call in summaries(client, sids):
        report.add(call)
    return report


def _calls_of(client, day: dt.date):
    """(summary, steps reached) of each call that started on ``day`` and is still in the log."""
    sids = [sid for sid, _ in calls_started_on(client, day)]
    calls = {summary.sid: summary for summary in summaries(client, sids)}
    for sid, steps in zip(sids, steps_reached(client, sids)):
        if sid in calls:  # else its log expired between the two reads
            yield calls[sid], steps


def _flow(step: str) -> str:
    # A call that failed before its first prompt never left the start of the call.
    return "main" if step == labels.NO_STEP else labels.flow_of(step)


def _flow_rank(flow: str, order: dict[str, int]) -> tuple[int, str]:
    places = [place for step, place in order.items() if labels.flow_of(step) == flow]
    return (min(places) if places else len(order), flow)

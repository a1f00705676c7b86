"""A logged call as the caller lived it: each prompt, each silence and each key, in order.

The log keeps, per turn, what the line said and the keys that led to it. The silence before a
key is the time between two webhooks less the time the line spent speaking; a turn without
keys is a Gather that waited its whole timeout.
"""
from dataclasses import asdict, dataclass

from ivr.speech import speech_seconds
from languages import LINE, Languages
from supervision.calls import CallSummary
from supervision.labels import EVENT_LABELS, outcome_label, step_label

# Gaps shorter than this are the network and the app at work, not a caller thinking.
MIN_SILENCE = 0.1
# No input is a moment of its own, the silence; every other event is a note.
SHOWN_AS_SILENCE = "no_input"


@dataclass(frozen=True)
class Moment:
    """One thing that happened on the call: a prompt, a silence, keys, or a note."""

    kind: str
    offset: float
    seconds: float
    step: str | None
    text: str = ""
    language: str | None = None
    prompt: str | None = None

    @property
    def step_label(self) -> str:
        """The step's label."""
        return step_label(self.step)

    def as_json(self) -> dict:
        """The moment as JSON-ready values, the step's label too."""
        return {**asdict(self), "step_label": self.step_label}


class _Timeline:
    """Moments laid end to end on the caller's clock."""

    def __init__(self, languages: Languages):
        self.moments: list[Moment] = []
        self.offset, self.languages = 0.0, languages

    def add(self, kind: str, seconds: float, step: str | None, **details) -> None:
        """Append a moment that starts where the previous one ended."""
        self.moments.append(Moment(kind, round(self.offset, 1), round(seconds, 1), step, **details))
        self.offset += seconds

    def spoken_seconds(self, said: list[dict]) -> float:
        """How long the line took to say the prompts of one turn, at each language's rate."""
        return sum(speech_seconds(item["text"], item["language"], self.languages) for item in said)


def replay(turns: list[dict], summary: CallSummary | None, gather_timeout: float,
           languages: Languages = LINE) -> list[Moment]:
    """The moments of a logged call in order, timed as the caller lived them."""
    timeline, previous = _Timeline(languages), None
    for record in turns:
        failed_at_a_step = record.get("turn") is None and record.get("step")
        if previous is not None and (record.get("turn") is not None or failed_at_a_step):
            _answer(timeline, previous, record, gather_timeout)
        for event in record.get("events", []):
            if event in EVENT_LABELS and event != SHOWN_AS_SILENCE:
                timeline.add("note", 0, record.get("from_step") or record.get("step"), text=EVENT_LABELS[event])
        for said in record.get("said", []):
            timeline.add("prompt", timeline.spoken_seconds([said]), record["step"], text=said["text"],
                         language=said["language"], prompt=said["prompt"])
        previous = record
    if previous is not None:
        _ending(timeline, previous, summary)
    return timeline.moments


def _answer(timeline: _Timeline, previous: dict, record: dict, gather_timeout: float) -> None:
    """The caller's side between two turns: a silence, then the keys (or none)."""
    step = previous["step"]
    if "no_input" in record.get("events", []) or not record.get("keys"):
        timeline.add("silence", gather_timeout, step, text="no input")
        return
    waited = record["at"] - previous["at"] - timeline.spoken_seconds(previous.get("said", []))
    if waited >= MIN_SILENCE:
        timeline.add("silence", waited, step)
    timeline.add("keys", 0, step, text=record["keys"])


def _ending(timeline: _Timeline, last: dict, summary: CallSummary | None) -> None:
    """How the call ended: the line hung up, or the caller did (after a last silence)."""
    step = last.get("step") or (summary.last_step if summary else None)
    if summary is None or not (last.get("hangup") or summary.status):
        timeline.add("note", 0, step, text="no end reported yet: the call may still be in progress")
        return
    if last.get("hangup"):
        timeline.add("note", 0, step, text=f"the line ended the call ({outcome_label(summary.outcome)})")
        return
    if summary.ended_at:
        waited = summary.ended_at - last["at"] - timeline.spoken_seconds(last.get("said", []))
        if waited >= MIN_SILENCE:
            timeline.add("silence", waited, step)
    timeline.add("note", 0, step, text=f"the caller hung up ({outcome_label(summary.outcome)})")

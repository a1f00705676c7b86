"""Reading the call log: calls by start time or outcome, one call's summary and turns."""
import datetime as dt
import json
from dataclasses import asdict, dataclass

from languages import LINE, Languages
from store import keys
from supervision import labels
from supervision.clock import day_bounds, hk_time

IN_PROGRESS = "in_progress"
# How calls end (SPEC §5); a call is IN_PROGRESS until it reaches one.
OUTCOMES = ("booked", "enquired", "changed", "cancelled", "information", "gave_up", "caller_hung_up", "error")
# Pipelined reads go in batches, so a busy day never builds one huge reply.
BATCH = 500
# The highest page a list is asked for (by a typed page number): far past what the log keeps, and
# its offset still one Redis takes (a larger one is refused, which would read as an outage).
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class CallSummary:
    """What the log knows of one call as a whole."""

    sid: str
    started: float
    caller: str
    language: str
    last_step: str
    outcome: str
    turns: int
    duration: int | None
    status: str
    ended_at: float | None = None

    @classmethod
    def from_fields(cls, sid: str, fields: dict) -> "CallSummary":
        """Build from the summary hash (all strings, some fields absent)."""
        duration = fields.get("duration", "")
        return cls(sid, float(fields.get("started") or fields.get("updated") or 0),
                   fields.get("caller", ""), fields.get("language", ""), fields.get("last_step", ""),
                   fields.get("outcome") or IN_PROGRESS, int(fields.get("turns") or 0),
                   int(duration) if duration.isdigit() else None, fields.get("status", ""),
                   float(fields["ended"]) if fields.get("ended") else None)

    @property
    def started_at(self) -> dt.datetime:
        """The start of the call in Hong Kong time."""
        return hk_time(self.started)

    @property
    def ended_at_hk(self) -> dt.datetime | None:
        """The end of the call in Hong Kong time, once Twilio reported it."""
        return hk_time(self.ended_at) if self.ended_at else None

    def as_json(self, languages: Languages = LINE) -> dict:
        """The summary as JSON-ready values: times in ISO 8601 (Hong Kong), ids with their labels."""
        ended = self.ended_at_hk
        return {**asdict(self), "started": self.started_at.isoformat(),
                "ended_at": ended.isoformat() if ended else None,
                "language_label": labels.language_label(self.language, languages),
                "last_step_label": labels.step_label(self.last_step),
                "outcome_label": labels.outcome_label(self.outcome)}


@dataclass(frozen=True)
class CallQuery:
    """Which calls to list: started in [since, until), ended with an outcome, or left at a step."""

    since: float | None = None
    until: float | None = None
    outcome: str | None = None
    step: str | None = None

    def matches(self, call: CallSummary) -> bool:
        """Whether a call passes the outcome and step filters."""
        return ((not self.outcome or call.outcome == self.outcome)
                and (not self.step or (call.last_step or labels.NO_STEP) == self.step))


@dataclass(frozen=True)
class CallPage:
    """One page of the calls a query matches, newest first, and how many match in all."""

    calls: list[CallSummary]
    total: int
    offset: int


def find_calls(client, query: CallQuery, offset: int = 0, limit: int = 50) -> CallPage:
    """The page of calls at ``offset`` (at most ``limit``) that ``query`` matches, newest first."""
    low = query.since if query.since is not None else "-inf"
    high = f"({query.until}" if query.until is not None else "+inf"
    if query.outcome in OUTCOMES and not (query.step or query.until):
        # Only an outcome and a start: its index answers directly (scored by when calls ended).
        index = keys.calls_by_outcome(query.outcome)
        total = client.zcount(index, low, high)
        sids = client.zrevrangebyscore(index, high, low, start=offset, num=limit)
        return CallPage(summaries(client, sids), total, offset)
    if not (query.outcome or query.step):
        total = client.zcount(keys.calls_by_time(), low, high)
        sids = client.zrevrangebyscore(keys.calls_by_time(), high, low, start=offset, num=limit)
        return CallPage(summaries(client, sids), total, offset)
    # A step (or an outcome within a time span) is in each call's summary: read them all.
    matching = [call for call in summaries(client, client.zrevrangebyscore(keys.calls_by_time(), high, low))
                if query.matches(call)]
    return CallPage(matching[offset:offset + limit], len(matching), offset)


def list_calls(client, since: float | None = None, outcome: str | None = None,
               limit: int = 50) -> list[CallSummary]:
    """The newest calls (at most ``limit``) since a time, all or only those with ``outcome``."""
    return find_calls(client, CallQuery(since, outcome=outcome), 0, limit).calls


def summaries(client, sids: list[str]) -> list[CallSummary]:
    """The summaries of ``sids``, in order, without those whose log has expired."""
    replies = _pipelined(client, sids, lambda pipeline, sid: pipeline.hgetall(keys.call_summary(sid)))
    return [CallSummary.from_fields(sid, fields) for sid, fields in zip(sids, replies) if fields]


def call_summary(client, sid: str) -> CallSummary | None:
    """One call's summary, or None when it is unknown or expired."""
    fields = client.hgetall(keys.call_summary(sid))
    return CallSummary.from_fields(sid, fields) if fields else None


def call_turns(client, sid: str) -> list[dict]:
    """One call's turn records (see ``ivr.turnlog``), oldest first."""
    return [json.loads(fields["record"]) for _, fields in client.xrange(keys.call_turns(sid))]


def calls_started_on(client, day: dt.date) -> list[tuple[str, float]]:
    """(CallSid, start time) of the calls that started on a Hong Kong day, oldest first."""
    start, end = day_bounds(day)
    # The end bound is exclusive: a call at midnight belongs to the next day.
    return client.zrangebyscore(keys.calls_by_time(), start, f"({end}", withscores=True)


def steps_reached(client, sids: list[str]) -> list[set[str]]:
    """For each call of ``sids``, the set of steps it reached."""
    return _pipelined(client, sids, lambda pipeline, sid: pipeline.smembers(keys.call_steps(sid)))


def _pipelined(client, sids: list[str], read) -> list:
    """The replies of ``read(pipeline, sid)`` for every sid, pipelined in batches."""
    replies = []
    for start in range(0, len(sids), BATCH):
        with client.pipeline(transaction=False) as pipeline:
            for sid in sids[start:start + BATCH]:
                read(pipeline, sid)
            replies += pipeline.execute()
    return replies

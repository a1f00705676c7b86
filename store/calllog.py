"""The call log's writer: every webhook turn of every call, kept for a retention period.

A call's turns are a Redis stream, its summary a hash and the steps it reached a set, all
tagged with the CallSid so one call's keys share a hash slot. Two kinds of sorted set index
the calls: by start time, and per outcome by the time the call ended. Every key expires after
the retention period and the indexes are trimmed on each write, so nothing outlives it.
Records arrive already masked (``ivr.turnlog``): document numbers, birth dates and enquiry
codes never reach this module.
"""
import json
import logging
import time

import redis

from store import keys

log = logging.getLogger(__name__)

DAY_SECONDS = 86400
# A looping call must not grow its stream without bound; no real call comes near this.
MAX_TURNS_KEPT = 1000
NO_OUTCOME = "caller_hung_up"
ERROR_OUTCOME = "error"


def retention_seconds(retention_days: float) -> int:
    """The retention period in seconds."""
    return int(retention_days * DAY_SECONDS)


def record_turn(pipeline, record: dict, retention_days: float) -> None:
    """Queue one turn's record (see ``ivr.turnlog``) and the call's summary on ``pipeline``."""
    sid, now, ttl = record["sid"], record["at"], retention_seconds(retention_days)
    _append(pipeline, sid, record)
    pipeline.sadd(keys.call_steps(sid), record["step"])
    pipeline.hset(keys.call_summary(sid), mapping=_summary_fields(record))
    if record["turn"] == 0:
        _index(pipeline, keys.calls_by_time(), sid, now, ttl)
        # The first turn creates the call's keys; later writes keep their expiry, so the log
        # is kept for the retention period from the call's start (a call lasts hours at most).
        _expire_call(pipeline, sid, ttl)
    if record.get("hangup") and record.get("outcome"):
        # The line ended the call: its outcome is final even if no status callback ever comes.
        _index(pipeline, keys.calls_by_outcome(record["outcome"]), sid, now, ttl)


def record_end(client, call_sid: str, status: str, duration: str, retention_days: float) -> None:
    """Record Twilio's end of call (status and duration) and index the call by its outcome."""
    summary_key = keys.call_summary(call_sid)
    summary = client.hgetall(summary_key)
    if not summary:
        log.info("call %s ended with no logged turn (or its log expired)", call_sid)
        return
    # A call that ended before reaching any outcome was left by the caller mid-step.
    outcome = summary.get("outcome") or NO_OUTCOME
    ended = {"status": status, "duration": duration, "outcome": outcome, "ended": time.time()}
    with client.pipeline(transaction=False) as pipeline:
        pipeline.hset(summary_key, mapping=ended)
        _index(pipeline, keys.calls_by_outcome(outcome), call_sid, ended["ended"], retention_seconds(retention_days))
        pipeline.execute()


def record_error(client, call_sid: str, retention_days: float, step: str | None = None,
                 pressed: str | None = None, said: list | None = None) -> None:
    """Record that a webhook failed on this call: at ``step`` the caller pressed ``pressed`` (masked),
    heard the apology (``said``) and the line hung up."""
    if not call_sid:
        return
    now, ttl = time.time(), retention_seconds(retention_days)
    record = {"sid": call_sid, "at": now, "turn": None, "from_step": step, "step": step, "keys": pressed,
              "said": said or [], "events": [ERROR_OUTCOME], "outcome": ERROR_OUTCOME, "hangup": True}
    try:
        with client.pipeline(transaction=False) as pipeline:
            _append(pipeline, call_sid, record)
            # A call that failed on its very first webhook has no summary yet: start one.
            pipeline.hsetnx(keys.call_summary(call_sid), "started", now)
            pipeline.hset(keys.call_summary(call_sid), mapping={"outcome": ERROR_OUTCOME, "updated": now})
            _index(pipeline, keys.calls_by_time(), call_sid, now, ttl)
            _index(pipeline, keys.calls_by_outcome(ERROR_OUTCOME), call_sid, now, ttl)
            _expire_call(pipeline, call_sid, ttl)
            pipeline.execute()
    except redis.RedisError:
        # Called while apologising for a failure: a second failure must not stop the apology.
        log.warning("call %s: could not log the webhook failure", call_sid, exc_info=True)


def _append(pipeline, sid: str, record: dict) -> None:
    turns = keys.call_turns(sid)
    pipeline.xadd(turns, {"record": json.dumps(record, ensure_ascii=False)}, maxlen=MAX_TURNS_KEPT)


def _summary_fields(record: dict) -> dict:
    """What one turn changes in the call's summary hash."""
    fields = {"last_step": record["step"], "turns": record["turn"] + 1, "updated": record["at"]}
    if record["turn"] == 0:
        fields.update(started=record["at"], caller=record.get("caller") or "")
    for name in ("language", "outcome"):
        if record.get(name):
            fields[name] = record[name]
    return fields


def _index(pipeline, index: str, sid: str, score: float, ttl: int) -> None:
    """Add ``sid`` to an index (an earlier score stays), drop entries past retention."""
    pipeline.zadd(index, {sid: score}, nx=True)
    pipeline.zremrangebyscore(index, "-inf", score - ttl)
    # An index nobody writes to any more (say, a rare outcome) still goes after retention.
    pipeline.expire(index, ttl)


def _expire_call(pipeline, sid: str, ttl: int) -> None:
    for key in (keys.call_turns(sid), keys.call_summary(sid), keys.call_steps(sid)):
        pipeline.expire(key, ttl)

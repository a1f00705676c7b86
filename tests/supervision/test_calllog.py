"""The call log: scripted calls land in it, indexed by time and outcome, and expire."""
import datetime as dt
import json
import re
import time

import pytest

from store import keys
from store import calllog
from supervision.calls import call_summary, call_turns, list_calls
from tests.supervision.helpers import INFORMATION_CALL, SILENT_CALL, scripted_call

DAY = 86400


def test_a_scripted_call_appears_in_calls_list(app, runner):
    sid, transcript = scripted_call(app, INFORMATION_CALL)
    result = runner.invoke(args=["calls", "list"])
    assert result.exit_code == 0
    header, line, total = result.output.splitlines()
    assert re.split(r"\s{2,}", header) == ["Started (HK)", "Call", "Language", "Outcome", "Last step", "Turns",
                                           "Duration", "Caller"]
    assert sid in line and "Heard information" in line and "Information · Other information" in line
    assert "*********567" in line and f"{transcript.duration} s" in line
    assert total == "Calls 1-1 of 1, newest first."


def test_calls_list_json_carries_the_summary_and_the_duration_from_the_status_callback(app, runner):
    sid, transcript = scripted_call(app, INFORMATION_CALL)
    (call,) = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)
    assert {key: call[key] for key in ("sid", "language", "last_step", "outcome", "turns", "duration", "status")} == {
        "sid": sid, "language": "en-GB", "last_step": "info.other", "outcome": "information",
        "turns": 7, "duration": transcript.duration, "status": "completed",
    }
    assert call["caller"] == "*********567"


def test_calls_are_filtered_by_outcome_and_since(app, runner):
    information, _ = scripted_call(app, INFORMATION_CALL)
    gave_up, _ = scripted_call(app, SILENT_CALL)
    hung_up, _ = scripted_call(app, ["3"])

    def listed(*options):
        return [call["sid"] for call in json.loads(runner.invoke(args=["calls", "list", "--json", *options]).output)]

    assert listed() == [hung_up, gave_up, information]
    assert listed("--outcome", "gave_up") == [gave_up]
    assert listed("--outcome", "caller_hung_up") == [hung_up]
    assert listed("--outcome", "information") == [information]
    assert listed("--since", "2999-01-01") == []
    assert listed("--since", "2000-01-01T00:00:00+08:00", "--limit", "2") == [hung_up, gave_up]
    bad = runner.invoke(args=["calls", "list", "--since", "yesterday"])
    assert bad.exit_code == 2 and "not a date (YYYY-MM-DD) or an ISO time" in bad.output


def test_the_silent_caller_gives_up_after_three_tries(app, redis_client):
    sid, _ = scripted_call(app, SILENT_CALL)
    summary = call_summary(redis_client, sid)
    assert (summary.outcome, summary.last_step, summary.turns) == ("gave_up", "main.language", 4)
    assert [turn["events"] for turn in call_turns(redis_client, sid)] == [
        [], ["no_input"], ["no_input"], ["no_input", "gave_up"]]


def test_every_key_of_a_call_expires_after_the_retention_period(app, redis_client):
    app.config["CALL_LOG_RETENTION_DAYS"] = 30
    sid, _ = scripted_call(app, INFORMATION_CALL)
    log_keys = [keys.call_turns(sid), keys.call_summary(sid), keys.call_steps(sid),
                keys.calls_by_time(), keys.calls_by_outcome("information")]
    for key in log_keys:
        assert 30 * DAY - 60 < redis_client.ttl(key) <= 30 * DAY, key


def test_indexes_drop_calls_past_retention_and_expired_logs_are_skipped(app, redis_client):
    old = {"sid": "CAold", "at": time.time() - 91 * DAY, "turn": 0, "step": "main.language", "hangup": False}
    with redis_client.pipeline() as pipeline:
        calllog.record_turn(pipeline, old, 90)
        pipeline.execute()
    assert redis_client.zscore(keys.calls_by_time(), "CAold") is not None
    gone, _ = scripted_call(app, ["3"])
    kept, _ = scripted_call(app, ["3"])
    assert redis_client.zscore(keys.calls_by_time(), "CAold") is None
    redis_client.delete(keys.call_summary(gone))  # as if its retention had just run out
    assert [call.sid for call in list_calls(redis_client)] == [kept]


def test_a_failing_webhook_is_logged_as_an_error(app, redis_client, monkeypatch):
    def fail(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.extensions["line"].engine, "handle", fail)
    sid, transcript = scripted_call(app, ["3"])
    assert "technical problem" in transcript.heard[-1]
    summary = call_summary(redis_client, sid)
    assert (summary.outcome, summary.last_step, summary.status) == ("error", "main.language", "completed")
    assert [call.sid for call in list_calls(redis_client, outcome="error")] == [sid]
    assert call_turns(redis_client, sid)[-1]["events"] == ["error"]


def test_a_call_failing_on_its_first_webhook_is_still_listed(app, redis_client, monkeypatch):
    def fail(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.extensions["line"].engine, "start", fail)
    sid, _ = scripted_call(app, [])
    (call,) = list_calls(redis_client)
    assert (call.sid, call.outcome, call.turns) == (sid, "error", 0)


def test_calls_list_json_gives_every_time_in_iso_8601_hong_kong_time(app, runner, redis_client):
    sid, _ = scripted_call(app, INFORMATION_CALL)
    (call,) = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)
    summary = call_summary(redis_client, sid)
    started, ended = dt.datetime.fromisoformat(call["started"]), dt.datetime.fromisoformat(call["ended_at"])
    assert call["started"].endswith("+08:00") and call["ended_at"].endswith("+08:00")
    assert started.timestamp() == pytest.approx(summary.started) and ended.timestamp() == pytest.approx(summary.ended_at)
    assert started <= ended


def test_a_call_not_ended_yet_has_no_end_time(app, runner, redis_client):
    record = {"sid": "CAlive", "at": time.time(), "turn": 0, "step": "main.language", "hangup": False}
    with redis_client.pipeline() as pipeline:
        calllog.record_turn(pipeline, record, 90)
        pipeline.execute()
    (call,) = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)
    assert (call["ended_at"], call["outcome"], call["outcome_label"]) == (None, "in_progress", "Still on the line")
    scripted_call(app, ["3"])
    still_on = json.loads(runner.invoke(args=["calls", "list", "--outcome", "in_progress", "--json"]).output)
    assert [call["sid"] for call in still_on] == ["CAlive"]

"""``calls show`` and ``calls replay``: every prompt, key and silence, in the caller's order."""
import shutil
import wave

import pytest

from supervision import cli
from supervision.calls import CallSummary, call_summary, call_turns
from supervision.timeline import replay
from tests.supervision.helpers import INFORMATION_CALL, SILENT_CALL, lived, scripted_call

TIMEOUT = 6


def moments_of(app, redis_client, sid):
    return replay(call_turns(redis_client, sid), call_summary(redis_client, sid), app.config["GATHER_TIMEOUT_SECONDS"])


def as_lived(moments) -> list[tuple[str, str]]:
    """The moments in the shape of ``helpers.lived``: prompts, keys and waits for keys."""
    shown = {"prompt": lambda m: m.text, "keys": lambda m: m.text, "silence": lambda m: f"{m.seconds:.1f}"}
    return [(m.kind, shown[m.kind](m)) for m in moments if m.kind in shown]


def assert_in_order(text: str, pieces: list[str]) -> None:
    position = 0
    for piece in pieces:
        found = text.find(piece, position)
        assert found >= 0, f"{piece!r} missing after position {position}"
        position = found + len(piece)


@pytest.mark.parametrize("keys", [INFORMATION_CALL, SILENT_CALL, ["3", "", "7", "*", "6"]],
                         ids=["information", "silent", "mixed"])
def test_the_replay_is_what_the_caller_heard_pressed_and_waited_through(app, redis_client, keys):
    sid, transcript = scripted_call(app, keys)
    assert as_lived(moments_of(app, redis_client, sid)) == lived(transcript)


def test_replay_at_speed_0_prints_every_prompt_key_and_silence_in_order(app, runner):
    sid, transcript = scripted_call(app, ["3", "", "5", "1"])
    result = runner.invoke(args=["calls", "replay", sid, "--speed", "0"])
    assert result.exit_code == 0, result.output
    labels = {"prompt": "LINE  [", "keys": "KEYS  ", "silence": "WAIT  "}
    expected = []
    for kind, text in lived(transcript):
        expected += [labels[kind], f"{TIMEOUT:.1f} s of silence (no input)" if kind == "silence" else text]
    assert_in_order(result.output, expected + ["NOTE  the caller hung up (Heard information)"])


def test_replay_waits_as_long_as_the_caller_did_divided_by_the_speed(app, runner, redis_client, monkeypatch):
    sid, _ = scripted_call(app, SILENT_CALL)
    waits = []
    monkeypatch.setattr(cli, "sleep", waits.append)
    assert runner.invoke(args=["calls", "replay", sid, "--speed", "10"]).exit_code == 0
    moments = moments_of(app, redis_client, sid)
    assert waits == [pytest.approx(moment.seconds / 10) for moment in moments]
    silences = [wait for wait, moment in zip(waits, moments) if moment.kind == "silence"]
    assert silences == [pytest.approx(TIMEOUT / 10)] * 3


def test_show_lists_each_turn_with_its_keys_events_and_prompts(app, runner):
    sid, transcript = scripted_call(app, ["3", "", "5"])
    result = runner.invoke(args=["calls", "show", sid])
    assert result.exit_code == 0
    # The caller hung up in the last Gather: what it said is heard but starts no new turn.
    last = transcript.heard[sum(len(turn.heard) for turn in transcript.turns):]
    assert_in_order(result.output, [
        f"Call {sid}", "outcome: Heard information",
        "turn 0   Start of the call · Language menu", *transcript.turns[0].heard,
        "turn 1   Start of the call · Language menu -> Start of the call · Main menu  keys 3",
        *transcript.turns[1].heard,
        "turn 2   Start of the call · Main menu -> Start of the call · Main menu  keys (none)  [no key pressed]",
        *transcript.turns[2].heard,
        "turn 3   Start of the call · Main menu -> Information · Offices  keys 5", *last,
    ])


def test_an_unknown_call_is_a_clear_error(app, runner):
    result = runner.invoke(args=["calls", "show", "CAnothing"])
    assert result.exit_code == 1 and "no call CAnothing in the log" in result.output


def test_the_silence_before_a_key_is_the_gap_between_webhooks_less_the_speech():
    said = [{"prompt": "main.menu", "language": "en-GB", "text": "Press one or two now please"}]  # 6 words: 2.4 s
    turns = [
        {"turn": 0, "at": 1000.0, "step": "main.menu", "from_step": None, "keys": None, "events": [], "said": said},
        {"turn": 1, "at": 1010.0, "step": "main.menu", "from_step": "main.menu", "keys": "7",
         "events": ["wrong_input"], "said": said},
    ]
    moments = replay(turns, None, TIMEOUT)
    assert [(m.kind, m.offset, m.seconds, m.text) for m in moments] == [
        ("prompt", 0.0, 2.4, said[0]["text"]),
        ("silence", 2.4, 7.6, ""),
        ("keys", 10.0, 0.0, "7"),
        ("note", 10.0, 0.0, "wrong input"),
        ("prompt", 10.0, 2.4, said[0]["text"]),
        ("note", 12.4, 0.0, "no end reported yet: the call may still be in progress"),
    ]


def test_the_last_silence_lasts_until_the_caller_hangs_up():
    said = [{"prompt": "main.menu", "language": "en-GB", "text": "Press one or two now please"}]  # 2.4 s
    turns = [{"turn": 0, "at": 1000.0, "step": "main.menu", "from_step": None, "keys": None, "events": [],
              "said": said, "hangup": False}]
    summary = CallSummary("CA1", 1000.0, "", "en-GB", "main.menu", "caller_hung_up", 1, 6, "completed", ended_at=1006.4)
    assert [(m.kind, m.offset, m.seconds, m.text) for m in replay(turns, summary, TIMEOUT)[1:]] == [
        ("silence", 2.4, 4.0, ""),
        ("note", 6.4, 0.0, "the caller hung up (Caller hung up)"),
    ]


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed: install it with scripts/system-packages")
def test_replay_renders_the_callers_side_as_a_wav_file(app, runner, tmp_path):
    sid, _ = scripted_call(app, SILENT_CALL)
    target = tmp_path / "call.wav"
    result = runner.invoke(args=["calls", "replay", sid, "--speed", "0", "--audio", str(target)])
    assert result.exit_code == 0, result.output
    with wave.open(str(target)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
        assert (audio.getnchannels(), audio.getsampwidth(), audio.getframerate()) == (1, 2, 22050)
    # Three silences of the Gather timeout, plus some 20 prompts spoken in three languages.
    assert 3 * TIMEOUT + 60 < seconds < 600
    assert f"audio of the caller's side: {target}" in result.output


def test_replay_audio_without_espeak_ng_says_what_to_install(app, runner, tmp_path, monkeypatch):
    sid, _ = scripted_call(app, ["3"])
    monkeypatch.setattr("supervision.audio.shutil.which", lambda name: None)
    result = runner.invoke(args=["calls", "replay", sid, "--speed", "0", "--audio", str(tmp_path / "call.wav")])
    assert result.exit_code == 1
    assert "espeak-ng is not installed (apt-get install espeak-ng)" in result.output
    assert not (tmp_path / "call.wav").exists()


def test_a_failed_turn_keeps_the_key_and_the_apology_in_the_callers_language(app, runner, redis_client, monkeypatch):
    from ivr.actions import REGISTRY

    def broken(context):
        raise RuntimeError("the office catalogue is unreadable")

    monkeypatch.setitem(REGISTRY.options, "offices_today", broken)
    sid, transcript = scripted_call(app, ["3", "5"])
    apology = "Sorry, the booking line has a technical problem."
    assert transcript.heard[-1].startswith(apology)
    assert not [text for text in transcript.heard[-2:] if "技術" in text or "技术" in text]  # English only
    shown = runner.invoke(args=["calls", "show", sid]).output
    assert_in_order(shown, ["webhook failed at Start of the call · Main menu  keys 5", apology])
    moments = as_lived(moments_of(app, redis_client, sid))
    assert moments[-2][0] == "keys" and moments[-2][1] == "5"
    assert moments[-1][0] == "prompt" and moments[-1][1].startswith(apology)

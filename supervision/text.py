"""The call log as terminal text: call rows, a call's header and turns, replay lines, tables."""
from supervision.calls import CallSummary
from supervision.clock import shown
from supervision.stats import StepCount
from supervision.timeline import Moment

MOMENT_LABELS = {"prompt": "LINE", "silence": "WAIT", "keys": "KEYS", "note": "NOTE"}
BAR_WIDTH = 40


def call_row(call: CallSummary) -> str:
    """One call on one line, for ``calls list``."""
    duration = f"{call.duration} s" if call.duration is not None else "-"
    return (f"{shown(call.started)}  {call.sid}  {call.language or '-':5}  {call.outcome:14}  "
            f"{call.last_step or '-':22}  {call.turns:3} turns  {duration:>6}  {call.caller or '-'}")


def call_header(call: CallSummary) -> str:
    """What a call was, before its timeline."""
    duration = f"{call.duration} s" if call.duration is not None else "not reported yet"
    return "\n".join([
        f"Call {call.sid}, started {shown(call.started)} (Hong Kong), caller {call.caller or 'withheld'}",
        f"language {call.language or '-'}, outcome {call.outcome}, last step {call.last_step or '-'}, "
        f"{call.turns} turns, duration {duration}, status {call.status or 'in progress'}",
    ])


def turn_lines(record: dict) -> list[str]:
    """One logged turn: when, where from and to, the keys, the events, what the line said."""
    if record.get("turn") is None:
        return [f"{shown(record['at'])}  webhook failed: {', '.join(record.get('events', []))}"]
    keys = "" if record.get("from_step") is None else f"  keys {record.get('keys') or '(none)'}"
    events = f"  [{', '.join(record['events'])}]" if record.get("events") else ""
    route = f"{record['from_step']} -> {record['step']}" if record.get("from_step") else record["step"]
    lines = [f"{shown(record['at'])}  turn {record['turn']:<3} {route}{keys}{events}"]
    lines += [f"{'':22}said [{said['language']}] {said['text']}" for said in record.get("said", [])]
    if record.get("hangup"):
        lines.append(f"{'':22}(the line hung up)")
    return lines


def moment_line(moment: Moment) -> str:
    """One moment of a replay."""
    minutes, seconds = divmod(moment.offset, 60)
    if moment.kind == "prompt":
        detail = f"[{moment.language}] {moment.text}"
    elif moment.kind == "silence":
        detail = f"{moment.seconds:.1f} s of silence" + (f" ({moment.text})" if moment.text else "")
    else:
        detail = moment.text
    return f"{int(minutes):3d}:{seconds:04.1f}  {moment.step or '-':22}  {MOMENT_LABELS[moment.kind]}  {detail}"


def funnel_lines(rows: list[StepCount]) -> list[str]:
    """The drop-off funnel as a table."""
    lines = [f"{'step':26} {'reached':>7} {'left':>5} {'left %':>6}  how the calls that left here ended"]
    for row in rows:
        outcomes = ", ".join(f"{outcome} {count}" for outcome, count in row.outcomes.most_common())
        lines.append(f"{row.step:26} {row.reached:7d} {row.left:5d} {row.left_share:6.0%}  {outcomes}")
    return lines


def hour_lines(counts: list[int]) -> list[str]:
    """Calls per hour as a bar chart of text."""
    scale = BAR_WIDTH / max(max(counts), 1)
    return [f"{hour:02d}:00 {count:5d} {'#' * round(count * scale)}" for hour, count in enumerate(counts)]

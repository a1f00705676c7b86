"""The call log as terminal text: the call table, a call's header and turns, replay lines, reports."""
from supervision.calls import CallPage, CallSummary
from supervision.clock import shown
from supervision.labels import (event_label, full_step_label, language_label, language_order, outcome_label,
                                 step_label)
from supervision.stats import MEASURES, DayReport, FlowFunnel
from supervision.timeline import Moment
from languages import LINE, Languages
from text_table import table

MOMENT_LABELS = {"prompt": "LINE", "silence": "WAIT", "keys": "KEYS", "note": "NOTE"}
BAR_WIDTH = 40
CALL_HEADERS = ["Started (HK)", "Call", "Language", "Outcome", "Last step", "Turns", "Duration", "Caller"]


def plural(count: int, noun: str) -> str:
    """``1 call``, ``2 calls``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def duration_text(call: CallSummary) -> str:
    """A call's duration as read, or ``-`` while Twilio has not reported it."""
    return f"{call.duration} s" if call.duration is not None else "-"


def calls_table(page: CallPage, languages: Languages = LINE) -> list[str]:
    """``calls list``: a header row, a row per call, and which of how many calls these are."""
    if not page.calls:
        return [f"No calls match ({page.total} in all)." if page.total else "No calls match."]
    rows = [[shown(call.started), call.sid, language_label(call.language, languages), outcome_label(call.outcome),
             full_step_label(call.last_step), call.turns, duration_text(call), call.caller or "withheld"]
            for call in page.calls]
    first = page.offset + 1
    return [*table(CALL_HEADERS, rows, align="     >>"),
            f"Calls {first}-{page.offset + len(page.calls)} of {page.total}, newest first."]


def call_header(call: CallSummary, languages: Languages = LINE) -> str:
    """What a call was, before its timeline."""
    duration = f"{call.duration} s" if call.duration is not None else "not reported yet"
    return "\n".join([
        f"Call {call.sid}, started {shown(call.started)} (Hong Kong), caller {call.caller or 'withheld'}",
        f"language {language_label(call.language, languages)}, outcome: {outcome_label(call.outcome)}, "
        f"last step: {full_step_label(call.last_step)}, {call.turns} turns, duration {duration}, "
        f"status {call.status or 'in progress'}",
    ])


def turn_lines(record: dict, languages: Languages = LINE) -> list[str]:
    """One logged turn: when, where from and to, the keys, the events, what the line said."""
    if record.get("turn") is None:
        events = ", ".join(event_label(event) for event in record.get("events", []))
        where = f" at {full_step_label(record['step'])}  keys {record.get('keys') or '(none)'}" if record.get("step") else ""
        return [f"{shown(record['at'])}  webhook failed{where}: {events}"] + [
            f"{'':22}said [{language_label(said['language'], languages)}] {said['text']}" for said in record.get("said", [])]
    keys = "" if record.get("from_step") is None else f"  keys {record.get('keys') or '(none)'}"
    events = f"  [{', '.join(event_label(event) for event in record['events'])}]" if record.get("events") else ""
    to = full_step_label(record["step"])
    route = f"{full_step_label(record['from_step'])} -> {to}" if record.get("from_step") else to
    lines = [f"{shown(record['at'])}  turn {record['turn']:<3} {route}{keys}{events}"]
    lines += [f"{'':22}said [{language_label(said['language'], languages)}] {said['text']}" for said in record.get("said", [])]
    if record.get("hangup"):
        lines.append(f"{'':22}(the line hung up)")
    return lines


REPLAY_HEADERS = ("Time", "Step", "What", "Said, waited or keyed")


def step_width(moments: list[Moment]) -> int:
    """The width of a replay's step column: its longest step label."""
    return max((len(moment.step_label) for moment in moments), default=0)


def replay_header(width: int) -> str:
    """The header row of a replay's lines (``moment_line`` with the same ``width``)."""
    clock, step, kind, detail = REPLAY_HEADERS
    return f"{clock:>8}  {step:{width}}  {kind:4}  {detail}"


def moment_line(moment: Moment, width: int = 26, languages: Languages = LINE) -> str:
    """One moment of a replay: the caller's clock, the step, what happened (``MOMENT_LABELS``)."""
    minutes, seconds = divmod(moment.offset, 60)
    if moment.kind == "prompt":
        detail = f"[{language_label(moment.language, languages)}] {moment.text}"
    elif moment.kind == "silence":
        detail = f"{moment.seconds:.1f} s of silence" + (f" ({moment.text})" if moment.text else "")
    else:
        detail = moment.text
    return f"{int(minutes):3d}:{seconds:04.1f}  {moment.step_label:{width}}  {MOMENT_LABELS[moment.kind]}  {detail}"


FUNNEL_HEADERS = ["Step", "Reached", "Succeeded here", "Dropped here", "Dropped %", "How the calls that ended here ended",
                  "calls list --step"]


def funnel_lines(funnels: list[FlowFunnel], successes: frozenset[str]) -> list[str]:
    """The funnel of each flow: a title line, then a table of its steps in flow order."""
    lines = []
    for flow in funnels:
        rows = []
        for row in flow.rows:
            split = row.split(successes)
            ended = ", ".join(f"{outcome_label(outcome)} {count}" for outcome, count in row.outcomes.most_common())
            rows.append([step_label(row.step), row.reached, split["done"], split["dropped"],
                         f"{split['dropped'] / row.reached:.0%}" if row.reached else "-", ended or "-", row.step])
        lines += ["", f"{flow.label}: {plural(flow.calls, 'call')}", *table(FUNNEL_HEADERS, rows, align=" >>>>")]
    return lines


def report_lines(report: DayReport, table_of_languages: Languages = LINE) -> list[str]:
    """A day's report: each measure in total and per language (named by ``table_of_languages``), then per hour."""
    languages = language_order(report.languages, table_of_languages)
    rows = [[measure.label, report.total[measure.name],
             *(report.languages[language][measure.name] for language in languages)] for measure in MEASURES]
    by_language = table(["", "Total", *(language_label(language, table_of_languages) for language in languages)], rows, align=" " + ">" * (len(languages) + 1))
    hour_rows = [[f"{hour:02d}:00", *(counts[measure.name] for measure in MEASURES)]
                 for hour, counts in enumerate(report.hours) if counts["calls"]]
    headers = ["Hour", *(measure.short for measure in MEASURES)]
    by_hour = table(headers, hour_rows, align=">" * len(headers)) if hour_rows else ["No calls."]
    return [*by_language, "", "Per hour (Hong Kong time, hours with calls):", *by_hour]


def hour_lines(counts: list[int]) -> list[str]:
    """Calls per hour as a bar chart of text."""
    scale = BAR_WIDTH / max(max(counts), 1)
    return [f"{hour:02d}:00 {count:5d} {'#' * round(count * scale)}" for hour, count in enumerate(counts)]

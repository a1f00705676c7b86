"""People read labels, machines ids: steps, outcomes, events and languages, from one table."""
import json
import re

import pytest

from supervision import labels
from store.calllog import ERROR_OUTCOME, NO_OUTCOME
from supervision.calls import IN_PROGRESS
from tests.supervision.helpers import INFORMATION_CALL, add_supervisor, log_in, scripted_call

# The kinds of step a call waits at; an announcement only when it ends the call.
WAITING_KINDS = {"menu", "entry", "confirm"}


def stopping_steps(machine) -> list[str]:
    return [state.name for state in machine.states.values() if state.kind in WAITING_KINDS or state.end]


def test_every_step_a_call_can_stop_at_reads_as_words(app):
    machine = app.extensions["line"].engine.machine
    for step in stopping_steps(machine):
        label = labels.step_label(step)
        assert label != step and "." not in label and "_" not in label, step


def test_the_table_names_every_step_of_the_flows_it_lists(app):
    machine = app.extensions["line"].engine.machine
    assert [step for step in labels.STEP_LABELS if step not in machine.states] == []
    assert set(labels.FLOW_LABELS) == {labels.flow_of(step) for step in machine.states}


def test_a_step_not_in_the_table_is_named_from_its_flow():
    assert labels.step_label("booking.pick_slot") == "Booking: pick slot"
    assert labels.full_step_label("booking.pick_slot") == "Booking: pick slot"
    assert labels.full_step_label("manage.code") == "Enquire, change or cancel · Enquiry code"
    assert labels.step_label(None) == "–" and labels.step_label(labels.NO_STEP) == "Before the first prompt"


def test_every_outcome_has_a_label_and_the_successes_come_from_the_flows(app):
    machine = app.extensions["line"].engine.machine
    successes = labels.successes(machine)
    assert successes == {"booked", "changed", "cancelled", "enquired", "information"}
    for outcome in successes | {"gave_up", NO_OUTCOME, ERROR_OUTCOME, IN_PROGRESS}:
        assert outcome in labels.OUTCOME_LABELS, outcome


def test_json_keeps_the_ids_beside_the_labels(app, runner):
    scripted_call(app, INFORMATION_CALL)
    (call,) = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)
    assert (call["last_step"], call["last_step_label"]) == ("info.other", "Other information")
    assert (call["outcome"], call["outcome_label"]) == ("information", "Heard information")


def test_the_call_page_shows_labels_with_the_ids_in_tooltips(app, runner):
    sid, _ = scripted_call(app, INFORMATION_CALL)
    add_supervisor(runner)
    client = app.test_client()
    log_in(client)
    shown = client.get(f"/supervisor/calls/{sid}").get_data(as_text=True)
    assert '<span class="outcome information" title="information">Heard information</span>' in shown
    assert '<span title="info.other">Information · Other information</span>' in shown
    assert '<span class="step" title="main.language">Language menu</span>' in shown
    assert '<span title="back">went back (#)</span>' in shown
    listed = client.get("/supervisor/calls").get_data(as_text=True)
    assert '<span title="info.other">Information · Other information</span>' in listed


STEP_ID = re.compile(r"\b(main|booking|manage|info)\.[a-z_]+\b")
OUTCOME_ID = re.compile(r"\b(caller_hung_up|gave_up|in_progress)\b")
LANGUAGE_CODE = re.compile(r"\b(zh-HK|zh-CN|en-GB)\b")


@pytest.mark.parametrize("language", ["1", "2", "3"])
def test_the_terminal_shows_labels_not_ids_in_each_language(app, runner, language):
    """calls list, show and replay: steps, outcomes and languages in words, whichever language the caller chose."""
    sid, _ = scripted_call(app, [language, "5", "1", "#", "6"])  # offices, back, other information
    scripted_call(app, [language])  # hangs up at the main menu
    listed = runner.invoke(args=["calls", "list"]).output
    shown = runner.invoke(args=["calls", "show", sid]).output
    replayed = runner.invoke(args=["calls", "replay", sid, "--speed", "0"]).output
    name = {"1": "Cantonese", "2": "Putonghua", "3": "English"}[language]
    for output in (listed, shown, replayed):
        assert not STEP_ID.search(output) and not OUTCOME_ID.search(output) and not LANGUAGE_CODE.search(output)
        assert name in output
    assert re.split(r"\s{2,}", listed.splitlines()[0]) == ["Started (HK)", "Call", "Language", "Outcome", "Last step",
                                                           "Turns", "Duration", "Caller"]
    assert "Caller hung up" in listed and "Start of the call · Main menu" in listed
    assert "turn 1   Start of the call · Language menu -> Start of the call · Main menu" in shown
    header = replayed.splitlines()[2]
    assert header.split()[:3] == ["Time", "Step", "What"] and header.endswith("Said, waited or keyed")
    step_column = header.index("What")
    for line in replayed.splitlines()[3:]:
        assert line[step_column - 2:step_column] == "  " and line[step_column:step_column + 4] in (
            "LINE", "WAIT", "KEYS", "NOTE"), line


def test_the_funnel_table_gives_the_step_id_the_call_list_takes(app, runner):
    sid, _ = scripted_call(app, ["3", "5"])
    day = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)[0]["started"][:10]
    lines = runner.invoke(args=["calls", "funnel", "--date", day]).output.splitlines()
    offices = next(line for line in lines if line.startswith("Offices "))
    step = offices.split()[-1]
    assert step == "info.offices"
    listed = json.loads(runner.invoke(args=["calls", "list", "--date", day, "--step", step, "--json"]).output)
    assert [call["sid"] for call in listed] == [sid]

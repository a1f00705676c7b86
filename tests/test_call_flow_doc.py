"""docs/CALL_FLOW.md draws the flows the line runs, not an older version of them, and its table of
keys names every step where a booking caller presses keys, and no step the flows lack."""
import re
from pathlib import Path

from ivr.flowdiagram import mermaid
from ivr.flowspec import INPUT_KINDS

DOC = Path(__file__).resolve().parent.parent / "docs" / "CALL_FLOW.md"


def test_the_call_flow_page_matches_the_flows(app):
    drawn = DOC.read_text(encoding="utf-8").split("```mermaid\n", 1)[1].rsplit("```", 1)[0]
    assert drawn == mermaid(app.extensions["line"].engine.machine), "run scripts/call_flow_doc"


def test_the_table_of_keys_names_the_booking_steps_and_only_steps_that_exist(app):
    machine = app.extensions["line"].engine.machine
    text = DOC.read_text(encoding="utf-8")
    table = text.split("## Keys of the booking steps", 1)[1].split("```mermaid", 1)[0]
    named = set(re.findall(r"`((?:main|booking|manage)\.[a-z_]+)`", table))
    assert named - set(machine.states) == set(), "steps named in docs/CALL_FLOW.md that the flows lack"
    keyed = {name for name, state in machine.states.items()
             if state.kind in INPUT_KINDS and name.split(".")[0] in ("main", "booking")}
    assert keyed - named == set(), "booking steps with keys that docs/CALL_FLOW.md does not name"

"""docs/CALL_FLOW.md draws the flows the line runs, not an older version of them."""
from pathlib import Path

from ivr.flowdiagram import mermaid

DOC = Path(__file__).resolve().parent.parent / "docs" / "CALL_FLOW.md"


def test_the_call_flow_page_matches_the_flows(app):
    drawn = DOC.read_text(encoding="utf-8").split("```mermaid\n", 1)[1].rsplit("```", 1)[0]
    assert drawn == mermaid(app.extensions["line"].engine.machine), "run scripts/call_flow_doc"

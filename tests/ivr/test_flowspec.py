"""Flow files are checked at load time, with errors that name the state."""
import json
import re

import pytest

from ivr.flowspec import FlowError, load_machine
from ivr.line import ROOT


def write_flow(directory, name, states, initial=None):
    document = {"flow": name, "states": states}
    if initial:
        document["initial"] = initial
    (directory / f"{name}.json").write_text(json.dumps(document))


def menu(**options):
    return {"kind": "menu", "prompt": "p", "options": options}


def test_the_shipped_flows_load():
    machine = load_machine(ROOT / "flows")
    assert machine.initial == "main.known_language"  # a returning caller skips the language menu
    assert machine["main.menu"].option("5").target == "info.offices"


def test_unreachable_state_is_named(tmp_path):
    write_flow(tmp_path, "a", {"start": menu(**{"1": "end"}), "end": {"kind": "announce", "prompt": "p", "end": True},
                               "orphan": {"kind": "announce", "prompt": "p", "end": True}}, initial="start")
    with pytest.raises(FlowError, match="unreachable state\\(s\\): a.orphan"):
        load_machine(tmp_path)


def test_missing_target_is_named(tmp_path):
    write_flow(tmp_path, "a", {"start": menu(**{"1": "nowhere"})}, initial="start")
    with pytest.raises(FlowError, match="state a.start: target a.nowhere does not exist"):
        load_machine(tmp_path)


@pytest.mark.parametrize("page_of", ["nowhere", "end"])
def test_a_page_of_a_step_that_is_not_a_menu_is_named(tmp_path, page_of):
    pages = {**menu(**{"1": "end"}), "page_of": page_of}
    write_flow(tmp_path, "a", {"start": menu(**{"1": "more"}), "more": pages,
                               "end": {"kind": "announce", "prompt": "p", "end": True}}, initial="start")
    with pytest.raises(FlowError, match=f"state a.more: page_of a.{page_of} is not a menu"):
        load_machine(tmp_path)


def test_two_initial_states_are_refused(tmp_path):
    write_flow(tmp_path, "a", {"s": {"kind": "announce", "prompt": "p", "end": True}}, initial="s")
    write_flow(tmp_path, "b", {"s": {"kind": "announce", "prompt": "p", "end": True}}, initial="s")
    with pytest.raises(FlowError, match="exactly one flow must name an initial state"):
        load_machine(tmp_path)


def test_trap_state_is_refused(tmp_path):
    write_flow(tmp_path, "a", {"start": menu(**{"1": "trap"}), "trap": {"kind": "action", "action": "x", "on": {}}}, initial="start")
    with pytest.raises(FlowError, match="a.json: state a.trap: a trap"):
        load_machine(tmp_path)


@pytest.mark.parametrize("key", ["*", "#", "A", "12"])
def test_option_keys_are_menu_keys(tmp_path, key):
    write_flow(tmp_path, "a", {"start": menu(**{key: "start"})}, initial="start")
    with pytest.raises(FlowError, match=re.escape(f"state a.start: option key {key!r} is not a menu key")):
        load_machine(tmp_path)


def test_unknown_field_is_named(tmp_path):
    write_flow(tmp_path, "a", {"start": {"kind": "announce", "prompt": "p", "end": True, "colour": "red"}}, initial="start")
    with pytest.raises(FlowError, match="state a.start: .*colour"):
        load_machine(tmp_path)


def test_confirmation_needs_yes_and_no(tmp_path):
    write_flow(tmp_path, "a", {"start": {"kind": "confirm", "prompt": "p", "yes": "start"}}, initial="start")
    with pytest.raises(FlowError, match="a.json: state a.start: a confirm step needs no"):
        load_machine(tmp_path)


def test_the_flow_diagram_is_drawn_from_the_flow_files(runner):
    result = runner.invoke(args=["flows", "diagram"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "flowchart TD"
    assert '    main__menu["main.menu"]' in lines
    assert "    main__menu -->|5| info__offices" in lines
    assert "    booking__commit -->|slot_taken| booking__time_taken" in lines
    assert '    booking__doc_number[/"booking.doc_number"/]' in lines


END = {"kind": "announce", "prompt": "p", "end": True}


@pytest.mark.parametrize(
    "state, message",
    [
        ({"kind": "action", "on": {"done": "end"}}, "a.json: state a.step: a action step needs action"),
        ({"kind": "announce", "prompt": "p", "digits": 2, "validator": "v", "end": True},
         "a.json: state a.step: a announce step does not use digits, validator"),
        ({"kind": "confirm", "prompt": "p", "yes": "end", "no": "end", "page_size": 3},
         "a.json: state a.step: a confirm step does not use page_size"),
        ({"kind": "menu", "prompt": "p", "options_from": "offices", "next": "end"},
         "a.json: state a.step: a computed menu \\(options_from\\) needs item_prompt"),
        ({"kind": "menu", "prompt": "p", "options": {"1": "end"}, "item_prompt": "i"},
         "a.json: state a.step: a menu with fixed options does not use item_prompt"),
        ({"kind": "announce", "prompt": "p"}, "a.json: state a.step: an announcement needs either next or end"),
        ({"kind": "entry", "prompt": "p", "next": "end", "back": "end"}, "a.json: state a.step: a entry step does not use back"),
        # Silence and # alone reach an entry alike: it must say what fits both (its nothing_keyed).
        ({"kind": "entry", "prompt": "p", "next": "end"}, "a.json: state a.step: a entry step needs nothing_keyed"),
    ],
)
def test_a_field_the_kind_does_not_use_or_lacks_stops_loading(tmp_path, state, message):
    write_flow(tmp_path, "a", {"start": menu(**{"1": "step"}), "step": state, "end": END}, initial="start")
    with pytest.raises(FlowError, match=message):
        load_machine(tmp_path)

"""The engine on tiny synthetic flows: hooks' outcomes checked at start-up, the way back, pages."""
import json

import pytest

from ivr.engine import Engine, _common_prompts
from ivr.flowspec import FlowError, load_machine
from ivr.prompts import Prompts
from ivr.registry import Item, Registry
from languages import LINE

END = {"kind": "announce", "prompt": "bye", "end": True}


def machine_of(tmp_path, states):
    (tmp_path / "t.json").write_text(json.dumps({"flow": "t", "initial": "top", "states": states}))
    return load_machine(tmp_path)


def prompts_for(machine, registry):
    """Every prompt the engine needs, in every language, saying its id and its placeholders."""
    ids = machine.prompt_ids() | registry.prompt_ids | _common_prompts()
    placeholders = {"common.more": " {key}", "common.previous": " {key}", "item": " {name} {key}", "count": " {count}"}
    texts = {prompt_id: prompt_id + placeholders.get(prompt_id, "") for prompt_id in ids}
    return Prompts({language: texts for language in LINE.codes}, LINE)


def engine_for(tmp_path, states, registry=None):
    registry = registry or Registry()
    machine = machine_of(tmp_path, states)
    return Engine(machine, prompts_for(machine, registry), registry)


def said(turn):
    return [speech.text for speech in turn.speech]


def test_a_misspelt_outcome_stops_start_up_naming_file_and_step(tmp_path):
    registry = Registry()
    registry.action("pick", ("found", "none"))(lambda context: "found")
    states = {"top": {"kind": "menu", "prompt": "top", "root": True, "options": {"1": "go"}},
              "go": {"kind": "action", "action": "pick", "on": {"found": "end", "nnone": "end"}}, "end": END}
    with pytest.raises(FlowError, match="t.json: state t.go: outcome 'nnone' is not one pick returns .*no transition for outcome 'none'"):
        engine_for(tmp_path, states, registry)


def test_an_unknown_hook_stops_start_up(tmp_path):
    states = {"top": {"kind": "menu", "prompt": "top", "root": True, "options": {"1": "go"}},
              "go": {"kind": "action", "action": "nowhere", "on": {"done": "end"}}, "end": END}
    with pytest.raises(FlowError, match="t.json: state t.go: unknown hook\\(s\\) nowhere"):
        engine_for(tmp_path, states)


def _counting_flow():
    registry = Registry()

    @registry.action("count", ("done",))
    def count(context):
        context.data["count"] = context.data.get("count", 0) + 1
        return "done"

    registry.param("count")(lambda context: {"count": context.data.get("count", 0)})
    states = {
        "top": {"kind": "menu", "prompt": "top", "root": True, "store": "language",
                "options": {"1": {"goto": "first", "value": "en-GB"}}},
        "first": {"kind": "menu", "prompt": "count", "params": "count", "options": {"1": "add"}},
        "add": {"kind": "action", "action": "count", "on": {"done": "second"}},
        "second": {"kind": "menu", "prompt": "count", "params": "count", "options": {"1": "again", "2": "end"}},
        "again": {"kind": "menu", "prompt": "top", "rewind": True, "options": {"1": "first"}},
        "end": END,
    }
    return states, registry


def test_hash_returns_to_the_previous_menu_with_the_data_it_was_said_with(tmp_path):
    states, registry = _counting_flow()
    engine = engine_for(tmp_path, states, registry)
    state, _ = engine.start({"sid": "CA1"})
    for key in ("1", "1"):
        state, turn = engine.handle(state, key)
    assert said(turn) == ["count one"]
    state, turn = engine.handle(state, "#")
    assert (turn.step, said(turn), state.data) == ("t.first", ["count zero"], {})


def test_a_rewinding_step_entered_again_drops_the_way_back_since_its_last_visit(tmp_path):
    states, registry = _counting_flow()
    states["top"]["options"] = {"1": {"goto": "again", "value": "en-GB"}}
    engine = engine_for(tmp_path, states, registry)
    state, _ = engine.start({"sid": "CA1"})
    for key in ("1", "1", "1", "1"):  # top, again, first, (add) second, again
        state, turn = engine.handle(state, key)
    assert turn.step == "t.again"
    state, turn = engine.handle(state, "#")
    assert turn.step == "t.top"


def _paged(tmp_path, count):
    registry = Registry()
    registry.option("things")(lambda context: [Item(n, {"name": f"thing{n}"}) for n in range(count)])
    states = {"top": {"kind": "menu", "prompt": "top", "root": True, "store": "language",
                      "options": {"1": {"goto": "pick", "value": "en-GB"}}},
              "pick": {"kind": "menu", "prompt": "pick", "options_from": "things", "item_prompt": "item",
                       "page_size": 2, "store": "thing", "next": "end"}, "end": END}
    engine = engine_for(tmp_path, states, registry)
    state, _ = engine.start({"sid": "CA1"})
    return engine, *engine.handle(state, "1")


def test_more_is_offered_only_when_there_is_more_and_star_repeats_the_page(tmp_path):
    engine, state, turn = _paged(tmp_path, 4)
    assert said(turn) == ["pick", "item thing0 one", "item thing1 two", "common.more nine"]
    state, turn = engine.handle(state, "9")
    assert said(turn) == ["pick", "item thing2 one", "item thing3 two", "common.previous zero"]
    state, again = engine.handle(state, "*")
    assert said(again) == said(turn)
    state, turn = engine.handle(state, "0")
    assert said(turn)[1:] == ["item thing0 one", "item thing1 two", "common.more nine"]


def test_a_last_item_is_never_left_alone_on_a_page_of_its_own(tmp_path):
    engine, state, turn = _paged(tmp_path, 3)
    assert said(turn) == ["pick", "item thing0 one", "item thing1 two", "item thing2 three"]
    state, turn = engine.handle(state, "3")
    assert state.data["thing"] == 2 and turn.step == "t.end"


def test_a_wrong_key_on_page_two_asks_again_on_page_two(tmp_path):
    engine, state, _ = _paged(tmp_path, 4)
    state, _ = engine.handle(state, "9")
    state, turn = engine.handle(state, "7")
    assert said(turn)[-3:] == ["item thing2 one", "item thing3 two", "common.previous zero"]

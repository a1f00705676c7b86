"""Call flows as data: load ``flows/*.json`` into frozen dataclasses and refuse bad ones.

Each file declares one flow; its states are named ``flow.state`` across the whole machine, and
a target without a dot names a state of the same flow. Checks at load time, each naming the
offending file and state: each kind of step has only the fields it uses and those it needs,
exactly one initial state, every target exists, every state reachable, no trap state (an input
or action state with no way out), keys are DTMF keys. The engine adds the hooks' check: every
hook exists and an action's transitions are exactly the outcomes its hook declares. A menu with
``"language_menu": target`` offers each language of the table on its menu key.
"""
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from ivr.keypad import KEYPAD, UNIVERSAL_KEYS
from languages import LINE, Languages

KINDS = ("menu", "confirm", "entry", "announce", "action")
INPUT_KINDS = ("menu", "confirm", "entry")
# The fields each kind of step uses (SCHEMA) and must have (REQUIRED): anything else in a flow
# file is a mistake the line would otherwise carry silently (an entry's digits on an announcement).
_SPOKEN = {"kind", "prompt", "params", "outcome", "all_languages"}
_WAY_BACK = {"help", "back", "root", "rewind", "page_of", "one_per"}
SCHEMA = {
    "menu": _SPOKEN | _WAY_BACK | {"store", "options", "language_menu", "options_from", "item_prompt",
                                   "page_size", "next", "on"},
    "confirm": _SPOKEN | _WAY_BACK | {"yes", "no"},
    "entry": _SPOKEN | {"help", "digits", "validator", "store", "sensitive", "next", "key_seconds", "options",
                        "nothing_keyed"},
    "announce": _SPOKEN | {"next", "end"},
    "action": {"kind", "action", "on", "outcome", "way_back_from"},
}
REQUIRED = {
    "menu": {"prompt"},
    "confirm": {"prompt", "yes", "no"},
    "entry": {"prompt", "next", "nothing_keyed"},
    "announce": {"prompt"},
    "action": {"action", "on"},
}
COMPUTED_MENU = {"item_prompt", "next"}  # a menu whose options come from a hook needs both
MOVES_ON = {"no_input", "wrong_input"}  # a step that needs no answer (the booking read-back) moves on at these


class FlowError(ValueError):
    """A flow file that must not run; the message names the file and state."""


@dataclass(frozen=True)
class Option:
    """One key of a menu: where it leads and the value it stores."""

    key: str
    target: str
    value: str | None = None


@dataclass(frozen=True)
class State:
    """One step of a call, as declared in a flow file."""

    name: str
    kind: str
    prompt: str | None = None
    help: str | None = None
    nothing_keyed: str | None = None  # an entry's words when its Digits came empty: silence, or # alone
    options: tuple[Option, ...] = ()
    options_from: str | None = None
    item_prompt: str | None = None
    page_size: int = 4
    store: str | None = None
    params: str | None = None
    digits: int | None = None
    key_seconds: int | None = None  # an entry that takes working out (a letter is three keys) waits longer
    validator: str | None = None
    sensitive: bool = True  # entry keys are masked in call logs unless a flow says otherwise
    next: str | None = None
    action: str | None = None
    on: Mapping[str, str] = field(default_factory=dict)
    back: str | None = None
    end: bool = False
    outcome: str | None = None
    root: bool = False
    rewind: bool = False  # entered again, the way back returns to where it was at its last visit
    page_of: str | None = None  # another page of that menu (the next date on offer): one step on the way back
    one_per: str | None = None  # said once per item of this data list (an applicant's read-back): a step each
    way_back_from: str | None = None  # passed through, the way back starts again at this menu
    all_languages: bool = False
    initial: bool = False
    source: str = ""  # the flow file, for messages

    def targets(self) -> list[str]:
        """Every state this state can lead to."""
        found = [option.target for option in self.options] + list(self.on.values())
        return found + [name for name in (self.next, self.back, self.way_back_from) if name]

    def option(self, key: str) -> Option | None:
        """The static option bound to ``key``, if any."""
        return next((option for option in self.options if option.key == key), None)


@dataclass(frozen=True)
class Machine:
    """All flows, merged into one validated state machine."""

    states: Mapping[str, State]
    initial: str

    def __getitem__(self, name: str) -> State:
        return self.states[name]

    def prompt_ids(self) -> set[str]:
        """Every prompt id the flows use."""
        ids = set()
        for state in self.states.values():
            ids.update(p for p in (state.prompt, state.help, state.item_prompt, state.nothing_keyed) if p)
        return ids


def load_machine(directory: str | Path, languages: Languages = LINE) -> Machine:
    """Load and check every ``*.json`` flow in ``directory``; language menus offer ``languages``."""
    states: dict[str, State] = {}
    for path in sorted(Path(directory).glob("*.json")):
        states.update(_load_flow(path, languages))
    machine = Machine(MappingProxyType(states), _single_initial(states))
    _check_targets(machine)
    _check_reachable(machine)
    return machine


def _load_flow(path: Path, languages: Languages) -> dict[str, State]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise FlowError(f"{path.name}: not valid JSON: {error}") from error
    flow = document.get("flow") or path.stem
    initial = document.get("initial")
    return {
        f"{flow}.{name}": _build_state(flow, name, spec, name == initial, path.name, languages)
        for name, spec in document.get("states", {}).items()
    }


def _qualify(flow: str, target: str) -> str:
    return target if "." in target else f"{flow}.{target}"


def _build_state(flow: str, name: str, spec: dict, initial: bool, source: str, languages: Languages) -> State:
    where = f"{source}: state {flow}.{name}"
    _check_schema(spec, where)
    fields = {key: value for key, value in spec.items() if key not in ("options", "language_menu", "on", "yes", "no")}
    for key in ("next", "back", "way_back_from", "page_of"):
        if key in fields:
            fields[key] = _qualify(flow, fields[key])
    try:
        return State(
            name=f"{flow}.{name}",
            options=_build_options(flow, spec, where, languages),
            on=MappingProxyType({k: _qualify(flow, v) for k, v in spec.get("on", {}).items()}),
            initial=initial,
            source=source,
            **fields,
        )
    except TypeError as error:
        raise FlowError(f"{where}: {error}") from error


def _check_schema(spec: dict, where: str) -> None:
    """Refuse a field the step's kind does not use, a missing one, and a half-declared menu."""
    kind = spec.get("kind")
    if kind not in KINDS:
        raise FlowError(f"{where}: kind must be one of {', '.join(KINDS)}")
    unused = sorted(set(spec) - SCHEMA[kind])
    if unused:
        raise FlowError(f"{where}: a {kind} step does not use {', '.join(unused)}")
    missing = sorted(REQUIRED[kind] - set(spec))
    if missing:
        raise FlowError(f"{where}: a {kind} step needs {', '.join(missing)}")
    if kind == "announce" and ("next" in spec) == bool(spec.get("end")):
        raise FlowError(f"{where}: an announcement needs either next or end")
    if kind == "menu":
        _check_menu(spec, where)


def _check_menu(spec: dict, where: str) -> None:
    choices = [name for name in ("options", "language_menu", "options_from") if name in spec]
    if len(choices) != 1:
        raise FlowError(f"{where}: a menu needs exactly one of options, language_menu, options_from")
    if "options_from" in spec:
        missing = sorted(COMPUTED_MENU - set(spec))
        if missing:
            raise FlowError(f"{where}: a computed menu (options_from) needs {', '.join(missing)}")
        if set(spec.get("on", {})) - {"empty"}:
            raise FlowError(f"{where}: a computed menu's only transition is 'empty'")
    else:
        extra = sorted({"item_prompt", "page_size", "next"} & set(spec))
        if extra:
            raise FlowError(f"{where}: a menu with fixed options does not use {', '.join(extra)}")
        if set(spec.get("on", {})) - MOVES_ON:
            raise FlowError(f"{where}: a menu with fixed options moves on only at {', '.join(sorted(MOVES_ON))}")


def _build_options(flow: str, spec: dict, where: str, languages: Languages) -> tuple[Option, ...]:
    raw = dict(spec.get("options", {}))
    if "language_menu" in spec:
        raw = {row.menu_key: {"goto": spec["language_menu"], "value": row.code} for row in languages}
    if spec["kind"] == "confirm":
        raw = {"1": spec["yes"], "2": spec["no"]}
    options = []
    for key, target in raw.items():
        if key not in KEYPAD or key in UNIVERSAL_KEYS:
            raise FlowError(f"{where}: option key {key!r} is not a menu key (0-9)")
        value = None
        if isinstance(target, dict):
            target, value = target["goto"], target.get("value")
        options.append(Option(key, _qualify(flow, target), value))
    return tuple(options)


def _single_initial(states: dict[str, State]) -> str:
    initials = [name for name, state in states.items() if state.initial]
    if len(initials) != 1:
        raise FlowError(f"exactly one flow must name an initial state; found {initials or 'none'}")
    return initials[0]


def _check_targets(machine: Machine) -> None:
    for state in machine.states.values():
        for target in state.targets():
            if target not in machine.states:
                raise FlowError(f"{state.source}: state {state.name}: target {target} does not exist")
        if not state.targets() and not state.end:
            raise FlowError(f"{state.source}: state {state.name}: a trap (no way out and not an end)")
        page_of = machine.states.get(state.page_of) if state.page_of else None
        if state.page_of and (page_of is None or page_of.kind != "menu"):
            raise FlowError(f"{state.source}: state {state.name}: page_of {state.page_of} is not a menu")


def _check_reachable(machine: Machine) -> None:
    seen, queue = {machine.initial}, [machine.initial]
    while queue:
        for target in machine[queue.pop()].targets():
            if target not in seen:
                seen.add(target)
                queue.append(target)
    unreachable = sorted(set(machine.states) - seen)
    if unreachable:
        raise FlowError(f"unreachable state(s): {', '.join(unreachable)}")

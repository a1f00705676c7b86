"""The call engine: (call state, keys) -> (call state, Turn). No Flask, no Redis, no Twilio.

Universal keys (SPEC §4): ``*`` repeats the page as it was entered (what led into it, such as a
closure notice, then its prompt; not a retry's apology), ``#`` goes back to the previous menu (a root
menu repeats itself). The way back keeps each menu with the call's data as it was when the
menu was said, so going back also undoes what was taken since (a saved applicant, a choice). Each
input step allows three tries; the second and third explain with an example, and after the third
the caller hears the other channels and the call ends politely; a step whose ``on`` names
``no_input`` or ``wrong_input`` moves there instead. An entry step may also have options: keys
that are exactly an option's key choose it rather than being validated (the document number's
``0`` for another kind of document).
"""
import copy
import dataclasses

from ivr.flowspec import INPUT_KINDS, FlowError, Machine, State
from ivr.keypad import KEYPAD
from ivr.prompts import Prompts, holds_secret
from ivr.registry import Context, Invalid, Item, Registry
from ivr.turns import CallState, Gather, Speech, Turn

MAX_TRIES = 3
MORE_KEY = "9"
PREVIOUS_KEY = "0"  # on the pages after the first of a computed menu: the page before
MAX_AUTOMATIC_STEPS = 50  # announcements and actions run back to back; a loop is a flow bug
DEFAULT_HELP = {"menu": "common.help_menu", "confirm": "common.help_confirm", "entry": "common.help_entry"}
ESCALATION = {
    "no_input": ("common.no_input", "common.no_input_again"),
    "wrong_input": ("common.wrong_key", "common.wrong_key_again"),
}


class Engine:
    """Runs the flows of a machine with the hooks of a registry and the prompts of a catalogue."""

    def __init__(self, machine: Machine, prompts: Prompts, registry: Registry):
        for state in machine.states.values():
            missing = registry.missing_for(state)
            if missing:
                raise FlowError(f"{state.source}: state {state.name}: unknown hook(s) {', '.join(missing)}")
            errors = registry.outcome_errors(state) if state.kind == "action" else []
            if errors:
                raise FlowError(f"{state.source}: state {state.name}: {'; '.join(errors)}")
        prompts.require(machine.prompt_ids() | registry.prompt_ids | _common_prompts())
        self.machine, self.prompts, self.registry = machine, prompts, registry
        self.services = None  # handed to hooks untouched (see ``serving``): the engine does no I/O

    def serving(self, services) -> "Engine":
        """This engine handing ``services`` to the hooks (one webhook's: see ``ivr.web``)."""
        bound = copy.copy(self)
        bound.services = services
        return bound

    def start(self, caller: dict) -> tuple[CallState, Turn]:
        """Answer a new call."""
        state = CallState(step=self.machine.initial, caller=dict(caller))
        return self._enter(state, self.machine.initial, [], ())

    def handle(self, previous: CallState, digits: str | None) -> tuple[CallState, Turn]:
        """Take the keys pressed (empty or None for silence) at the current step."""
        state = _copy(previous)
        state.turn += 1
        current = self.machine[state.step]
        if current.kind not in INPUT_KINDS:
            # The call has ended (a late or replayed request after the goodbye): nothing to take.
            return state, Turn(current.name, (), None, ("ended",), state.outcome)
        if not digits:
            return self._retry(state, current, "no_input", [])
        if not KEYPAD.issuperset(digits):
            # Twilio sends keypad keys only; anything else (say "٣", which isdigit() and int()
            # accept) must never become a choice or a value.
            return self._retry(state, current, "wrong_input", [], moves_on=False)
        if digits == "*":
            return self._repeat(state, current)
        if digits == "#" and current.kind != "entry":
            return self._back(state, current)
        if current.kind == "entry" and not current.option(digits):
            return self._take_entry(state, current, digits)
        return self._choose(state, current, digits)

    # -- input ---------------------------------------------------------------------------

    def _choose(self, state: CallState, current: State, key: str):
        option = current.option(key)
        if option:
            self._store(state, current, option.value)
            return self._enter(state, option.target, [], ())
        if current.options_from:
            return self._choose_item(state, current, key)
        return self._retry(state, current, "wrong_input", [])

    def _choose_item(self, state: CallState, current: State, key: str):
        start = state.page * current.page_size
        end = _page_end(current, len(state.offered), start)
        shown = state.offered[start:end]
        if key == MORE_KEY and len(state.offered) > end:
            state.page += 1
            state.preface = []  # another page: * repeats it, not what led into the first
            return self._present(state, current, [], ("more",), keep_page=True)
        if key == PREVIOUS_KEY and state.page > 0:
            state.page -= 1
            state.preface = []
            return self._present(state, current, [], ("previous",), keep_page=True)
        if key.isdigit() and 1 <= int(key) <= len(shown):
            self._store(state, current, shown[int(key) - 1])
            return self._enter(state, current.next, [], ())
        return self._retry(state, current, "wrong_input", [])

    def _take_entry(self, state: CallState, current: State, digits: str):
        context = self._context(state)
        try:
            value = self.registry.validators[current.validator](digits, context) if current.validator else digits
        except Invalid as invalid:
            error = self._speak(state, current, invalid.prompt_id, invalid.params)
            if not invalid.counts:
                # Keyed right, refused as a choice: why, then the step again, with the tries afresh.
                return self._present(state, current, error, ("refused",), keep_page=True)
            return self._retry(state, current, "wrong_input", error)
        state.data = context.data
        self._store(state, current, value)
        return self._enter(state, current.next, [], ())

    def _store(self, state: CallState, current: State, value) -> None:
        if current.store == "language":
            state.language = value
        elif current.store:
            state.data[current.store] = value

    def _back(self, state: CallState, current: State):
        if current.back:
            return self._enter(state, current.back, [], ("back",))
        if len(state.history) >= 2 and not current.root:
            state.history.pop()
            step, data = state.history[-1]
            state.data = copy.deepcopy(data)
            return self._enter(state, step, [], ("back",))
        return self._repeat(state, current)

    def _repeat(self, state: CallState, current: State):
        """The page as the caller entered it: what led into it (a closure notice, a refusal), then
        its prompt; not the apology of a retry."""
        preface = [Speech(*fields) for fields in state.preface]
        return self._present(state, current, preface, ("repeat",), keep_page=True)

    def _retry(self, state: CallState, current: State, event: str, error: list[Speech], moves_on=True):
        if moves_on and event in current.on:
            # A step that needs no answer (the booking read-back) moves on instead of insisting;
            # what is not a keypad key at all never moves a call on.
            return self._enter(state, current.on[event], error, (event,))
        state.tries += 1
        if state.tries >= MAX_TRIES:
            state.outcome, state.history = "gave_up", []
            farewell = self._speak(state, current, "common.goodbye_tries", {})
            return state, Turn(current.name, tuple(error + farewell), None, (event, "gave_up"), "gave_up")
        # "Still" only when this failure repeats the one before (a wrong key, then silence, is news).
        again = state.tries > 1 and state.failure == event
        state.failure = event
        explained = False
        if error:
            apology = error
        elif event == "no_input" and current.kind == "entry":
            # Twilio posts the same empty Digits for silence and for # alone (SPEC §4: # ends an
            # entry): the words fit both, and the example waits for the second try.
            apology, explained = self._speak(state, current, current.nothing_keyed, {}), state.tries == 1
        else:
            apology = self._speak(state, current, ESCALATION[event][1 if again else 0], {})
        help_said = [] if explained else self._speak(state, current, current.help or DEFAULT_HELP[current.kind], {})
        return self._present(state, current, apology + help_said, (event,), keep_page=True, keep_tries=True)

    # -- output --------------------------------------------------------------------------

    def _enter(self, state: CallState, target: str, speech: list[Speech], events: tuple):
        for _ in range(MAX_AUTOMATIC_STEPS):
            current = self.machine[target]
            state.step, state.tries, state.failure = target, 0, None
            if current.outcome:
                state.outcome = current.outcome
            if current.kind == "announce":
                speech = speech + self._speak(state, current, current.prompt, self._params(state, current))
                if current.end:
                    state.history = []  # no way back from an end, and no personal details kept for one
                    return state, Turn(target, tuple(speech), None, events, state.outcome)
                target = current.next
            elif current.kind == "action":
                if current.way_back_from:
                    _restart_way_back(state, current.way_back_from)
                outcome, said = self._run_action(state, current)
                speech = speech + said
                target = current.on[outcome]
            else:
                self._remember(state, current)
                state.preface = [list(dataclasses.astuple(said)) for said in speech]
                return self._present(state, current, speech, events)
        raise FlowError(f"state {target}: more than {MAX_AUTOMATIC_STEPS} steps without input")

    def _run_action(self, state: CallState, current: State) -> tuple[str, list[Speech]]:
        context = self._context(state)
        outcome = self.registry.actions[current.action](context)
        if outcome not in current.on:
            raise FlowError(f"state {current.name}: action outcome {outcome!r} has no transition")
        state.data = context.data
        state.language = context.language  # a hook may set it (the language a calling number chose before)
        said = [s for prompt_id, params in context.said for s in self._speak(state, current, prompt_id, params)]
        return outcome, said

    def _remember(self, state: CallState, current: State) -> None:
        """Put ``current`` on the way back, with the data it is said with."""
        history = state.history
        if current.root:
            history = []
        elif current.rewind:
            # Entered again (say, "start again"): the steps taken since its last visit are undone.
            names = [step for step, _ in history]
            if current.name in names:
                history = history[: names.index(current.name)]
        top = history[-1] if history else None
        if top and top[0] in (current.name, current.page_of) and visit(current, top[1]) == visit(current, state.data):
            # The same menu again, or another page of it (the next date on offer): one step on the
            # way back, said with the new data; # leaves it for the menu before it.
            history = history[:-1]
        if current.kind != "entry":
            history = history + [[current.name, copy.deepcopy(state.data)]]
        state.history = history

    def _present(self, state, current: State, preface: list, events: tuple, keep_page=False, keep_tries=False):
        if not keep_tries:
            state.tries, state.failure = 0, None
        speech = preface + self._speak(state, current, current.prompt, self._params(state, current))
        if current.options_from:
            items = self.registry.options[current.options_from](self._context(state))
            if not items and "empty" in current.on:
                return self._enter(state, current.on["empty"], preface, events)
            speech += self._speak_items(state, current, items, keep_page)
        return state, Turn(current.name, tuple(speech), self._gather(current), events, state.outcome)

    def _speak_items(self, state: CallState, current: State, items: list[Item], keep_page: bool):
        state.offered = [item.value for item in items]
        if not keep_page or state.page * current.page_size >= len(items):
            state.page = 0
        start = state.page * current.page_size
        end = _page_end(current, len(items), start)
        spoken = []
        for key, item in enumerate(items[start:end], start=1):
            spoken += self._speak(state, current, current.item_prompt, {**item.params, "key": key})
        if len(items) > end:
            spoken += self._speak(state, current, "common.more", {"key": int(MORE_KEY)})
        if state.page:
            spoken += self._speak(state, current, "common.previous", {"key": int(PREVIOUS_KEY)})
        return spoken

    def _params(self, state: CallState, current: State) -> dict:
        if not current.params:
            return {}
        return self.registry.params[current.params](self._context(state))

    def _speak(self, state: CallState, current: State, prompt_id: str, params: dict) -> list[Speech]:
        languages = self.prompts.languages.codes if current.all_languages or not state.language else (state.language,)
        render, secret = self.prompts.render, holds_secret(params)
        speech = []
        for language in languages:
            text = render(prompt_id, language, params)
            # Only a Secret makes the call log's text differ from what the caller hears.
            logged = render(prompt_id, language, params, redact=True) if secret else text
            speech.append(Speech(prompt_id, language, text, static=not params, logged=logged))
        return speech

    def _context(self, state: CallState) -> Context:
        return Context(copy.deepcopy(state.data), state.language, state.caller, state.turn, self.services)

    @staticmethod
    def _gather(current: State) -> Gather:
        if current.kind == "entry":
            return Gather(current.digits, "#", current.key_seconds)
        return Gather(1, "")


def _copy(previous: CallState) -> CallState:
    """A state to change while ``previous`` stays as it was.

    The engine changes only the state's own fields and top-level containers (hooks change a
    deep copy of ``data``, see ``_context``), so copying those is enough: a deep copy of the
    whole state cost more than the rest of a simple step.
    """
    containers = {name: copy.copy(value) for name, value in vars(previous).items() if isinstance(value, (dict, list))}
    return dataclasses.replace(previous, **containers)


def _page_end(current: State, count: int, start: int) -> int:
    """Where the page from ``start`` ends: after ``page_size`` items, but a last item is never left
    alone for a page of its own; it takes the next key instead of "more" (the ninth hour of a day
    is key 9 on the hours' first page, so any time of a day is at most three keys away)."""
    end = start + current.page_size
    return count if count == end + 1 and current.page_size + 1 <= int(MORE_KEY) else end


def visit(current: State, data: dict) -> int | None:
    """Which visit of ``current`` a call with ``data`` makes: a menu said once per item of a list
    (each applicant's read-back) is a step of its own for each item, so that # goes back to the
    applicant before, not past every applicant keyed; None for any other menu."""
    return len(data.get(current.one_per, ())) if current.one_per else None


def _common_prompts() -> set[str]:
    """Prompts the engine itself speaks."""
    escalation = {prompt for pair in ESCALATION.values() for prompt in pair}
    return escalation | set(DEFAULT_HELP.values()) | {"common.goodbye_tries", "common.more", "common.previous"}


def _restart_way_back(state: CallState, menu: str) -> None:
    """Drop the way back past ``menu``: steps done with (an identification) are not gone back to."""
    names = [step for step, _ in state.history]
    if menu in names:
        state.history = state.history[: names.index(menu) + 1]

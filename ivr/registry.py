"""Named hooks the flows call: actions, prompt parameters, menu options and entry validators.

The engine only calls what is registered here; the hooks themselves (in ``ivr.actions``)
reach the booking domain, so the engine stays free of I/O of its own.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class Invalid(Exception):
    """An entry the caller must re-enter; ``prompt_id`` explains why, with ``params``.

    Without ``counts``, the entry was keyed right but its choice is refused (a date the office is
    not open): the caller hears why and the step's prompt again, and it is not a failed try.
    """

    def __init__(self, prompt_id: str, counts: bool = True, **params):
        super().__init__(prompt_id)
        self.prompt_id, self.counts, self.params = prompt_id, counts, params


@dataclass(frozen=True)
class Item:
    """One choice of a menu whose options are computed (offices, times)."""

    value: Any
    params: dict


@dataclass
class Context:
    """What a hook sees of the call: its data (to read and change), language, caller, services."""

    data: dict
    language: str | None
    caller: dict
    turn: int
    services: Any = None
    said: list = field(default_factory=list)

    def say(self, prompt_id: str, **params) -> None:
        """Queue a prompt for the caller, after what the flow has already said."""
        self.said.append((prompt_id, params))


@dataclass
class Registry:
    """The hooks by name, by the role they play in a flow state."""

    actions: dict[str, Callable[[Context], str]] = field(default_factory=dict)
    outcomes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # action -> outcomes it may return
    params: dict[str, Callable[[Context], dict]] = field(default_factory=dict)
    options: dict[str, Callable[[Context], list[Item]]] = field(default_factory=dict)
    validators: dict[str, Callable[[str, Context], Any]] = field(default_factory=dict)
    prompt_ids: set[str] = field(default_factory=set)

    def speaks(self, *prompt_ids: str) -> None:
        """Declare prompts the hooks speak, so start-up refuses a catalogue that lacks one."""
        self.prompt_ids.update(prompt_ids)

    def action(self, name: str, outcomes: tuple[str, ...]):
        """Decorator: register an action that returns one of ``outcomes`` (checked against the flows)."""
        self.outcomes[name] = tuple(outcomes)
        return self._register(self.actions, name)

    def param(self, name: str):
        """Decorator: register a provider of prompt placeholders."""
        return self._register(self.params, name)

    def option(self, name: str):
        """Decorator: register a provider of computed menu options."""
        return self._register(self.options, name)

    def validator(self, name: str):
        """Decorator: register an entry validator that returns the value to store."""
        return self._register(self.validators, name)

    @staticmethod
    def _register(table: dict, name: str):
        def decorate(function):
            table[name] = function
            return function

        return decorate

    def outcome_errors(self, state) -> list[str]:
        """How the transitions of an action state differ from the outcomes its hook declares."""
        declared = set(self.outcomes.get(state.action, ()))
        errors = [f"outcome {name!r} is not one {state.action} returns ({', '.join(sorted(declared))})"
                  for name in sorted(set(state.on) - declared)]
        return errors + [f"no transition for outcome {name!r} of {state.action}" for name in sorted(declared - set(state.on))]

    @classmethod
    def joined(cls, *parts: "Registry") -> "Registry":
        """One registry holding the hooks of ``parts``; a name registered twice is refused."""
        whole = cls()
        for part in parts:
            for role in ("actions", "outcomes", "params", "options", "validators"):
                table, more = getattr(whole, role), getattr(part, role)
                twice = sorted(table.keys() & more.keys())
                if twice:
                    raise ValueError(f"{role} registered twice: {', '.join(twice)}")
                table.update(more)
            whole.prompt_ids.update(part.prompt_ids)
        return whole

    def missing_for(self, state) -> list[str]:
        """The hooks ``state`` names that are not registered."""
        wanted = [
            (self.actions, state.action),
            (self.params, state.params),
            (self.options, state.options_from),
            (self.validators, state.validator),
        ]
        return [name for table, name in wanted if name and name not in table]

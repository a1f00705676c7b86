"""The values the engine trades in: call state in, call state and a Turn out."""
import json
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Speech:
    """One prompt as the caller hears it."""

    prompt_id: str
    language: str
    text: str
    static: bool = True  # no placeholders: a recording of the prompt may be played instead
    logged: str = ""  # the text with secret values masked, for the call log


@dataclass(frozen=True)
class Gather:
    """What keys the line waits for after speaking."""

    num_digits: int | None
    finish_on_key: str
    timeout: int | None = None  # seconds to wait for a key, when the step needs more than usual


@dataclass(frozen=True)
class Turn:
    """What the line does for one webhook: speak, then wait for keys or hang up."""

    step: str
    speech: tuple[Speech, ...]
    gather: Gather | None
    events: tuple[str, ...] = ()
    outcome: str | None = None

    @property
    def hangup(self) -> bool:
        """True when the line ends the call after speaking."""
        return self.gather is None


@dataclass
class CallState:
    """Everything the line remembers about one call between webhooks (stored as JSON)."""

    step: str
    caller: dict
    language: str | None = None
    tries: int = 0
    turn: int = 0
    data: dict = field(default_factory=dict)
    history: list = field(default_factory=list)
    offered: list = field(default_factory=list)
    page: int = 0
    outcome: str | None = None
    failure: str | None = None  # the last wrong or missing input at this step, for the retry's words
    # What was said on entering the step before its own prompt (a closure notice, a refusal), as
    # Speech fields: * says it again with the prompt; a retry's apology is not part of it.
    preface: list = field(default_factory=list)

    def to_json(self) -> str:
        """Serialise for the call-state store."""
        # vars(), not asdict(): the fields are plain JSON values already, and asdict deep-copies.
        return json.dumps(vars(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "CallState":
        """Rebuild from the call-state store."""
        return cls(**json.loads(text))

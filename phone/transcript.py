"""What the caller heard and did on one call: events on a simulated clock."""
from dataclasses import dataclass, field
from typing import NamedTuple

LINE_HANGUP, END_OF_DOCUMENT, CALLER_HANGUP = "hangup", "end of document", "caller hung up"


class Event:
    """Something the caller heard or did; rendered through its class's FORMAT."""
    FORMAT = ""

    def render(self) -> str:
        """The event as one readable line."""
        return self.FORMAT.format(**vars(self))


@dataclass(frozen=True)
class Heard(Event):
    text: str
    language: str
    voice: str | None
    FORMAT = "[{language}] {text}"


@dataclass(frozen=True)
class Played(Event):
    url: str
    FORMAT = "[play {url}]"


@dataclass(frozen=True)
class Paused(Event):
    seconds: int
    FORMAT = "[pause {seconds} s]"


@dataclass(frozen=True)
class Pressed(Event):
    keys: str
    FORMAT = "[pressed {keys}]"


@dataclass(frozen=True)
class Silence(Event):
    seconds: int
    FORMAT = "[silence {seconds} s]"


@dataclass(frozen=True)
class Dropped(Event):
    keys: str
    FORMAT = "[dropped {keys}: pressed after the line stopped listening]"


@dataclass(frozen=True)
class Ended(Event):
    reason: str
    FORMAT = "[ended: {reason}]"


class Exchange(NamedTuple):
    """One turn as the caller lives it: what was heard since the previous Gather, and the keys pressed."""
    heard: tuple[str, ...]
    pressed: str


@dataclass
class Transcript:
    """Everything that happened on one call, in order, on a simulated clock."""
    events: list = field(default_factory=list)
    turns: list[Exchange] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def heard(self) -> list[str]:
        """The texts the caller heard, in order."""
        return [event.text for event in self.events if isinstance(event, Heard)]

    @property
    def ended_by(self) -> str | None:
        """'hangup' when the line ended the call, 'caller' when the caller did."""
        ends = [event.reason for event in self.events if isinstance(event, Ended)]
        return None if not ends else "caller" if ends[-1] == CALLER_HANGUP else "hangup"

    @property
    def keys_pressed(self) -> int:
        """How many keys reached the line (dropped keys did not)."""
        return sum(len(event.keys) for event in self.events if isinstance(event, Pressed))

    @property
    def duration(self) -> int:
        """Whole seconds of simulated time, as the status callback's CallDuration."""
        return round(self.seconds)

    def summary(self) -> str:
        """One line: how long the call lasted and how many keys reached the line."""
        return f"[{self.duration} s; keys pressed: {self.keys_pressed}]"

    def render(self) -> str:
        """The whole call as readable lines."""
        return "\n".join([event.render() for event in self.events] + [self.summary()])

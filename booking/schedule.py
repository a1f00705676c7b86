"""Value types of the office catalogue: localized text, date ranges and opening hours."""
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

MON_FRI = (0, 1, 2, 3, 4)
SATURDAY = (5,)


@dataclass(frozen=True)
class Localized:
    """One text in each language of the line, read with ``text[lang]``."""

    texts: tuple[tuple[str, str], ...]  # (language, text) pairs: hashable, unlike a dict

    def __getitem__(self, language: str) -> str:
        return dict(self.texts)[language]


@dataclass(frozen=True)
class DateRange:
    """Days from ``start`` to ``end``, both included; ``None`` leaves that side open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __contains__(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: "DateRange") -> bool:
        """True when some day lies in both ranges."""
        open_start = self.start is None or other.end is None
        open_end = self.end is None or other.start is None
        return (open_start or self.start <= other.end) and (open_end or self.end >= other.start)


@dataclass(frozen=True)
class Span:
    """Hours on some weekdays (0 is Monday): ``opens`` to ``closes``, "HH:MM"."""

    weekdays: tuple[int, ...]
    opens: str
    closes: str

    def overlaps(self, other: "Span") -> bool:
        """True when both spans share a weekday and some minutes."""
        same_day = set(self.weekdays) & set(other.weekdays)
        return bool(same_day) and self.opens < other.closes and other.opens < self.closes


@dataclass(frozen=True)
class HoursPeriod:
    """Hours in force over a date range, with the application types they serve (if limited)."""

    valid: DateRange
    spans: tuple[Span, ...]
    types: frozenset[str] = frozenset()

    def span_on(self, day: dt.date) -> Span | None:
        """The span for the weekday of ``day``, if the period and weekday have hours."""
        if day not in self.valid:
            return None
        return next((span for span in self.spans if day.weekday() in span.weekdays), None)


def minutes_of(hhmm: str) -> int:
    """Minutes after midnight of an "HH:MM" time."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def hhmm(minutes: int) -> str:
    """The "HH:MM" form of minutes after midnight."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@lru_cache(maxsize=256)
def slot_starts(opens: str, closes: str, slot_minutes: int) -> tuple[str, ...]:
    """Start times of the whole slots between ``opens`` and ``closes``."""
    last_start = minutes_of(closes) - slot_minutes
    return tuple(hhmm(m) for m in range(minutes_of(opens), last_start + 1, slot_minutes))

"""The words a caller hears for the values in a prompt, in each language of the line.

``words(value, language)`` picks the reading from the value's type: the marker types below
say how a number or a string is to be read; ``int``, ``datetime.date`` and ``datetime.time``
have their natural readings; a ``dict`` keyed by language holds a localized value; any
other ``str`` is already words. A language reads values with the number speaker its row in
the table of languages names, and is timed at its row's speaking rate.
"""
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from ivr.speech import english
from ivr.speech.chinese import ChineseSpeaker
from ivr.speech.timing import chinese_syllables, english_words
from languages import LINE, Languages


@dataclass(frozen=True)
class Spelled:
    """Capital letters and digits read one by one; ``bracket_last`` for a check character."""

    text: str
    bracket_last: bool = False

    def __post_init__(self):
        if not self.text or not all(c.isdigit() or "A" <= c <= "Z" for c in self.text):
            raise ValueError(f"only capital letters and digits can be spelled: {self.text!r}")


@dataclass(frozen=True)
class DigitString:
    """Digits read one by one, such as a booking reference."""

    digits: str

    def __post_init__(self):
        if not (self.digits.isascii() and self.digits.isdigit()):
            raise ValueError(f"not a string of digits: {self.digits!r}")


@dataclass(frozen=True)
class Year:
    """A calendar year."""

    value: int


@dataclass(frozen=True)
class DayOfMonth:
    """A day of the month, 1 to 31."""

    value: int

    def __post_init__(self):
        if not 1 <= self.value <= 31:
            raise ValueError(f"not a day of the month: {self.value}")


@dataclass(frozen=True)
class Money:
    """An amount in whole Hong Kong dollars."""

    dollars: int


@dataclass(frozen=True)
class Count:
    """A number of things, said as it is before a measure word (兩位, not 二位)."""

    value: int


@dataclass(frozen=True)
class Hours:
    """Opening hours, one clock time to another (the day's part said once when both share it)."""

    opens: datetime.time
    closes: datetime.time


@dataclass(frozen=True)
class Address:
    """A written address, said as words: floors ("8/F") and number ranges ("223-231") spelled out."""

    text: str


# Checked in order: the markers first, then the built-in types.
_READINGS = (
    (Spelled, lambda speaker, value: speaker.spelled(value.text, value.bracket_last)),
    (DigitString, lambda speaker, value: speaker.digits(value.digits)),
    (Year, lambda speaker, value: speaker.year(value.value)),
    (DayOfMonth, lambda speaker, value: speaker.day_of_month(value.value)),
    (Money, lambda speaker, value: speaker.money(value.dollars)),
    (Count, lambda speaker, value: speaker.count(value.value)),
    (Hours, lambda speaker, value: speaker.hours(value.opens, value.closes)),
    (Address, lambda speaker, value: speaker.address(value.text)),
    (int, lambda speaker, value: speaker.cardinal(value)),
    (datetime.date, lambda speaker, value: speaker.date(value)),
    (datetime.time, lambda speaker, value: speaker.time(value)),
)


class Speaker(NamedTuple):
    """How one language reads values, and what its speaking rate counts."""

    reader: object  # a module or object with cardinal(), date(), time(), spelled(), ...
    units: Callable[[str], int]


# Named in the table's ``number_speaker``; a new language may use one of these or add its own.
SPEAKERS = {
    "zh-HK": Speaker(ChineseSpeaker("zh-HK"), chinese_syllables),
    "zh-CN": Speaker(ChineseSpeaker("zh-CN"), chinese_syllables),
    "en-GB": Speaker(english, english_words),
}


def check_speakers(languages: Languages) -> None:
    """Refuse a table that names a number speaker this line does not have."""
    for row in languages:
        if row.number_speaker not in SPEAKERS:
            raise ValueError(f"language {row.code}: no number speaker {row.number_speaker!r} "
                             f"(there are {', '.join(SPEAKERS)})")


def words(value, language: str, languages: Languages = LINE) -> str:
    """The words for a prompt placeholder's value in the language."""
    reader = SPEAKERS[languages[language].number_speaker].reader
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if language not in value:
            raise ValueError(f"no {language!r} entry in {value!r}")
        return words(value[language], language, languages)
    # bool is an int and datetime a date: both would be read wrongly, so refuse them.
    if not isinstance(value, (bool, datetime.datetime)):
        for kind, read in _READINGS:
            if isinstance(value, kind):
                return read(reader, value)
    raise TypeError(f"no spoken form for {type(value).__name__}: {value!r}")


def speech_seconds(text: str, language: str, languages: Languages = LINE) -> float:
    """Estimated seconds to say the text in the language, at its row's speaking rate."""
    row = languages[language]
    return SPEAKERS[row.number_speaker].units(text) / row.speech_rate

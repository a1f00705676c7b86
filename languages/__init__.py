"""The languages the line speaks: one table (``data/languages.json``) that every part reads.

A row names the prompt file, the menu key, Twilio's voice, the speaking rate, the espeak-ng
voice of a replay and the number speaker. An app may run on another table (``LANGUAGES_FILE``).
"""
import json
from dataclasses import dataclass, fields
from pathlib import Path

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "languages.json"
MENU_KEYS = frozenset("12345678")  # 9 is "more", * and # are universal, 0 is kept free
STAFF_LANGUAGE = "en-GB"  # what staff read of the office texts (the CLI and its refusals): a code of every table


class LanguageError(ValueError):
    """A table of languages that must not run; the message names the row and field."""


@dataclass(frozen=True)
class Language:
    """One row of the table."""

    code: str
    name: str
    menu_key: str
    twilio_voice: str
    twilio_language: str
    speech_rate: float
    espeak_voice: str
    number_speaker: str


@dataclass(frozen=True)
class Languages:
    """The rows in menu order, read by code: ``languages["en-GB"]``, ``"en-GB" in languages``."""

    rows: tuple[Language, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes in menu order."""
        return tuple(row.code for row in self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, code) -> bool:
        return code in self.codes

    def __getitem__(self, code: str) -> Language:
        for row in self.rows:
            if row.code == code:
                return row
        raise ValueError(f"unknown language {code!r}: expected one of {self.codes}")

    def spoken_as(self, twilio_language: str) -> Language | None:
        """The row whose <Say> language is ``twilio_language``, or None."""
        return next((row for row in self.rows if row.twilio_language == twilio_language), None)


def load_languages(path: str | Path | None = None) -> Languages:
    """The checked table from ``path`` (default: ``data/languages.json``)."""
    path = Path(path) if path else DEFAULT_FILE
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise LanguageError(f"{path}: cannot read the table of languages: {error}") from error
    rows = tuple(_row(entry, index) for index, entry in enumerate(entries))
    for name in ("code", "menu_key"):
        values = [getattr(row, name) for row in rows]
        if not values or len(set(values)) != len(values):
            raise LanguageError(f"{path}: every language needs its own {name}: {values}")
    if STAFF_LANGUAGE not in (row.code for row in rows):
        raise LanguageError(f"{path}: no row for {STAFF_LANGUAGE}, the language staff read")
    return Languages(rows)


def _row(entry, index: int) -> Language:
    names = {field.name for field in fields(Language)}
    if not isinstance(entry, dict) or set(entry) != names:
        raise LanguageError(f"language #{index}: needs exactly the fields {sorted(names)}")
    row = Language(**entry)
    if row.menu_key not in MENU_KEYS:
        raise LanguageError(f"language {row.code}: menu_key {row.menu_key!r} is not one of 1-8")
    if not isinstance(row.speech_rate, (int, float)) or row.speech_rate <= 0:
        raise LanguageError(f"language {row.code}: speech_rate must be a positive number")
    return row


LINE = load_languages()  # the line's own table, for code that runs without an app


def languages_of(app) -> Languages:
    """The table the app runs on (``LANGUAGES_FILE``, else the line's own, as for an app not of the line)."""
    return app.extensions.get("languages", LINE)


def init_app(app) -> None:
    """Load the app's table: every other part reads it from here."""
    path = app.config.get("LANGUAGES_FILE")
    app.extensions["languages"] = load_languages(path) if path else LINE

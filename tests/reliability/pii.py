"""The personal data a test campaign keys, in every form it could leak in, and a scan for it."""
import re
from dataclasses import dataclass

from booking.identity import HK_NUMBER, display
from ivr.speech import DigitString, Year, words
from languages import LINE
from tests.ivr.calls import keypad
from tests.supervision.test_privacy import SEALED

TOKEN = re.compile(r"[A-Za-z0-9]+")
# The instants records carry (epoch seconds with a fraction, "at": 1796088968.8642092) are no one's
# data, but their random digits can spell a document's serial (864209): left out of the scan.
INSTANT = re.compile(r"(?<![\d.])1\d{9}\.\d+(?![\d.])")


@dataclass(frozen=True)
class Person:
    """One applicant as keyed on the line: document type key, number, day and year of birth."""

    doc_type: str
    number: str
    day: str
    year: str

    @property
    def serial(self) -> str:
        """The digits that identify the document (what a mask never shows)."""
        return self.number[-7:-1] if HK_NUMBER.fullmatch(self.number) else self.number[2:]

    def keys(self) -> list[str]:
        """The keys that enter this applicant (``0`` and the type for other than an identity card) and confirm."""
        other = [] if self.doc_type == "1" else ["0", self.doc_type]
        return [*other, keypad(self.number), self.day, self.year, "1"]


def spoken(value) -> list[str]:
    """``value`` as the line would say it, in every language."""
    return [words(value, language).lower() for language in LINE.codes]


@dataclass(frozen=True)
class Secrets:
    """What must never be found in clear: exact tokens, parts of tokens, spoken phrases."""

    tokens: frozenset[str]
    parts: frozenset[str]
    phrases: frozenset[str]

    @classmethod
    def of(cls, people: list[Person], codes: list[str], phones: tuple[str, ...] = ()) -> "Secrets":
        """The secrets of a campaign's applicants, enquiry codes and calling numbers."""
        tokens = {p.year for p in people} | {p.day + p.year for p in people} | set(codes)
        parts = {form for p in people for form in (p.number, display(p.number), keypad(p.number), p.serial)}
        parts |= {phone[-8:] for phone in phones}  # the subscriber number, with or without +852
        phrases = [form for p in people for form in spoken(DigitString(p.serial)) + spoken(Year(int(p.year)))]
        phrases += [form for code in codes for form in spoken(DigitString(code))]
        return cls(frozenset(tokens), frozenset(part.rstrip("#") for part in parts), frozenset(phrases))

    def leaks(self, text: str) -> list[str]:
        """The secrets found in clear in ``text`` (a sealed value is not in clear)."""
        if SEALED.fullmatch(text):
            return []
        text = INSTANT.sub(" ", text)
        found = [token for token in TOKEN.findall(text)
                 if token in self.tokens or any(part in token for part in self.parts)]
        found += [part for part in self.parts if not part.isalnum() and part in text]
        return found + [phrase for phrase in self.phrases if phrase in text.lower()]

"""Callers that answer by what they hear, so a booking survives races (slot taken, day full).

A fixed script of keys goes astray when another caller takes the offered time first; these
callers recognise each prompt (by the longest fixed part of its English text) and answer it.
"""
import json
import re
from dataclasses import dataclass
from functools import cache

from ivr.line import ROOT
from phone import Call, Heard, PhoneError, Pressed, Silence
from tests.ivr.calls import keypad

DIGIT_WORDS = "zero one two three four five six seven eight nine".split()
REFERENCE = re.compile(r"(?:Reference|reference number is) ([a-z, ]+)\.")  # the booking read-back, or a landed booking
APOLOGY = "the booking line has a technical problem"
PLACEHOLDER = re.compile(r"\{[^}]*\}")
# Prompts after which a booking caller gives up and hangs up (the line would go back to a menu).
GIVE_UP = ("booking.already_booked", "booking.no_office", "booking.no_dates")


@cache
def _fragments() -> dict[str, str]:
    """Each English prompt id with the longest fixed part of its text."""
    catalogue = json.loads((ROOT / "prompts" / "en-GB.json").read_text(encoding="utf-8"))
    return {prompt: max(PLACEHOLDER.split(text), key=len).strip() for prompt, text in catalogue.items()}


def recognise(text: str, prompts) -> str | None:
    """Which of ``prompts`` the line said in ``text``, if any."""
    fragments = _fragments()
    return next((prompt for prompt in prompts if fragments[prompt] in text), None)


def recognised(texts: list[str], prompts) -> list[str]:
    """The prompts of ``prompts`` said in ``texts``, in order."""
    return [prompt for prompt in (recognise(text, prompts) for text in texts) if prompt]


def booking_answers(number: str, code: str = "1234", day: str = "05", year: str = "1985") -> dict[str, str]:
    """The keys an English caller presses at each prompt of a one-applicant HKID booking."""
    return {
        "main.language": "3", "main.menu": "1", "booking.applicants": "1", "booking.doc_first": keypad(number),
        "booking.birth_day": day, "booking.birth_year": year, "booking.applicant_confirm": "1",
        "booking.app_type": "6", "booking.office": "1", "booking.date_offer": "1", "booking.hours": "1",
        "booking.times": "1", "booking.time_confirm": "1", "booking.code": code, "booking.confirm_remind": "2",
        "booking.confirm": "1",
    }


@dataclass(frozen=True)
class Outcome:
    """How a call ended for the caller: booked (with the reference), apology, refused (why), ended."""

    call_sid: str
    kind: str
    reference: str | None = None
    detail: str = ""


def heard_since_last_answer(events) -> list[str]:
    """What the caller heard since they last pressed keys or stayed silent."""
    texts = []
    for event in events:
        if isinstance(event, (Pressed, Silence)):
            texts = []
        elif isinstance(event, Heard):
            texts.append(event.text)
    return texts


def answering(call: Call, answers: dict[str, str]):
    """A keypad for ``call.run_interactive`` that answers the last prompt it recognises."""
    def read_keys(_rules: str) -> str:
        heard = heard_since_last_answer(call.transcript.events)
        known = recognised(heard, answers)
        if not known or recognised(heard, GIVE_UP):
            return "q"  # an unexpected prompt, or nothing left to try: hang up
        return answers[known[-1]]
    return read_keys


def heard_reference(heard: list[str]) -> str | None:
    """The booking reference the line read back (digit by digit, in English), if any."""
    match = next(filter(None, (REFERENCE.search(text) for text in heard)), None)
    return "".join(str(DIGIT_WORDS.index(word)) for word in match.group(1).split(", ")) if match else None


def outcome_of(call_sid: str, heard: list[str]) -> Outcome:
    """Booked (with the reference the caller heard), apology, refused, or how else it ended."""
    reference, refusals = heard_reference(heard), recognised(heard, GIVE_UP)
    if reference:
        return Outcome(call_sid, "booked", reference)
    if any(APOLOGY in text for text in heard):
        return Outcome(call_sid, "apology")
    if refusals:
        return Outcome(call_sid, "refused", detail=refusals[-1])
    return Outcome(call_sid, "ended", detail=heard[-1] if heard else "")


def phone_of(number: str) -> str:
    """A Hong Kong mobile number of its own for the holder of ``number``: real callers are different
    people, and the line limits bookings and look-ups per calling number."""
    return "+8529" + "".join(ch for ch in number if ch.isdigit())[-7:].rjust(7, "0")


def book_by_ear(transport, number: str, from_number: str | None = None, **answers) -> Outcome:
    """One English booking call for ``number`` (from its holder's own phone) that answers whatever prompt it hears."""
    call = Call(transport, from_number=from_number or phone_of(number))
    try:
        transcript = call.run_interactive(answering(call, booking_answers(number, **answers)), lambda line: None)
    except PhoneError as error:
        return Outcome(call.call_sid, "http_error", detail=str(error))
    return outcome_of(call.call_sid, transcript.heard)

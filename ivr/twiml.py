"""A Turn as TwiML, built only with twilio's ``VoiceResponse``.

A turn whose prompts hold no data (a menu, a help, a goodbye) reads the same on every call,
but for the turn number in its action URL: its document is built once and kept (``_fixed``),
the URL put in on each webhook. A turn that speaks data is built each time, and never kept,
so no caller's details stay in memory.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from twilio.twiml.voice_response import VoiceResponse

from ivr.turns import Gather, Speech, Turn

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
# Turns without data: a few per step, language and variant (a first try, a retry's apology
# and help, ...). Far more than the flows have, so the cache only bounds a bug's growth.
FIXED_TURNS = 4096
ACTION_MARK = "@action@"
# What ElementTree writes for these characters in an attribute value (besides & < >).
ATTRIBUTE_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}


@dataclass(frozen=True)
class Voice:
    """How Twilio speaks one prompt language."""

    voice: str
    say_language: str


@dataclass(frozen=True, eq=False)
class Rendering:
    """Everything TwiML needs beyond the Turn: voices, timeout, where keys go, recordings.

    Compared (and hashed) by identity, so the documents of fixed turns are kept per rendering.
    """

    voices: Mapping[str, Voice]
    timeout: int
    recording_url: Callable[[str, str], str | None]


def render(turn: Turn, rendering: Rendering, action_url: str) -> str:
    """The TwiML document for ``turn``; keys are posted to ``action_url``."""
    if not all(speech.static for speech in turn.speech):
        return _build(turn.speech, turn.gather, rendering, action_url)
    head, tail = _fixed(turn.speech, turn.gather, rendering)
    return head if tail is None else head + escape(action_url, ATTRIBUTE_ENTITIES) + tail


@lru_cache(maxsize=FIXED_TURNS)
def _fixed(speech: tuple[Speech, ...], gather: Gather | None, rendering: Rendering) -> tuple[str, str | None]:
    """The document of a turn without data, split where the action URL goes (tail None: it has none).

    The mark's first occurrence is the Gather's action attribute: what is spoken comes after it.
    """
    head, mark, tail = _build(speech, gather, rendering, ACTION_MARK).partition(ACTION_MARK)
    return head, (tail if mark else None)


def _build(speech: tuple[Speech, ...], gather: Gather | None, rendering: Rendering, action_url: str) -> str:
    """The document, through twilio's builder."""
    response = VoiceResponse()
    if gather is None:
        _speak(response, speech, rendering)
        response.hangup()
        return _document(response)
    verb = response.gather(
        input="dtmf",
        action=action_url,
        method="POST",
        timeout=gather.timeout or rendering.timeout,
        finish_on_key=gather.finish_on_key,
        action_on_empty_result=True,
        **({"num_digits": gather.num_digits} if gather.num_digits else {}),
    )
    _speak(verb, speech, rendering)
    return _document(response)


def _speak(verb, speeches: tuple[Speech, ...], rendering: Rendering) -> None:
    for speech in speeches:
        recording = speech.static and rendering.recording_url(speech.language, speech.prompt_id)
        if recording:
            verb.play(recording)
        else:
            voice = rendering.voices[speech.language]
            verb.say(speech.text, voice=voice.voice, language=voice.say_language)


def apology(message_by_language: Mapping[str, str], rendering: Rendering) -> str:
    """TwiML that apologises in every language and hangs up (used when anything fails)."""
    response = VoiceResponse()
    for language, text in message_by_language.items():
        voice = rendering.voices[language]
        response.say(text, voice=voice.voice, language=voice.say_language)
    response.hangup()
    return _document(response)


def _document(response: VoiceResponse) -> str:
    """What ``str(response)`` gives, serialised to text directly.

    twilio serialises its element tree to UTF-8 bytes and decodes them again; writing text
    straight away gives the same document in half the time.
    """
    return DECLARATION + ElementTree.tostring(response.xml(), encoding="unicode")

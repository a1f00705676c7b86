"""A Turn as TwiML, built only with twilio's ``VoiceResponse``."""
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from xml.etree import ElementTree

from twilio.twiml.voice_response import VoiceResponse

from ivr.turns import Turn

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


@dataclass(frozen=True)
class Voice:
    """How Twilio speaks one prompt language."""

    voice: str
    say_language: str


@dataclass(frozen=True)
class Rendering:
    """Everything TwiML needs beyond the Turn: voices, timeout, where keys go, recordings."""

    voices: Mapping[str, Voice]
    timeout: int
    recording_url: Callable[[str, str], str | None]


def render(turn: Turn, rendering: Rendering, action_url: str) -> str:
    """The TwiML document for ``turn``; keys are posted to ``action_url``."""
    response = VoiceResponse()
    if turn.gather is None:
        _speak(response, turn, rendering)
        response.hangup()
        return _document(response)
    gather = response.gather(
        input="dtmf",
        action=action_url,
        method="POST",
        timeout=turn.gather.timeout or rendering.timeout,
        finish_on_key=turn.gather.finish_on_key,
        action_on_empty_result=True,
        **({"num_digits": turn.gather.num_digits} if turn.gather.num_digits else {}),
    )
    _speak(gather, turn, rendering)
    return _document(response)


def _speak(verb, turn: Turn, rendering: Rendering) -> None:
    for speech in turn.speech:
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

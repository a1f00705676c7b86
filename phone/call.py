"""A terminal phone: it calls the webhook app and follows the TwiML it answers, as Twilio would.

People use it through ``flask --app app call``; multi-step tests drive the same ``Call``.
<Gather> follows Twilio's documented rules: it ends on numDigits digits, on finishOnKey (not
part of Digits) or on timeout, and submits the digits; with none (silence, or the finish key
alone) it falls through to the next verb, unless actionOnEmptyResult posts Digits="".
"""
import secrets
import urllib.parse
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Callable, Iterable, NamedTuple

from twilio.request_validator import RequestValidator

from ivr.keypad import KEYPAD
from ivr.speech import speech_seconds
from languages import LINE, Languages
from phone.transcript import (CALLER_HANGUP, END_OF_DOCUMENT, LINE_HANGUP, Dropped, Ended, Event,
                              Exchange, Heard, Paused, Played, Pressed, Silence, Transcript)
from phone.transports import PhoneError, Transport

SECONDS_PER_KEY = 0.5
PLAY_SECONDS = 3  # the phone cannot measure a recording, so it counts a short prompt's worth
SILENT_WORDS = {"wait", "silence"}
HUNG_UP = object()
PLACEHOLDER_ACCOUNT_SID = "AC" + "0" * 32  # the shape of a real one, for an app that checks it
UNKNOWN_SAY_TIMED_AS = "en-GB"


def timing_language(say_language: str, languages: Languages = LINE) -> str:
    """The language of the table whose speaking rate times a Twilio ``<Say language>``.

    A row's Twilio language or its own code names it; anything else (Twilio reads a Say
    without a language in en-US) is timed as English.
    """
    row = languages.spoken_as(say_language)
    if row:
        return row.code
    return say_language if say_language in languages else UNKNOWN_SAY_TIMED_AS


class Collected(NamedTuple):
    """How one Gather split the caller's keys."""
    pressed: str
    dropped: str
    digits: str
    timed_out: bool


@dataclass(frozen=True)
class GatherRules:
    """The attributes of one <Gather> that decide when collection ends."""
    num_digits: int | None
    finish_on_key: str
    timeout: int

    @classmethod
    def of(cls, verb: ElementTree.Element) -> "GatherRules":
        """Twilio's defaults: unlimited digits, '#' finishes, 5 seconds."""
        num_digits = verb.get("numDigits")
        return cls(int(num_digits) if num_digits else None, verb.get("finishOnKey", "#"),
                   int(verb.get("timeout", "5")))

    def describe(self) -> str:
        """The rules as a keypad prompt, e.g. 'keys (up to 1, # ends):'."""
        parts = [f"up to {self.num_digits}"] if self.num_digits else []
        parts += [f"{self.finish_on_key} ends"] if self.finish_on_key else []
        return f"keys ({', '.join(parts or ['silence ends'])}):"

    def collect(self, keys: str) -> Collected:
        """Split keys into those the Gather takes, those pressed too late, and Digits."""
        for count, key in enumerate(keys, start=1):
            if key == self.finish_on_key:
                return Collected(keys[:count], keys[count:], keys[:count - 1], False)
            if count == self.num_digits:
                return Collected(keys[:count], keys[count:], keys[:count], False)
        return Collected(keys, "", keys, True)


def parse_entry(entry: str) -> str:
    """The DTMF keys of one script entry: '' for silence ('', 'wait', 'silence'), no spaces."""
    keys = "".join(entry.split())
    if keys.lower() in SILENT_WORDS:
        return ""
    if set(keys) - KEYPAD:
        raise ValueError(f"not DTMF keys: {entry!r} (use 0-9 * #, or '' / 'wait' for silence)")
    return keys


class Call:
    """One inbound call to the line, driven by a script of keys or by a person."""

    def __init__(self, transport: Transport, from_number: str = "+85291234567",
                 to_number: str = "+85221234567", call_sid: str | None = None,
                 auth_token: str | None = None, base_url: str = "http://localhost",
                 account_sid: str | None = None, max_requests: int = 200, languages: Languages = LINE):
        self.transport, self.auth_token = transport, auth_token
        self.from_number, self.to_number = from_number, to_number
        self.account_sid = account_sid or PLACEHOLDER_ACCOUNT_SID
        self.call_sid = call_sid or "CA" + secrets.token_hex(16)
        self.base_url, self.max_requests = base_url.rstrip("/"), max_requests
        self.languages = languages  # the line's table: it times what the caller hears
        self.transcript = Transcript()

    def run(self, keys: Iterable[str]) -> Transcript:
        """Play the call with one script entry per Gather; when they run out, hang up."""
        entries = iter(keys)
        return self._drive(lambda rules: next(entries, None), lambda event: None)

    def run_interactive(self, read_keys: Callable[[str], str],
                        write: Callable[[str], None]) -> Transcript:
        """Play the call with a person: write() what is heard, read_keys() at each Gather."""
        def answer(rules: GatherRules) -> str | None:
            typed = read_keys(rules.describe())
            return None if typed.strip().lower() == "q" else typed
        return self._drive(answer, lambda event: write(event.render()))

    def _drive(self, answer, listen) -> Transcript:
        """Follow the line's documents from the first ring until the call ends."""
        self._answer, self._listen = answer, listen
        self.transcript, self._heard_since_turn = Transcript(), []
        path, digits, status = "/voice", None, "ringing"
        for _ in range(self.max_requests):
            next_request = self._follow(self._fetch(path, digits, status), path)
            if next_request is None:
                return self._report_completed()
            (path, digits), status = next_request, "in-progress"
        raise PhoneError(f"call {self.call_sid} made {self.max_requests} requests "
                         "without ending: the line loops")

    def _follow(self, verbs, path):
        """Perform one document: the next (path, Digits) to request, or None once it ended."""
        for verb in verbs:
            if verb.tag == "Gather":
                digits = self._gather(verb)
                if digits is HUNG_UP:
                    return self._end(CALLER_HANGUP)
                if digits is not None:
                    return self._target(path, verb.get("action", ""), verb), digits
            elif verb.tag == "Redirect":
                return self._target(path, verb.text or "", verb), None
            elif verb.tag == "Hangup":
                return self._end(LINE_HANGUP)
            else:
                self._sound(verb)
        return self._end(END_OF_DOCUMENT)

    def _sound(self, verb) -> None:
        """Hear a Say, Play or Pause, advancing the clock by its length."""
        if verb.tag == "Say":
            text, language = "".join(verb.itertext()).strip(), verb.get("language", "en-US")
            self._heard_since_turn.append(text)
            seconds = speech_seconds(text, timing_language(language, self.languages), self.languages)
            self._record(Heard(text, language, verb.get("voice")), seconds)
        elif verb.tag == "Play":
            self._record(Played((verb.text or "").strip()), PLAY_SECONDS)
        elif verb.tag == "Pause":
            length = int(verb.get("length", "1"))
            self._record(Paused(length), length)
        else:
            raise PhoneError(f"the phone does not know <{verb.tag}>")

    def _gather(self, verb):
        """Let the caller answer: the Digits to submit, None to fall through, or HUNG_UP."""
        if "dtmf" not in verb.get("input", "dtmf"):
            raise PhoneError("the phone has only a keypad: <Gather> must accept dtmf")
        for nested in verb:
            self._sound(nested)
        rules = GatherRules.of(verb)
        entry = self._answer(rules)
        if entry is None:
            return HUNG_UP
        got = rules.collect(parse_entry(entry))
        self.transcript.turns.append(Exchange(tuple(self._heard_since_turn), got.pressed))
        self._heard_since_turn = []
        if got.pressed:
            self._record(Pressed(got.pressed), SECONDS_PER_KEY * len(got.pressed))
        if got.dropped:
            self._record(Dropped(got.dropped))
        if got.timed_out:
            self._record(Silence(rules.timeout), rules.timeout)
        empty_is_sent = verb.get("actionOnEmptyResult", "false").lower() == "true"
        return got.digits if got.digits or empty_is_sent else None

    def _target(self, path: str, url: str, verb) -> str:
        """The path (and query) a Gather or Redirect sends the call to, relative to this one."""
        if verb.get("method", "POST").upper() != "POST":
            raise PhoneError(f"<{verb.tag}> asks for {verb.get('method')}: the phone only POSTs")
        target = urllib.parse.urljoin(self.base_url + path, url.strip())
        if not target.startswith(self.base_url + "/"):
            raise PhoneError(f"<{verb.tag}> leaves the line for {target}")
        return target[len(self.base_url):]

    def _fetch(self, path: str, digits: str | None, status: str) -> list:
        """POST one webhook and return the verbs of the TwiML it answers with."""
        form = self._form(status) if digits is None else self._form(status, Digits=digits)
        body = self._post(path, form)
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError as error:
            raise PhoneError(f"POST {path} answered with no XML ({error}): {body[:200]!r}") \
                from None
        if root.tag != "Response":
            raise PhoneError(f"POST {path} answered <{root.tag}>, not a TwiML <Response>")
        return list(root)

    def _post(self, path: str, form: dict) -> str:
        """POST, signed as Twilio signs when a token is known; anything but 200 is an error."""
        headers = {}
        if self.auth_token:
            validator = RequestValidator(self.auth_token)
            headers["X-Twilio-Signature"] = validator.compute_signature(self.base_url + path, form)
        status, body = self.transport.post(path, form, headers)
        if status != 200:
            raise PhoneError(f"POST {path} answered HTTP {status}: {body[:200]!r}")
        return body

    def _form(self, status: str, **extra: str) -> dict:
        """The parameters Twilio sends with every request about this call."""
        return {"CallSid": self.call_sid, "AccountSid": self.account_sid,
                "From": self.from_number, "To": self.to_number, "CallStatus": status,
                "Direction": "inbound", "ApiVersion": "2010-04-01", **extra}

    def _record(self, event: Event, seconds: float = 0) -> None:
        """Add an event to the transcript, advance the clock and tell the listener."""
        self.transcript.events.append(event)
        self.transcript.seconds += seconds
        self._listen(event)

    def _end(self, reason: str) -> None:
        """Record how the call ended; _drive then reports it."""
        self._record(Ended(reason))

    def _report_completed(self) -> Transcript:
        """POST the status callback Twilio sends when a call ends, with its duration."""
        duration = str(self.transcript.duration)
        self._post("/voice/status", self._form("completed", CallDuration=duration))
        return self.transcript

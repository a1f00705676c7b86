"""A terminal phone: a client of the line that calls its webhooks as Twilio would."""
from phone.call import Call, GatherRules, parse_entry, timing_language
from phone.transcript import Dropped, Ended, Exchange, Heard, Paused, Played, Pressed, Silence, Transcript
from phone.transports import FlaskTransport, HttpTransport, PhoneError, Transport

__all__ = ["Call", "GatherRules", "parse_entry", "timing_language", "Dropped", "Ended", "Exchange",
           "Heard", "Paused", "Played", "Pressed", "Silence", "Transcript", "FlaskTransport",
           "HttpTransport", "PhoneError", "Transport"]

"""The reminder SMS: its text in the booking's language, and who sends it (Twilio, or the log).

The Twilio sender posts to the Messages API with ``twilio.rest.Client``; ``TWILIO_API_BASE_URL``
points it elsewhere (a local stand-in in tests). Without credentials the worker only logs,
with the number masked, what it would have sent.
"""
import logging

from requests import RequestException
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from booking.identity import mask_phone
from booking.model import Booking
from ivr.prompts import PromptRef, Prompts, applicants_phrase

log = logging.getLogger(__name__)

PROMPT_IDS = ("sms.reminder", "sms.date", "booking.together_one", "booking.together_many")
HTTP_TIMEOUT_SECONDS = 30  # well inside a claim, so a slow send cannot outlive it
TOO_MANY_REQUESTS = 429


class SendFailed(Exception):
    """The SMS was not accepted; ``permanent`` when trying again cannot help."""

    def __init__(self, message: str, permanent: bool):
        super().__init__(message)
        self.permanent = permanent


class ReminderText:
    """Writes the reminder of a booking from the prompt catalogue."""

    def __init__(self, prompts: Prompts, catalogue):
        prompts.require(PROMPT_IDS)
        self.prompts, self.catalogue = prompts, catalogue

    def of(self, booking: Booking) -> str:
        """The SMS text: reference, date and time in figures, office, address, who must come."""
        language, day = booking.language, booking.day
        office = self.catalogue.office(booking.office)
        date = PromptRef("sms.date", (("day", str(day.day)), ("month", str(day.month)), ("year", str(day.year))))
        return self.prompts.render("sms.reminder", language, {
            "reference": booking.reference,
            "date": date,
            "time": booking.time,
            "office": office.name[language],
            "address": office.address[language],
            "together": applicants_phrase(booking.applicants, "booking.together_one", "booking.together_many"),
        })


class TwilioSender:
    """Sends through Twilio's Messages API from ``from_number``."""

    def __init__(self, account_sid: str, auth_token: str, from_number: str, base_url: str | None = None):
        self.client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=HTTP_TIMEOUT_SECONDS))
        if base_url:
            self.client.api.base_url = base_url
        self.from_number = from_number

    def send(self, to: str, body: str) -> str:
        """Send ``body`` to ``to``; the message SID, or ``SendFailed``."""
        try:
            return self.client.messages.create(to=to, from_=self.from_number, body=body).sid
        except TwilioRestException as error:
            permanent = 400 <= error.status < 500 and error.status != TOO_MANY_REQUESTS
            raise SendFailed(f"Twilio answered {error.status} (code {error.code})", permanent) from None
        except (RequestException, TwilioException) as error:  # no answer: worth another try later
            raise SendFailed(f"Twilio unreachable: {type(error).__name__}", False) from None


class LogSender:
    """Stands in when Twilio is not configured: logs what would be sent, the number masked."""

    def send(self, to: str, body: str) -> str:
        """Log the SMS instead of sending it."""
        log.warning("no Twilio credentials: SMS to %s not sent: %s", mask_phone(to), body)
        return "logged, not sent"


def sender_of(config) -> TwilioSender | LogSender:
    """Twilio when ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN`` and ``TWILIO_FROM_NUMBER`` are set."""
    names = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")
    if not all(config.get(name) for name in names):
        return LogSender()
    return TwilioSender(*(config[name] for name in names), base_url=config.get("TWILIO_API_BASE_URL"))

"""The reminder SMS: its text in the booking's language, and who sends it (Twilio, or the log).

The Twilio sender posts to the Messages API with ``twilio.rest.Client``; ``TWILIO_API_BASE_URL``
points it elsewhere (a local stand-in in tests). Without credentials the worker only logs,
with the number masked, what it would have sent.

A send that times out may still have been accepted: ``SendFailed.unsure`` says so, and
``find_sent`` asks Twilio's message list whether that text already went to that number, so
the worker can look before it sends again.
"""
import logging

from requests import RequestException, Timeout
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
LIST_PAGE_SIZE = 50  # the newest messages to one number: a reminder sent earlier is among them


class SendFailed(Exception):
    """The SMS was not accepted; ``permanent`` when trying again cannot help; ``unsure`` when it may have gone."""

    def __init__(self, message: str, permanent: bool, unsure: bool = False):
        super().__init__(message)
        self.permanent, self.unsure = permanent, unsure


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

    def __init__(self, account_sid: str, auth_token: str, from_number: str, base_url: str | None = None,
                 timeout: float = HTTP_TIMEOUT_SECONDS):
        self.client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout))
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
        except Timeout as error:  # asked, but no answer in time: Twilio may have taken it
            raise SendFailed(f"Twilio did not answer in time: {type(error).__name__}", False, unsure=True) from None
        except (RequestException, TwilioException) as error:  # no answer: worth another try later
            raise SendFailed(f"Twilio unreachable: {type(error).__name__}", False) from None

    def find_sent(self, to: str, body: str) -> str | None:
        """The SID of a message with exactly ``body`` already sent from this line to ``to``, or None."""
        try:
            messages = self.client.messages.list(to=to, from_=self.from_number, limit=LIST_PAGE_SIZE)
        except (TwilioRestException, RequestException, TwilioException) as error:
            raise SendFailed(f"Twilio's message list unavailable: {type(error).__name__}", False, unsure=True) from None
        return next((message.sid for message in messages if message.body == body), None)


class LogSender:
    """Stands in when Twilio is not configured: logs what would be sent, the number masked."""

    def send(self, to: str, body: str) -> str:
        """Log the SMS instead of sending it."""
        log.warning("no Twilio credentials: SMS to %s not sent: %s", mask_phone(to), body)
        return "logged, not sent"

    def find_sent(self, to: str, body: str) -> str | None:
        """Nothing is ever sent, so nothing was."""
        return None


def sender_of(config) -> TwilioSender | LogSender:
    """Twilio when ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN`` and ``TWILIO_FROM_NUMBER`` are set."""
    names = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")
    if not all(config.get(name) for name in names):
        return LogSender()
    return TwilioSender(*(config[name] for name in names), base_url=config.get("TWILIO_API_BASE_URL"),
                        timeout=config.get("TWILIO_HTTP_TIMEOUT_SECONDS") or HTTP_TIMEOUT_SECONDS)

"""One call driven webhook by webhook, as Twilio posts them, for tests that step in between."""
import re
import secrets
import xml.etree.ElementTree as ElementTree

from tests.documents import hkid
from tests.ivr.calls import booking_keys

ACTION = re.compile(r'action="(/voice\?t=\d+)"')
CALLER = {"From": "+85291234567", "To": "+85221234567", "AccountSid": "AC" + "0" * 32}
# Everything up to the confirmation of a one-applicant booking; the next key confirms it.
*TO_SUMMARY, CONFIRM, _ = booking_keys("3", [hkid(910001)])  # the last key is the silence after the read-back


class WebhookCall:
    """A call whose every request is made explicitly; remembers the last Gather's action URL."""

    def __init__(self, client, call_sid: str | None = None, **form):
        self.client, self.call_sid = client, call_sid or "CA" + secrets.token_hex(16)
        self.form = {**CALLER, "CallSid": self.call_sid, **form}
        self.action, self.last, self.sent = None, None, None

    def start(self):
        """The first webhook of the call (Twilio's request when it answers)."""
        return self._post("/voice", {"CallStatus": "ringing"})

    def press(self, digits: str):
        """Answer the last Gather with ``digits``."""
        return self._post(self.action, {"CallStatus": "in-progress", "Digits": digits})

    def press_all(self, keys) -> None:
        """Answer one Gather after another with each entry of ``keys``."""
        for digits in keys:
            self.press(digits)

    def repeat(self):
        """Post the last request again, exactly (as Twilio does when it retries)."""
        return self._post(*self.sent)

    def _post(self, path: str, extra: dict):
        self.sent = (path, extra)
        self.last = self.client.post(path, data={**self.form, **extra})
        found = ACTION.search(self.last.get_data(as_text=True))
        self.action = found.group(1) if found else self.action
        return self.last


def twiml_root(body: bytes) -> ElementTree.Element:
    """The parsed TwiML document; raises when the body is not a TwiML <Response>."""
    root = ElementTree.fromstring(body)
    if root.tag != "Response":
        raise ValueError(f"not TwiML: <{root.tag}>")
    return root


def call_at_summary(app) -> WebhookCall:
    """A booking call waiting for the caller to confirm it (the code read back)."""
    call = WebhookCall(app.test_client())
    call.start()
    call.press_all(TO_SUMMARY)
    assert b"Your code is one, two, three, four. 1: book" in call.last.data
    return call

"""HTTP for the simulated callers: each POST timed and kept as a sample, as Twilio would send it.

One connection per request, as ``phone.HttpTransport`` makes, but with ``http.client``
directly: the load generator shares two cores with the server, so it must be cheap.
"""
import http.client
import time
import urllib.parse
from typing import NamedTuple

from phone import PhoneError

ROUND_TRIPS_HEADER = "X-Redis-Round-Trips"
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Connection": "close"}
TRANSPORT_FAILED = 0


class Sample(NamedTuple):
    """One webhook: when it was answered (monotonic s), how long it took, what came back."""

    ended: float
    seconds: float
    status: int
    round_trips: int | None
    size: int
    path: str
    webhook: str  # which webhook of which call: "booking #18"


class TimedTransport:
    """POSTs to one server on loopback, appending a ``Sample`` per request to ``samples``."""

    def __init__(self, base_url: str, samples: list, timeout: float = 30):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.samples = samples
        self.call_kind, self.webhooks = "", 0

    def start_call(self, kind: str) -> None:
        """Label the next requests as the webhooks of a new call of ``kind``."""
        self.call_kind, self.webhooks = kind, 0

    def post(self, path: str, form: dict, headers: dict) -> tuple[int, str]:
        """POST the form; a request that gets no answer is a sample with status 0."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.monotonic()
        try:
            connection.request("POST", path, urllib.parse.urlencode(form), {**headers, **FORM})
            response = connection.getresponse()
            body = response.read()
        except OSError as error:
            self._keep(started, TRANSPORT_FAILED, None, 0, path)
            raise PhoneError(f"no answer to POST {path}: {error}") from None
        finally:
            connection.close()
        round_trips = response.getheader(ROUND_TRIPS_HEADER)
        self._keep(started, response.status, round_trips and int(round_trips), len(body), path)
        return response.status, body.decode()

    def _keep(self, started: float, status: int, round_trips, size: int, path: str) -> None:
        ended = time.monotonic()
        self.webhooks += 1
        webhook = f"{self.call_kind} #{self.webhooks}"
        self.samples.append(Sample(ended, ended - started, status, round_trips, size, path, webhook))

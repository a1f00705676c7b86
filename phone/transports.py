"""How the terminal phone reaches the line: in-process through Flask, or over HTTP."""
import urllib.error
import urllib.parse
import urllib.request
from typing import Protocol


class PhoneError(Exception):
    """The line answered what Twilio would reject, or the call would never end."""


class Transport(Protocol):
    """How the phone reaches the line: one POST, answered with (status code, body)."""

    def post(self, path: str, form: dict, headers: dict) -> tuple[int, str]: ...


class FlaskTransport:
    """Calls the app in-process through its test client."""

    def __init__(self, client):
        self.client = client

    def post(self, path: str, form: dict, headers: dict) -> tuple[int, str]:
        """POST the form and return (status code, body)."""
        response = self.client.post(path, data=form, headers=headers)
        return response.status_code, response.get_data(as_text=True)


class HttpTransport:
    """Calls a running server over HTTP, meant for one on this machine."""

    def __init__(self, base_url: str, timeout: float = 10):
        self.base_url, self.timeout = base_url.rstrip("/"), timeout
        # A proxy from the environment would intercept calls meant for a local server.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def post(self, path: str, form: dict, headers: dict) -> tuple[int, str]:
        """POST the form and return (status code, body), error statuses included."""
        data = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.base_url + path, data, headers, method="POST")
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except urllib.error.URLError as error:
            raise PhoneError(f"no line answers at {self.base_url}: {error.reason}") from None

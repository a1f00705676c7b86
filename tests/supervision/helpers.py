"""Scripted calls, supervisor accounts and logins for the supervision tests."""
import re

from phone import Call, FlaskTransport, Heard, Pressed, Silence

HK_MOBILE = "+85291234567"
# Language 3 (English), main menu 5 (offices), office 1, # back, 6 (other), 2 (passport), hang up.
INFORMATION_CALL = ["3", "5", "1", "#", "6", "2"]
SILENT_CALL = ["", "", ""]
SUPERVISOR, PASSWORD = "alice", "correct horse battery"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def scripted_call(app, keys, from_number=HK_MOBILE):
    """Call the line with the scripted keys; (CallSid, transcript)."""
    phone = Call(FlaskTransport(app.test_client()), from_number=from_number)
    return phone.call_sid, phone.run(keys)


def lived(transcript) -> list[tuple[str, str]]:
    """What the caller heard, pressed and waited through, in order, as (kind, text)."""
    kinds = {Heard: lambda e: ("prompt", e.text), Pressed: lambda e: ("keys", e.keys),
             Silence: lambda e: ("silence", f"{e.seconds:.1f}")}
    return [kinds[type(event)](event) for event in transcript.events if type(event) in kinds]


def add_supervisor(runner, name=SUPERVISOR, password=PASSWORD):
    """Create an account through the CLI, as an administrator would."""
    result = runner.invoke(args=["supervisors", "add", name, "--password-stdin"], input=password + "\n")
    assert result.exit_code == 0, result.output
    return result


def csrf_token(client, path="/supervisor/login") -> str:
    """The CSRF token of the form on ``path``."""
    return CSRF_FIELD.search(client.get(path).get_data(as_text=True)).group(1)


def log_in(client, name=SUPERVISOR, password=PASSWORD, next_page=""):
    """Post the login form with its CSRF token; the response."""
    form = {"name": name, "password": password, "csrf_token": csrf_token(client), "next": next_page}
    return client.post("/supervisor/login", data=form)

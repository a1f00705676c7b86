"""A fourth language needs a row in the table, a prompt file and its office texts: nothing else."""
import json
import re

import pytest

from app import create_app
from booking.extensions import ledger_of
from booking.offices import DEFAULT_FILE as OFFICES
from ivr.line import ROOT
from languages import DEFAULT_FILE as TABLE
from phone import Call, FlaskTransport, Heard
from tests.documents import hkid
from tests.ivr.calls import booking_keys
from tests.supervision.helpers import add_supervisor, log_in

AMERICAN = {"code": "en-US", "name": "American English", "menu_key": "4",
            "twilio_voice": "Polly.Joanna", "twilio_language": "en-US", "speech_rate": 2.5,
            "espeak_voice": "en-us", "number_speaker": "en-GB"}
MENU_LINE = "Welcome to the Immigration Department smart identity card booking line. For American English, press 4."


@pytest.fixture
def four_languages(app, tmp_path):
    """The app on a table with en-US added: its row, its prompt file and its office texts."""
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    table["languages"].append(AMERICAN)
    (tmp_path / "languages.json").write_text(json.dumps(table), encoding="utf-8")
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    for path in (ROOT / "prompts").glob("*.json"):
        (prompts / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    american = json.loads((ROOT / "prompts" / "en-GB.json").read_text(encoding="utf-8"))
    american["main.language"] = MENU_LINE
    (prompts / "en-US.json").write_text(json.dumps(american), encoding="utf-8")
    offices = json.loads(OFFICES.read_text(encoding="utf-8"))
    for office in offices["offices"]:
        for value in office.values():
            if isinstance(value, dict) and "en-GB" in value:
                value["en-US"] = value["en-GB"]
    (tmp_path / "offices.json").write_text(json.dumps(offices), encoding="utf-8")
    return create_app({**app.config, "LANGUAGES_FILE": str(tmp_path / "languages.json"),
                       "PROMPTS_DIR": str(prompts), "OFFICES_FILE": str(tmp_path / "offices.json")})


def test_a_booking_in_a_fourth_language(four_languages):
    call = Call(FlaskTransport(four_languages.test_client()))
    transcript = call.run(booking_keys("4", [hkid(123457)]))
    said = [event for event in transcript.events if isinstance(event, Heard)]
    assert [event.language for event in said[:4]] == ["yue-HK", "cmn-CN", "en-GB", "en-US"]  # <Say language>
    assert said[3].text == MENU_LINE
    assert {(event.language, event.voice) for event in said[4:]} == {("en-US", "Polly.Joanna")}
    assert said[-2].text.startswith("Booked: ") and "Reference one, zero," in said[-2].text
    assert said[-1].text == "Thank you for calling. Goodbye."
    booking = ledger_of(four_languages).get("10000001")
    assert (booking.office, booking.language, booking.applicants) == ("HKO", "en-US", 1)


def test_supervisors_see_the_fourth_language_by_its_name_in_menu_order(four_languages):
    Call(FlaskTransport(four_languages.test_client())).run(booking_keys("4", [hkid(123458)]))
    Call(FlaskTransport(four_languages.test_client())).run(booking_keys("3", [hkid(123459)]))
    runner = four_languages.test_cli_runner()  # the call log is stamped with the real time: today's report
    lines = runner.invoke(args=["calls", "report"]).output.splitlines()
    assert re.split(r"\s{2,}", lines[1].strip()) == ["Total", "English", "American English"]
    report = json.loads(runner.invoke(args=["calls", "report", "--json"]).output)
    assert list(report["by_language"]) == ["en-GB", "en-US"]
    listed = json.loads(runner.invoke(args=["calls", "list", "--json"]).output)  # newest first
    assert [call["language_label"] for call in listed] == ["English", "American English"]
    assert "American English" in runner.invoke(args=["calls", "list"]).output
    shown = runner.invoke(args=["calls", "show", listed[1]["sid"]]).output
    assert "language American English, outcome" in shown and "said [American English] " in shown
    replayed = runner.invoke(args=["calls", "replay", listed[1]["sid"], "--speed", "0"]).output
    assert "LINE  [American English] " in replayed
    add_supervisor(runner)
    client = four_languages.test_client()
    log_in(client)
    page = client.get("/supervisor/report").get_data(as_text=True)
    assert '<th class="number" title="en-GB">English</th><th class="number" title="en-US">American English</th>' in page
    assert '<td data-label="Language">American English</td>' in client.get("/supervisor/calls").get_data(as_text=True)

"""Each benchmark, run tiny and bounded, on its own private Redis: proof that it works.

The numbers of such short runs mean nothing; what is checked is that the benchmarks run end
to end, report, and that what must hold whatever the speed does hold (no failed webhook,
exactly as many bookings as places).
"""
import re

from app import create_app
from bench import callers, capacity, contention, load, slot_search
from phone import Call, FlaskTransport


def test_load_reports_both_servers_and_every_target(capsys):
    status = load.main(["--callers", "2", "--seconds", "2", "--warmup", "1", "--think-ms", "50",
                        "--processes", "1"])
    report = capsys.readouterr().out
    assert status == 0, report
    rows = re.findall(r"^\| (line|ceiling) \| (no pauses|paced) \| (\d+) \|", report, re.MULTILINE)
    assert [(server, phase) for server, phase, _ in rows] == [
        ("line", "no pauses"), ("line", "paced"), ("ceiling", "no pauses"), ("ceiling", "paced")]
    assert all(int(webhooks) > 0 for _, _, webhooks in rows)
    assert "| booking | " in report and "| information | " in report
    for target in ("throughput ratio >= 0.6", "p99 <= 50 ms (paced)", "<= 3 Redis round trips per webhook"):
        assert f"| {target} | " in report


def test_the_benchmark_calls_go_as_planned_on_a_line_that_remembers_languages(app):
    # A script that took a wrong turn but as many keys must not count as planned: an enquiry
    # that keyed its language again on the phone that booked went to "change" (main menu 3).
    line = create_app({**app.config, "LANGUAGE_MEMORY_DAYS": 180})
    transport, documents = FlaskTransport(line.test_client()), callers.Documents(7)
    booked = documents.draw()
    scripts = [callers.booking(booked), callers.enquiry(booked), callers.information(documents.new_phone()),
               callers.information(documents.new_phone())]
    went = [script.went_as_planned(Call(transport, from_number=script.caller).run(script.keys)) for script in scripts]
    assert went == [True] * len(scripts)
    wrong_turn = callers.enquiry(booked)._replace(keys=[callers.ENGLISH, *callers.enquiry(booked).keys[:-1]])
    transcript = Call(transport, from_number=wrong_turn.caller).run(wrong_turn.keys)
    assert len(transcript.turns) == len(wrong_turn.keys) and not wrong_turn.went_as_planned(transcript)


def test_slot_search_scans_the_whole_window_when_only_the_last_day_is_free(capsys):
    slot_search.main(["--searches", "3"])
    report = capsys.readouterr().out
    booked_out = report.split("booked out to the last day")[1]
    found = re.findall(r"^\| [A-Z]+ \| [14] \| (\w+) \|", booked_out, re.MULTILINE)
    assert found and set(found) == {"96"}


def test_contention_books_exactly_the_places_left(capsys):
    status = contention.main(["--callers", "12", "--places", "3", "--processes", "2", "--bookings", "20"])
    report = capsys.readouterr().out
    assert status == 0, report
    assert "| bookings for the slot in the ledger | 3 | 3 |" in report
    assert "| callers told the slot was taken | 9 | 9 |" in report


def test_capacity_ramps_until_the_last_level_and_reports_each(capsys):
    status = capacity.main(["--levels", "2,4", "--think", "0.2", "--seconds", "1", "--processes", "1",
                             "--p99-limit", "10000"])  # a loaded CI machine must not stop the ramp
    report = capsys.readouterr().out
    assert status == 0, report
    levels = re.findall(r"^\| (\d+) \| (\d+) \|", report, re.MULTILINE)
    assert [callers for callers, _ in levels] == ["2", "4"] and all(int(n) > 0 for _, n in levels)
    assert "Simultaneous callers held with p99 within 10000 ms and no errors: **4**" in report

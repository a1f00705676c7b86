"""``flask calls ...``: list, show, replay and count the logged calls from a terminal."""
import getpass
import json
from time import sleep

import click
from flask import current_app
from flask.cli import AppGroup

from languages import languages_of
from store.connection import redis_of
from supervision import accounts_cli, audit, labels, text
from supervision.audio import AudioUnavailable, render
from supervision.calls import MAX_PAGE, OUTCOMES, CallQuery, call_summary, call_turns, find_calls
from supervision.clock import day_bounds, parse_day, parse_since
from supervision.stats import calls_per_hour, day_report, funnel
from supervision.timeline import replay

calls_cli = AppGroup("calls", help="The call log: list, show and replay calls; where callers leave.")
OUTCOMES_HELP = ", ".join(OUTCOMES)


def init_app(app) -> None:
    """Register ``flask calls`` and ``flask supervisors``."""
    app.cli.add_command(calls_cli)
    app.cli.add_command(accounts_cli.supervisors_cli)


def _parsed(parse):
    """A click callback turning a value with ``parse`` (a ValueError is a usage error)."""
    def callback(context, parameter, value):
        try:
            return parse(value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None
    return callback


def _client():
    return redis_of(current_app)


def _machine():
    return current_app.extensions["line"].engine.machine


def _echo_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


@calls_cli.command("list")
@click.option("--since", callback=_parsed(parse_since), help="A date (YYYY-MM-DD, Hong Kong) or an ISO time.")
@click.option("--date", "day", callback=_parsed(lambda value: value and parse_day(value)),
              help="Only the calls that started on this day (YYYY-MM-DD, Hong Kong).")
@click.option("--outcome", help=f"Only calls that ended so: {OUTCOMES_HELP}.")
@click.option("--step", help="Only calls whose last step was this one (its id, as in --json: booking.office).")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True, help="Calls per page.")
@click.option("--page", type=click.IntRange(1, MAX_PAGE), default=1, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON array of call summaries (times in ISO 8601).")
def list_command(since, day, outcome, step, limit, page, as_json) -> None:
    """The newest calls first, a page at a time."""
    until = None
    if day:
        start, until = day_bounds(day)
        since = max(since or start, start)
    found = find_calls(_client(), CallQuery(since, until, outcome, step), (page - 1) * limit, limit)
    if as_json:
        _echo_json([call.as_json(languages_of(current_app)) for call in found.calls])
        return
    click.echo("\n".join(text.calls_table(found, languages_of(current_app))))


def _opened(sid: str, action: str):
    """The call's summary and turns, the opening written to the audit trail; unknown: an error."""
    client = _client()
    summary, turns = call_summary(client, sid), call_turns(client, sid)
    if summary is None:
        raise click.ClickException(f"no call {sid} in the log (unknown, or past the retention period)")
    audit.record(client, getpass.getuser(), action, current_app.config["SUPERVISOR_AUDIT_RETENTION_DAYS"],
                 call=sid, via="cli")
    return summary, turns


@calls_cli.command("show")
@click.argument("sid")
def show_command(sid) -> None:
    """One call's timeline: each turn with its keys, events and what the line said."""
    summary, turns = _opened(sid, audit.OPENED_CALL)
    languages = languages_of(current_app)
    click.echo(text.call_header(summary, languages))
    for record in turns:
        click.echo("\n".join(text.turn_lines(record, languages)))


@calls_cli.command("replay")
@click.argument("sid")
@click.option("--speed", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="1 is real time, 10 ten times faster, 0 without waiting.")
@click.option("--audio", type=click.Path(dir_okay=False, writable=True),
              help="Also write the caller's side to this WAV file (needs espeak-ng).")
def replay_command(sid, speed, audio) -> None:
    """Step through a call as the caller lived it: prompts, silences, keys."""
    summary, turns = _opened(sid, audit.REPLAYED_CALL)
    languages = languages_of(current_app)
    moments = replay(turns, summary, current_app.config["GATHER_TIMEOUT_SECONDS"], languages)
    if audio:
        # Rendered first: a missing espeak-ng is told at once, not after a real-time replay.
        try:
            seconds = render(moments, audio, languages=languages)
        except AudioUnavailable as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"audio of the caller's side: {audio} ({seconds:.0f} s)")
    click.echo(text.call_header(summary, languages))
    width = text.step_width(moments)
    click.echo(text.replay_header(width))
    for moment in moments:
        click.echo(text.moment_line(moment, width, languages))
        if speed:
            sleep(moment.seconds / speed)


def _day_report(name: str):
    """A ``calls NAME`` command about one day (``--date``), printed as text or ``--json``."""
    def register(command):
        command = click.option("--json", "as_json", is_flag=True)(command)
        command = click.option("--date", "day", callback=_parsed(parse_day),
                               help="YYYY-MM-DD (Hong Kong); today by default.")(command)
        return calls_cli.command(name)(command)
    return register


def _echo_report(as_json: bool, data: dict, header: str, lines: list[str]) -> None:
    if as_json:
        _echo_json(data)
    else:
        click.echo("\n".join([header, *lines]))


@_day_report("funnel")
def funnel_command(day, as_json) -> None:
    """Per flow, its steps in flow order: the day's calls that reached each, and those that ended there."""
    funnels, successes = funnel(_client(), day, _machine()), labels.successes(_machine())
    calls = sum(flow.calls for flow in funnels if flow.flow == "main")
    data = {"date": day.isoformat(), "calls": calls, "successes": sorted(successes),
            "flows": [flow.as_json(successes) for flow in funnels]}
    footer = [] if not funnels else [
        "", f"The calls that ended at a step: calls list --date {day.isoformat()} --step STEP (the last column)"]
    _echo_report(as_json, data, f"Calls of {day.isoformat()}: {calls}", text.funnel_lines(funnels, successes) + footer)


@_day_report("report")
def report_command(day, as_json) -> None:
    """A day's calls, bookings, changes, cancellations, give-ups and apologies, per language and per hour."""
    report, languages = day_report(_client(), day), languages_of(current_app)
    _echo_report(as_json, report.as_json(languages), f"Report of {day.isoformat()} (Hong Kong time)",
                 text.report_lines(report, languages))


@_day_report("hours")
def hours_command(day, as_json) -> None:
    """How many calls started in each hour of a day."""
    counts = calls_per_hour(_client(), day)
    _echo_report(as_json, {"date": day.isoformat(), "calls_per_hour": counts},
                 f"Calls of {day.isoformat()} per hour (Hong Kong): {sum(counts)}", text.hour_lines(counts))

"""Office staff commands (SPEC §5): ``flask --app app bookings|calendar|offices ...``."""
import datetime as dt
import json

import click
from flask import current_app
from flask.cli import AppGroup

from booking import calendar
from booking.errors import ClosureRefused, ClosureUnfinished, ReopeningUnfinished, UnknownOffice
from booking.model import APPLICATION_TYPE_LABELS, APPLICATION_TYPES
from booking.extensions import catalogue_of, ledger_of
from booking.staff_cli import BOOKING_COMMANDS, documents_cli
from languages import STAFF_LANGUAGE
from text_table import table

DATE = click.DateTime(["%Y-%m-%d"])
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

bookings_cli = AppGroup("bookings", help="Appointment rosters and staff actions on one booking.")
calendar_cli = AppGroup("calendar", help="Working days and the booking window.")
offices_cli = AppGroup("offices", help="The office catalogue and closures.")


def init_app(app) -> None:
    """Register the staff command groups on ``app.cli``."""
    for command in BOOKING_COMMANDS:
        bookings_cli.add_command(command)
    for group in (bookings_cli, calendar_cli, offices_cli, documents_cli):
        app.cli.add_command(group)


def _day_or_today(value: dt.datetime | None) -> dt.date:
    return value.date() if value else ledger_of(current_app).today()


def _office_code(code: str) -> str:
    try:
        return catalogue_of(current_app).office(code.upper()).code
    except UnknownOffice as error:
        raise click.BadParameter(str(error), param_hint="CODE/--office") from None


def _as_json(booking) -> dict:
    return {
        "reference": booking.reference, "office": booking.office,
        "date": booking.day.isoformat(), "time": booking.time,
        "applicants": booking.applicants, "status": booking.status,
        "app_type": booking.app_type, "documents": list(booking.documents),
        "reminder": booking.reminder, "language": booking.language,
        "office_closed": booking.office_closed,
    }


BOOKING_HEADERS = ["Reference", "Office", "Date", "Time", "Applicants", "Status", "Application", "Documents", "Note"]


def _as_row(booking) -> list:
    # An active booking on a day staff closed its office must be moved: the clerk sees it at once.
    mark = "OFFICE CLOSED: to be moved" if booking.office_closed and booking.active else ""
    return [booking.reference, booking.office, booking.day.isoformat(), booking.time, booking.applicants,
            booking.status, APPLICATION_TYPE_LABELS.get(booking.app_type, booking.app_type),
            ", ".join(booking.documents), mark]


def _echo_bookings(bookings, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([_as_json(b) for b in bookings], ensure_ascii=False, indent=2))
    elif bookings:
        click.echo("\n".join(table(BOOKING_HEADERS, [_as_row(b) for b in bookings], align="    >")))


@bookings_cli.command("list")
@click.option("--date", "day", required=True, type=DATE, help="YYYY-MM-DD")
@click.option("--office", default=None, help="Office code; default: every office.")
@click.option("--json", "as_json", is_flag=True, help="JSON array of bookings.")
def list_bookings(day, office, as_json) -> None:
    """The appointment roster of a day (cancelled ones included, with their status)."""
    offices = catalogue_of(current_app).offices
    codes = [_office_code(office)] if office else [o.code for o in offices]
    ledger = ledger_of(current_app)
    bookings = [booking for code in codes for booking in ledger.roster(code, day.date())]
    _echo_bookings(bookings, as_json)
    if not as_json and not bookings:
        click.echo(f"No bookings on {day.date().isoformat()}.")


@calendar_cli.command("window")
@click.option("--on", "on", default=None, type=DATE, help="Day of the call; default today.")
def window(on) -> None:
    """First and last bookable day for a call on a date (96 working days)."""
    today = _day_or_today(on)
    first, last = calendar.booking_window(today)
    click.echo(f"call on {today:%Y-%m-%d (%a)}: first bookable {first:%Y-%m-%d (%a)}, "
               f"last bookable {last:%Y-%m-%d (%a)}")


@offices_cli.command("list")
@click.option("--on", "on", default=None, type=DATE, help="Date; default today.")
def list_offices(on) -> None:
    """Every office, whether it is open and bookable by phone on a date, and its hours.

    \b
    Types: the application types the line books there, by their key on the line:
    1 first registration, 2 replacement at 11 or 18, 3 lost or damaged card,
    4 amendment, 5 immigration status change, 6 old card replacement.
    """
    day = _day_or_today(on)
    ledger = ledger_of(current_app)
    rows = []
    for office in catalogue_of(current_app).offices:
        staff_closed = ledger.is_closed(office.code, day)
        state = "open" if office.is_open(day) and not staff_closed else "closed"
        # Application types by their keypad number (SPEC §4.3.3) that the phone line books that day.
        by_phone = [str(key) for key, app_type in enumerate(APPLICATION_TYPES, 1)
                    if not staff_closed and office.phone_bookable_on(day, app_type)]
        notes = ["(closed by staff this day)" if staff_closed else "",
                 "" if office.listed else "(unlisted: address and hours not yet sourced)"]
        rows.append([office.code, office.name[STAFF_LANGUAGE], state, "phone" if by_phone else "no phone",
                     ",".join(by_phone) or "-", f"{office.quota}/{office.slot_minutes} min", _hours(office, day),
                     " ".join(note for note in notes if note)])
    headers = ["Code", "Office", f"On {day.isoformat()}", "Booking", "Types", "Quota", "General hours", "Note"]
    click.echo("\n".join(table(headers, rows)))


def _hours(office, day: dt.date) -> str:
    spans = office.general_hours_on(day)
    return "; ".join(f"{_weekdays(s.weekdays)} {s.opens}-{s.closes}" for s in spans) or "-"


def _weekdays(weekdays: tuple[int, ...]) -> str:
    first, last = WEEKDAY_NAMES[weekdays[0]], WEEKDAY_NAMES[weekdays[-1]]
    return first if len(weekdays) == 1 else f"{first}-{last}"


def _offices_to_close(code: str | None, everyone: bool, day: dt.date) -> list[str]:
    """The office named, or with ``--all`` every office serving the public that day."""
    if everyone == bool(code):
        raise click.UsageError("name one office CODE, or use --all (typhoon or rainstorm day)")
    if code:
        return [_office_code(code)]
    return [office.code for office in catalogue_of(current_app).offices if office.is_open(day)]


@offices_cli.command("close")
@click.argument("code", required=False)
@click.option("--date", "day", required=True, type=DATE, help="YYYY-MM-DD (a working day, not past)")
@click.option("--all", "everyone", is_flag=True, help="Every office open that day (typhoon, rainstorm).")
@click.option("--json", "as_json", is_flag=True, help="JSON array of the affected bookings.")
def close_office(code, day, everyone, as_json) -> None:
    """Close an office (or --all) for a day; list the active bookings affected, who are told
    on the line and, where they gave a mobile number, once by SMS."""
    ledger, day = ledger_of(current_app), day.date()
    offices = _offices_to_close(code, everyone, day)
    # Every office is closed, and its bookings marked, before a word is printed: output cut
    # short (a closed pipe) cannot leave the day half closed.
    try:
        closed = ledger.close_offices(offices, day)
    except ClosureRefused as refused:
        raise click.ClickException(f"{refused}; no office closed") from None
    except ClosureUnfinished as unfinished:
        raise click.ClickException(
            f"{', '.join(offices)} closed on {day.isoformat()}, but the bookings of {', '.join(unfinished.pending)} "
            "are not yet marked or told: run the same command again (it is safe to repeat)") from None
    if not as_json:
        for office, hit in closed:
            click.echo(f"{office} closed on {day.isoformat()}: {len(hit)} booking(s) affected.")
        if everyone:
            click.echo(f"{len(closed)} offices, every one open that day, closed together for {day.isoformat()}.")
    _echo_bookings([booking for _, hit in closed for booking in hit], as_json)


@offices_cli.command("reopen")
@click.argument("code")
@click.option("--date", "day", required=True, type=DATE, help="YYYY-MM-DD")
def reopen_office(code, day) -> None:
    """Lift a staff closure of an office for a day: SMS reminders the closure took come back
    (when still ahead), unsent SMS notices are withdrawn."""
    office, day = _office_code(code), day.date()
    try:
        reopening = ledger_of(current_app).reopen_office(office, day)
    except ReopeningUnfinished:
        raise click.ClickException(
            f"{office} reopened on {day.isoformat()}, but some of its bookings may still be marked closed: "
            "run the same command again (it is safe to repeat)") from None
    if reopening is None:
        raise click.ClickException(f"{office} was not closed by staff on {day.isoformat()}")
    if reopening.finished_interrupted:
        click.echo(f"{office} was already open again on {day.isoformat()}: finishing a reopening cut short.")
    click.echo(f"{office} reopened on {day.isoformat()}: {reopening.bookings} booking(s) no longer marked closed, "
               f"{reopening.reminders} SMS reminder(s) given back, {reopening.notices_withdrawn} unsent closure "
               f"notice(s) withdrawn.")
    if reopening.maybe_told:
        # A notice already sent cannot be taken back, and the line sends no second SMS.
        click.echo(f"{reopening.maybe_told} caller(s) may already have had the closure SMS and are not told of the "
                   f"reopening: `bookings list --date {day.isoformat()}` lists the bookings to call.")

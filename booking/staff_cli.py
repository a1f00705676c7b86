"""Staff actions on one booking or document (SPEC §5), each written to the staff audit trail.

``bookings show REF`` (documents masked), ``bookings cancel REF --reason``, ``bookings audit``
and ``documents unlock`` (once the person has been identified at a counter: the number is
typed at a hidden prompt, never on the command line, where the shell history would keep it).
"""
import datetime as dt
import getpass

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from booking import audit
from booking.access import MAX_FAILURES, DocumentLock
from booking.calendar import HK_TZ
from booking.errors import InvalidDocument, NotActive, NotFound
from booking.identity import DOC_TYPES, mask, normalize
from booking.model import APPLICATION_TYPE_LABELS, Booking
from booking.extensions import ledger_of
from languages import LINE
from store.connection import redis_of
from text_table import table

documents_cli = AppGroup("documents", help="Identity documents: code locks.")


def _record(action: str, subject: str, reason: str = "") -> None:
    days = current_app.config["SUPERVISOR_AUDIT_RETENTION_DAYS"]
    audit.record(redis_of(current_app), getpass.getuser(), action, subject, days, reason)


def _booking(reference: str) -> Booking:
    try:
        return ledger_of(current_app).get(reference)
    except NotFound:
        raise click.ClickException(f"no booking {reference}") from None


def _lock_line(applicant: int, lock: DocumentLock) -> str:
    state = f"locked until {_when(lock.locked_until)}" if lock.locked_until else "not locked"
    return f"applicant {applicant} {lock.masked}: {lock.failures} wrong code(s) in a row ({state})"


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(HK_TZ).isoformat(timespec="seconds")


def _describe(booking: Booking) -> list[str]:
    access = ledger_of(current_app).access
    wrong = access.wrong_codes(booking.reference)
    # A document's own lock outlives the booking's window being empty: show any that remains.
    documents = [_lock_line(n, lock) for n, lock in enumerate(access.document_locks(booking.reference), 1)
                 if lock.failures]
    return [
        f"reference   {booking.reference}",
        f"status      {booking.status}",
        f"office      {booking.office}",
        f"when        {booking.day.isoformat()} {booking.time}",
        f"type        {APPLICATION_TYPE_LABELS.get(booking.app_type, booking.app_type)}",
        f"applicants  {booking.applicants}: {', '.join(booking.documents)}",
        f"reminder    {'SMS' if booking.reminder else 'none'}",
        f"language    {LINE[booking.language].name if booking.language in LINE else booking.language}",
        f"booked at   {_when(booking.created_at)}",
        f"wrong codes {wrong} in the last 24 hours{' (locked)' if wrong >= MAX_FAILURES else ''}",
        *documents,
    ]


@click.command("show")
@with_appcontext
@click.argument("reference")
def show_booking(reference: str) -> None:
    """One booking, its documents masked (the look is written to the audit trail)."""
    booking = _booking(reference)
    _record(audit.SHOWN, reference)
    click.echo("\n".join(_describe(booking)))


@click.command("cancel")
@with_appcontext
@click.argument("reference")
@click.option("--reason", required=True, help="Why (kept in the audit trail), e.g. booked with another's document.")
def cancel_booking(reference: str, reason: str) -> None:
    """Cancel a booking on any day, freeing its places and documents (audited with the reason)."""
    _booking(reference)
    try:
        booking = ledger_of(current_app).cancel(reference, by_staff=True)
    except NotActive:
        raise click.ClickException(f"booking {reference} is not active; nothing cancelled") from None
    _record(audit.CANCELLED, reference, reason)
    click.echo(f"booking {reference} cancelled: {booking.applicants} place(s) at {booking.office} "
               f"on {booking.day.isoformat()} {booking.time} given back, its documents free to book again")


@click.command("audit")
@with_appcontext
@click.option("--limit", default=50, show_default=True, help="How many entries, newest first.")
def staff_audit(limit: int) -> None:
    """What staff did to bookings and locks, newest first."""
    entries = audit.recent(redis_of(current_app), limit)
    if not entries:
        click.echo("No staff actions recorded yet.")
        return
    rows = [[_when(dt.datetime.fromtimestamp(entry.at, HK_TZ)), entry.staff, entry.action, entry.subject,
             entry.reason or "-"] for entry in entries]
    click.echo("\n".join(table(["When (HK)", "Staff", "Action", "Booking or document", "Reason"], rows)))


@documents_cli.command("unlock")
@click.option("--type", "doc_type", required=True, type=click.Choice(DOC_TYPES), help="The document's type.")
@click.option("--reason", required=True, help="How the person was identified, e.g. HKID card seen at the KO counter.")
@click.option("--number", prompt="Document number", hide_input=True, help="Asked at a hidden prompt when left out.")
def unlock_document(doc_type: str, reason: str, number: str) -> None:
    """Lift the enquiry-code locks of a document, of its booking and of the booking's other documents."""
    try:
        number = normalize(doc_type, number)
    except InvalidDocument as invalid:
        raise click.ClickException(f"not a valid document number ({invalid.reason})") from None
    lifted = ledger_of(current_app).access.unlock(doc_type, number)
    masked = mask(number, doc_type)
    _record(audit.UNLOCKED, masked, reason)
    reference = lifted.reference
    click.echo(f"document {masked} unlocked" + (f", and its booking {reference}:" if reference else ":"))
    if reference:
        locked = " (it was locked)" if lifted.booking_wrong_codes >= MAX_FAILURES else ""
        click.echo(f"  booking {reference}: {lifted.booking_wrong_codes} wrong code(s) of the last 24 hours "
                   f"cleared{locked}")
    for applicant, lock in enumerate(lifted.documents, 1):
        # Masks may coincide (two numbers of one letter): the applicant's place tells them apart.
        was = f"cleared (it was locked until {_when(lock.locked_until)})" if lock.locked_until else "cleared"
        label = f"applicant {applicant} " if reference else ""
        click.echo(f"  {label}{lock.masked}: {lock.failures} wrong code(s) in a row {was}")


BOOKING_COMMANDS = (show_booking, cancel_booking, staff_audit)

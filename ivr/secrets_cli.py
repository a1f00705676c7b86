"""``flask secrets rotate``: move to a new SECRET_KEY without orphaning what the old one protected."""
import click
from flask import current_app
from flask.cli import AppGroup

from booking.extensions import keyring_for, ledger_of
from booking.rotation import old_key_holds, reseal_booking_phones
from ivr import callstore
from store.connection import redis_of

secrets_cli = AppGroup("secrets", help="The app's SECRET_KEY and the keys derived from it.")


def init_app(app) -> None:
    """Register ``flask secrets``."""
    app.cli.add_command(secrets_cli)


@secrets_cli.command("rotate")
def rotate_command() -> None:
    """Re-seal everything under SECRET_KEY and say how long SECRET_KEY_PREVIOUS is still needed.

    First set SECRET_KEY to a new key and SECRET_KEY_PREVIOUS to the old one, in every process
    of the line (web, dashboard, worker), and restart them; then run this once.
    """
    keyring, client = keyring_for(current_app), redis_of(current_app)
    if len(keyring.ids) < 2:
        raise click.ClickException("nothing to rotate from: set SECRET_KEY to the new key and "
                                   "SECRET_KEY_PREVIOUS to the old one, then run this again")
    phones, calls = reseal_booking_phones(client, keyring), callstore.reseal_all(client, keyring)
    click.echo(f"re-sealed under key {keyring.current_id}: {phones.resealed} booking phone number(s), "
               f"{calls.resealed} live call state(s)")
    if phones.unreadable or calls.unreadable:
        click.echo(f"{phones.unreadable + calls.unreadable} sealed value(s) open under no configured key: "
                   "they were sealed under a key no longer in SECRET_KEY_PREVIOUS")
    held, last_day = old_key_holds(client, keyring, ledger_of(current_app).today())
    if held:
        click.echo(f"{held} document(s) are held by bookings made under an old key, the last on "
                   f"{last_day.isoformat()}: keep SECRET_KEY_PREVIOUS until that day has passed")
    else:
        click.echo("no active booking depends on an old key: SECRET_KEY_PREVIOUS may be removed")

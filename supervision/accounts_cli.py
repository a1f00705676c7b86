"""``flask supervisors ...``: the accounts of the supervisor page."""
import getpass
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from store.connection import redis_of
from supervision import accounts, audit, throttle
from supervision.clock import shown
from text_table import table

supervisors_cli = AppGroup("supervisors", help="Accounts of the supervisor page.")


def _run(action, *arguments) -> None:
    """Run an account action on the app's Redis; its refusal is the command's error message."""
    try:
        action(redis_of(current_app), *arguments)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None


@supervisors_cli.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.option("--replace", is_flag=True, help="Set a new password for an existing account, ending its open logins.")
def add_command(name, password_stdin, replace) -> None:
    """Create a supervisor account (the password is asked for, and stored only as an argon2id hash)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    _run(accounts.add_supervisor, name, password, replace)
    click.echo(f"supervisor {name}: password set")


@supervisors_cli.command("list")
def list_command() -> None:
    """Every account with its wrong passwords (in all, in a row) and last login."""
    listed = accounts.list_accounts(redis_of(current_app))
    if not listed:
        click.echo("No supervisor accounts yet: add one with `flask --app app supervisors add NAME`.")
        return
    rows = [[account.name, account.failed_total, account.failed_streak, shown(account.last_login) or "never"]
            for account in listed]
    click.echo("\n".join(table(["Name", "Wrong passwords", "In a row", "Last login (HK)"], rows, align=" >>")))


@supervisors_cli.command("unlock")
@click.argument("name")
def unlock_command(name) -> None:
    """Forget the recent login attempts on a name, from every address, so its throttle lifts now."""
    client = redis_of(current_app)
    addresses = throttle.lift(client, name)
    audit.record(client, name, audit.THROTTLE_LIFTED, current_app.config["SUPERVISOR_AUDIT_RETENTION_DAYS"],
                 via=f"cli:{getpass.getuser()}")
    click.echo(f"supervisor {name}: login throttle lifted ({addresses} address(es) were counted)")


@supervisors_cli.command("remove")
@click.argument("name")
def remove_command(name) -> None:
    """Delete an account; its open logins end at once (and stay ended if the name is created again)."""
    _run(accounts.remove, name)
    click.echo(f"supervisor {name}: removed")

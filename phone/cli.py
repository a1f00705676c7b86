"""``flask --app app call``: call the line from a terminal, scripted or typing keys."""
import click
from flask import current_app
from flask.cli import with_appcontext

from languages import languages_of
from phone.call import Call, parse_entry
from phone.transports import FlaskTransport, HttpTransport, PhoneError

INTERACTIVE_HELP = "Type the keys and Enter at each prompt; Enter alone is silence, q hangs up."


def init_app(app) -> None:
    """Register the ``call`` command on the app's CLI."""
    app.cli.add_command(call_command)


@click.command("call")
@click.option("--keys", help='One entry per prompt, e.g. "3,5,1,#"; "" or "wait" is silence.')
@click.option("--from", "from_number", default="+85291234567", show_default=True,
              help="The caller's number.")
@click.option("--url", "base_url", help="Call a running server (e.g. http://127.0.0.1:5000) "
                                       "instead of the app in-process.")
@click.option("--token", help="Sign requests with this auth token [default: TWILIO_AUTH_TOKEN].")
@with_appcontext
def call_command(keys, from_number, base_url, token) -> None:
    """Call the line and hear what a caller would hear."""
    transport = HttpTransport(base_url) if base_url else FlaskTransport(current_app.test_client())
    call = Call(transport, from_number=from_number,
                auth_token=token or current_app.config.get("TWILIO_AUTH_TOKEN"),
                base_url=base_url or "http://localhost",
                account_sid=current_app.config.get("TWILIO_ACCOUNT_SID"), languages=languages_of(current_app))
    try:
        if keys is not None:
            click.echo(call.run(keys.split(",")).render())
            return
        click.echo(INTERACTIVE_HELP)
        click.echo(call.run_interactive(read_keys, click.echo).summary())
    except (PhoneError, ValueError) as error:
        # What the line did wrong is the whole message; a traceback would bury it.
        raise click.ClickException(str(error)) from error


def read_keys(prompt: str) -> str:
    """Read one line of keys from the terminal, asking again until it is DTMF; EOF hangs up."""
    while True:
        try:
            typed = click.prompt(prompt, default="", show_default=False, prompt_suffix=" ")
        except click.Abort:
            # Ctrl-D or Ctrl-C hangs up like a caller would, so the line still gets its callback.
            return "q"
        if typed.strip().lower() == "q":
            return typed
        try:
            parse_entry(typed)
            return typed
        except ValueError as error:
            click.echo(error)

"""``flask --app app flows diagram``: draw the call flows the line is running."""
import click
from flask import current_app
from flask.cli import with_appcontext

from ivr.flowdiagram import mermaid


@click.group("flows")
def flows_group() -> None:
    """The call flows."""


@flows_group.command("diagram")
@with_appcontext
def diagram_command() -> None:
    """Print the flows as a Mermaid flowchart (paste into docs or a Mermaid viewer)."""
    click.echo(mermaid(current_app.extensions["line"].engine.machine), nl=False)


def init_app(app) -> None:
    """Register the ``flows`` commands."""
    app.cli.add_command(flows_group)

"""The Flask application: ``create_app(config)`` and, on first use, a module-level ``app``."""
import logging
import os
import secrets

from flask import Flask

from ivr.config import from_environment

log = logging.getLogger(__name__)


def create_app(config: dict | None = None) -> Flask:
    """Build the app from the environment, overridden by ``config`` (tests pass a dict)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(from_environment())
    if config:
        app.config.update(config)
    _ensure_secret_key(app)

    import languages
    from store import connection
    from booking import extensions as booking_extensions
    from booking import cli as booking_cli
    from ivr import flows_cli, web
    from phone import cli as phone_cli
    from supervision import init_app as init_supervision
    from reminders import cli as reminders_cli

    languages.init_app(app)
    connection.init_app(app)
    booking_extensions.init_app(app)
    web.init_app(app)
    phone_cli.init_app(app)
    flows_cli.init_app(app)
    booking_cli.init_app(app)
    init_supervision(app)
    reminders_cli.init_app(app)
    return app


def _ensure_secret_key(app: Flask) -> None:
    """Use SECRET_KEY, or one generated once and kept in the instance folder.

    The key signs sessions and keys the hashes of document numbers and enquiry codes, so it
    must survive restarts: a new key would orphan every stored hash.
    """
    if app.config.get("SECRET_KEY"):
        return
    os.makedirs(app.instance_path, exist_ok=True)
    path = os.path.join(app.instance_path, "secret_key")
    if not os.path.exists(path):
        with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path) as handle:
        app.config["SECRET_KEY"] = handle.read().strip()


def __getattr__(name: str):
    """Create the module-level ``app`` (for gunicorn and the flask CLI) only when asked for."""
    if name == "app":
        globals()["app"] = create_app()
        return globals()["app"]
    raise AttributeError(name)

"""The Flask application: ``create_app(config)`` and, on first use, a module-level ``app``."""
import logging
import os
import secrets

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

from ivr.config import from_environment

log = logging.getLogger(__name__)
csrf = CSRFProtect()


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, their signing serializer made once per secret.

    Flask opens a session for every request, webhooks included, and by default builds the
    serializer (and its key list) each time; it depends only on the secret keys.
    """

    _made = (None, None)

    def get_signing_serializer(self, app):
        """The serializer for ``app``'s current secret keys, made on first use."""
        secrets = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        made_for, serializer = self._made
        if made_for != secrets:
            serializer = super().get_signing_serializer(app)
            self._made = (secrets, serializer)
        return serializer


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
    _protect_forms_and_sessions(app, web.bp)
    return app


def _protect_forms_and_sessions(app: Flask, webhooks) -> None:
    """CSRF tokens on every form but Twilio's webhooks; session cookies kept to this site."""
    csrf.init_app(app)
    # Twilio cannot send a CSRF token; its webhooks are signed instead (checked in ivr.web).
    csrf.exempt(webhooks)
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        # The supervisor's session cookie is not sent along with requests from other sites.
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.session_interface = CookieSessions()


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

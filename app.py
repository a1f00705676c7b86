"""The Flask application: ``create_app(config)`` and, on first use, the module-level servers.

``app`` answers Twilio's webhooks (``gunicorn -c gunicorn.conf.py app:app``); ``dashboard``
serves the supervisor page in a process of its own (``gunicorn -c gunicorn_dashboard.conf.py
app:dashboard``), so password hashing and page rendering never take a webhook's worker.
Both carry every ``flask --app app ...`` command.
"""
import logging

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

import languages
from booking import cli as booking_cli
from booking import extensions as booking_extensions
from ivr import flows_cli, secrets_cli, web
from ivr.config import from_environment, is_production
from phone import cli as phone_cli
from reminders import cli as reminders_cli
from store import connection, health
from store.secret_key import development_key, require_strong
from supervision import init_app as init_supervision

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


WEBHOOKS, DASHBOARD = "webhooks", "dashboard"
# The module-level names gunicorn serves, and what each serves.
SERVERS = {"app": (WEBHOOKS,), "dashboard": (DASHBOARD,)}


def create_app(config: dict | None = None, parts: tuple[str, ...] = (WEBHOOKS, DASHBOARD)) -> Flask:
    """Build the app from the environment, overridden by ``config`` (tests pass a dict), serving ``parts``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(from_environment())
    if config:
        app.config.update(config)
    _ensure_secret_key(app)
    _trust_proxies(app)
    languages.init_app(app)
    connection.init_app(app)
    app.register_blueprint(health.bp)
    booking_extensions.init_app(app)
    web.init_app(app, serve=WEBHOOKS in parts)
    phone_cli.init_app(app)
    flows_cli.init_app(app)
    secrets_cli.init_app(app)
    booking_cli.init_app(app)
    init_supervision(app, serve=DASHBOARD in parts)
    reminders_cli.init_app(app)
    _protect_forms_and_sessions(app, web.bp)
    return app


def _protect_forms_and_sessions(app: Flask, webhooks) -> None:
    """CSRF tokens on every form but Twilio's webhooks; session cookie flags (``SESSION_COOKIE_*``, Secure in production)."""
    csrf.init_app(app)
    # Twilio cannot send a CSRF token; its webhooks are signed instead (checked in ivr.web).
    csrf.exempt(webhooks)
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        # In production the supervisor's cookie travels over HTTPS only.
        app.config["SESSION_COOKIE_SECURE"] = is_production(app.config)
    if app.config.get("SESSION_COOKIE_SAMESITE") == "None" and not app.config["SESSION_COOKIE_SECURE"]:
        # Browsers drop such a cookie: no supervisor could log in.
        raise ValueError("SESSION_COOKIE_SAMESITE=None needs SESSION_COOKIE_SECURE on (browsers refuse the cookie "
                         "otherwise): use Lax or Strict, or serve the supervisor page over HTTPS")
    app.session_interface = CookieSessions()


def _ensure_secret_key(app: Flask) -> None:
    """In production, refuse a missing or weak SECRET_KEY; on a laptop, use (or make once) the instance folder's key."""
    if is_production(app.config):
        require_strong(app.config.get("SECRET_KEY"))
    elif not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = development_key(app.instance_path)


def _trust_proxies(app: Flask) -> None:
    """Believe the X-Forwarded-* headers of as many proxies as configured (the client's address is throttled)."""
    proxies = {name: app.config[f"PROXY_FIX_X_{name.upper()}"] for name in ("for", "proto", "host", "port")}
    if any(proxies.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **{f"x_{name}": count for name, count in proxies.items()})


def __getattr__(name: str):
    """Create the module-level ``app`` (webhooks) or ``dashboard`` only when asked for."""
    if name in SERVERS:
        globals()[name] = create_app(parts=SERVERS[name])
        return globals()[name]
    raise AttributeError(name)

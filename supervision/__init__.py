"""What supervisors get: call logs, their replay, the drop-off funnel and the dashboard."""
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

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


def init_app(app) -> None:
    """Register the ``calls`` and ``supervisors`` commands, the supervisor page and CSRF protection."""
    from ivr.web import bp as webhooks
    from supervision import cli, dashboard

    cli.init_app(app)
    csrf.init_app(app)
    # Twilio cannot send a CSRF token; its webhooks are signed instead (checked in ivr.web).
    csrf.exempt(webhooks)
    if app.config.get("SESSION_COOKIE_SAMESITE") is None:
        # The supervisor's session cookie is not sent along with requests from other sites.
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.session_interface = CookieSessions()
    app.register_blueprint(dashboard.bp)

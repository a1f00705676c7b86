"""What supervisors get: call logs, their replay, the drop-off funnel and the dashboard."""
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


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
    app.register_blueprint(dashboard.bp)

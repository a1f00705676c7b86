"""What supervisors get: call logs, their replay, the drop-off funnel and the dashboard."""
import os

from supervision import accounts, cli, dashboard


def init_app(app, serve: bool = True) -> None:
    """Register the ``calls`` and ``supervisors`` commands; with ``serve``, the supervisor page."""
    cli.init_app(app)
    if serve:
        app.register_blueprint(dashboard.bp)
        # The stand-in hash an unknown name is checked against, made now (before gunicorn forks
        # its workers): made at the first unknown name, that attempt would cost two hashes.
        accounts.unknown_account_hash()


def served_apart_notice(app) -> str | None:
    """What a server that does not serve the supervisor page says at start-up: how to start and open it."""
    if dashboard.bp.name in app.blueprints:
        return None
    host, port = os.environ.get("HOST", "127.0.0.1"), os.environ.get("DASHBOARD_PORT", "5001")
    return (f"The supervisor page is a server of its own, not served here: start it with scripts/dashboard "
            f"(the Procfile's dashboard) and open http://{host}:{port}/supervisor/")

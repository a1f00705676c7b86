"""What supervisors get: call logs, their replay, the drop-off funnel and the dashboard."""


def init_app(app) -> None:
    """Register the ``calls`` and ``supervisors`` commands and the supervisor page."""
    from supervision import cli, dashboard

    cli.init_app(app)
    app.register_blueprint(dashboard.bp)

"""What supervisors get: call logs, their replay, the drop-off funnel and the dashboard."""


def init_app(app, serve: bool = True) -> None:
    """Register the ``calls`` and ``supervisors`` commands; with ``serve``, the supervisor page."""
    from supervision import cli, dashboard

    cli.init_app(app)
    if serve:
        app.register_blueprint(dashboard.bp)

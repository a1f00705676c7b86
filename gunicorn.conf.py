"""gunicorn settings for the webhook server (override with GUNICORN_CMD_ARGS)."""
# First of all: gevent makes the standard library cooperative. The app (its Redis client, ssl)
# is loaded before the workers fork (preload_app), so it must see the patched modules.
from gevent import monkey

monkey.patch_all()

import os  # noqa: E402  (after the patching, on purpose)

from gunicorn.config import ControlSocket  # noqa: E402

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
# gunicorn's control socket (for gunicornc) is one path per user by default: a second server on
# the machine (the dashboard, a staging copy, a benchmark) would take it over, and the first to
# stop would delete the other's. One per port: gunicornc -s ~/.gunicorn/gunicorn-5000.ctl
control_socket = os.path.join(os.path.dirname(ControlSocket.default), f"gunicorn-{os.environ.get('PORT', '5000')}.ctl")
# gevent workers: a client that sends its request slowly (one byte every few seconds) holds
# only a greenlet, not the worker, so callers' webhooks keep being answered
# (docs/RELIABILITY.md, bench/slow_clients.py). A webhook is CPU work in Python, so one
# worker per core and one more (docs/PERFORMANCE.md); each serves up to worker_connections
# connections at once.
worker_class = "gevent"
workers = int(os.environ.get("WEB_CONCURRENCY", str((os.cpu_count() or 1) + 1)))
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "1000"))
# The app (and the embedded Redis, when no REDIS_URL is set) is created once, before forking,
# so every worker talks to the same Redis server.
preload_app = True
timeout = 30
accesslog = "-"


def when_ready(server):
    """Once the (preloaded) app is up: say so loudly if its webhooks run in development mode,
    and, if it does not serve the supervisor page, how to start and open that."""
    from flask import Flask

    from ivr.web import development_mode_warning
    from supervision import served_apart_notice

    app = server.app.wsgi()
    # A benchmark may serve the app wrapped in middleware of its own: nothing to say there.
    if not isinstance(app, Flask):
        return
    warning = development_mode_warning(app)
    if warning:
        server.log.warning(warning)
    notice = served_apart_notice(app)
    if notice:
        server.log.info(notice)

"""gunicorn settings for the supervisor page, a server of its own (the Procfile's ``dashboard``).

The same worker model and protections as the webhook server (``gunicorn.conf.py``), on its
own port and with its own workers: a supervisor's login (argon2, ~180 ms of CPU) or a long
report never takes a worker that answers callers.
"""
import os
import runpy

from gunicorn.config import ControlSocket

globals().update({name: value for name, value in runpy.run_path(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "gunicorn.conf.py")).items()
    if not name.startswith("__")})

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('DASHBOARD_PORT', '5001')}"
workers = int(os.environ.get("DASHBOARD_WORKERS", "2"))
# A control socket (gunicornc) of its own, per port as the webhook server's.
control_socket = os.path.join(os.path.dirname(ControlSocket.default),
                              f"gunicorn-dashboard-{os.environ.get('DASHBOARD_PORT', '5001')}.ctl")
